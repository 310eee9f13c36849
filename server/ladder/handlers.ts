import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { defineHandler } from '../realtime/define-handler';
import type { LadderService } from './service';

/** Socket events of the consensus ladder. Positions need the `vote` permission. */
export function ladderHandlers(ladders: LadderService) {
  return [
    defineHandler('ladder:open', 'facilitate', ({ room }, { text }) => ladders.open(room, text)),
    defineHandler('ladder:current', 'readDocs', ({ room }) => ladders.latest(room)),
    defineHandler(
      'ladder:position',
      'vote',
      ({ room, principal }, { ladderId, level, reason, positionId }) => {
        if (principal.kind !== 'participant') {
          throw new AppError(ERROR_CODES.FORBIDDEN, 'Only participants take a position');
        }
        return ladders.position(room, ladderId, principal.participantId, level, reason, positionId);
      },
    ),
    defineHandler('ladder:revise', 'facilitate', ({ room }, { ladderId, text }) =>
      ladders.revise(room, ladderId, text),
    ),
    defineHandler('ladder:decide', 'facilitate', ({ room }, { ladderId, decision }) =>
      ladders.decide(room, ladderId, decision),
    ),
  ];
}
