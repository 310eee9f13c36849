import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { defineCommand } from '../meetings/command';
import type { SpeakersService } from './service';

/** The commands of the speakers' queue: participants raise hands, the facilitator runs it. */
export function speakersCommands(speakers: SpeakersService) {
  return [
    defineCommand('speakers:raise', 'speak', ({ principal, room }, { raised }) => {
      if (principal.kind !== 'participant') {
        throw new AppError(ERROR_CODES.FORBIDDEN, 'Only participants raise hands');
      }
      return speakers.raise(room, principal.participantId, raised);
    }),
    defineCommand('speakers:add', 'facilitate', ({ room }, { name }) => speakers.add(room, name)),
    defineCommand('speakers:move', 'facilitate', ({ room }, { entryId, toIndex }) =>
      speakers.move(room, entryId, toIndex),
    ),
    defineCommand('speakers:remove', 'facilitate', ({ room }, { entryId }) =>
      speakers.remove(room, entryId),
    ),
    defineCommand('speakers:give', 'facilitate', ({ room }, { entryId }) =>
      speakers.give(room, entryId),
    ),
    defineCommand('speakers:take', 'facilitate', ({ room }) => speakers.take(room)),
    defineCommand('speakers:time', 'facilitate', ({ room }, { speakingSec }) =>
      speakers.speakingTime(room, speakingSec),
    ),
  ];
}
