import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { defineHandler } from '../realtime/define-handler';
import type { SpeakersService } from './service';

/** Socket events of the speakers' queue: participants raise hands, the facilitator runs it. */
export function speakersHandlers(speakers: SpeakersService) {
  return [
    defineHandler('speakers:raise', 'speak', ({ principal, room }, { raised }) => {
      if (principal.kind !== 'participant') {
        throw new AppError(ERROR_CODES.FORBIDDEN, 'Only participants raise hands');
      }
      return speakers.raise(room, principal.participantId, raised);
    }),
    defineHandler('speakers:add', 'facilitate', ({ room }, { name }) => speakers.add(room, name)),
    defineHandler('speakers:move', 'facilitate', ({ room }, { entryId, toIndex }) =>
      speakers.move(room, entryId, toIndex),
    ),
    defineHandler('speakers:remove', 'facilitate', ({ room }, { entryId }) =>
      speakers.remove(room, entryId),
    ),
    defineHandler('speakers:give', 'facilitate', ({ room }, { entryId }) =>
      speakers.give(room, entryId),
    ),
    defineHandler('speakers:take', 'facilitate', ({ room }) => speakers.take(room)),
    defineHandler('speakers:time', 'facilitate', ({ room }, { speakingSec }) =>
      speakers.speakingTime(room, speakingSec),
    ),
  ];
}
