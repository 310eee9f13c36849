import type { PulseAnswer, PulseState } from './protocol';

/** What a card shows big: the mood card's emoji, or the number of the 1–5 scale. */
export const PULSE_FACE: Record<PulseAnswer, string> = {
  up: '👍',
  unsure: '🤔',
  down: '👎',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
};

/** Everyone counted: phones and hands in the hall. */
export const pulseTotal = (pulse: PulseState): number => pulse.phones + pulse.hall;
