import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { defineCommand } from '../meetings/command';
import type { LadderService } from './service';

/** The commands of the consensus ladder. Positions need the `vote` permission. */
export function ladderCommands(ladders: LadderService) {
  return [
    defineCommand('ladder:open', 'facilitate', ({ room }, { text }) => ladders.open(room, text)),
    defineCommand('ladder:current', 'readDocs', ({ room }) => ladders.latest(room)),
    defineCommand(
      'ladder:position',
      'vote',
      ({ room, principal }, { ladderId, level, reason, positionId }) => {
        if (principal.kind !== 'participant') {
          throw new AppError(ERROR_CODES.FORBIDDEN, 'Only participants take a position');
        }
        return ladders.position(room, ladderId, principal.participantId, level, reason, positionId);
      },
    ),
    defineCommand('ladder:revise', 'facilitate', ({ room }, { ladderId, text }) =>
      ladders.revise(room, ladderId, text),
    ),
    defineCommand('ladder:decide', 'facilitate', ({ room }, { ladderId, decision }) =>
      ladders.decide(room, ladderId, decision),
    ),
  ];
}
