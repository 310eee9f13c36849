import { ERROR_CODES, type Principal } from '../../shared/protocol';
import { AppError } from '../errors';
import { defineCommand } from '../meetings/command';
import type { PulseService } from './service';

/** Only people who joined answer: staff consoles and hall screens watch (not a vote: observers
 * and guests answer too). */
function answerer(principal: Principal): string {
  if (principal.kind !== 'participant') {
    throw new AppError(ERROR_CODES.PULSE_NOT_ALLOWED, 'Only participants answer');
  }
  return principal.participantId;
}

/** The commands of the temperature check (举牌). */
export function pulseCommands(pulses: PulseService) {
  return [
    defineCommand('pulse:open', 'facilitate', ({ room }, { scale, question }) =>
      pulses.open(room, scale ?? 'cards', question),
    ),
    defineCommand('pulse:answer', 'readDocs', ({ room, principal }, { pulseId, answer }) =>
      pulses.answer(room, pulseId, answerer(principal), answer),
    ),
    defineCommand('pulse:mine', 'readDocs', ({ room, principal }, { pulseId }) =>
      pulses.mine(room, pulseId, answerer(principal)),
    ),
    defineCommand('pulse:hall', 'tally', ({ room }, { pulseId, counts }) =>
      pulses.hall(room, pulseId, counts),
    ),
    defineCommand('pulse:close', 'facilitate', ({ room }, { pulseId }) =>
      pulses.close(room, pulseId),
    ),
    defineCommand('pulse:keep', 'facilitate', ({ room }, { pulseId }) =>
      pulses.keep(room, pulseId),
    ),
    defineCommand('pulse:discard', 'facilitate', ({ room }, { pulseId }) =>
      pulses.discard(room, pulseId),
    ),
  ];
}
