import type { Outcome } from './protocol';

/**
 * How an outcome reads at a glance: the one place that decides its colour on the phone, the
 * console and the hall screen. A Record, so a new outcome cannot be added without a tone.
 */
const TONES: Record<Outcome, 'good' | 'bad'> = {
  passed: 'good',
  chosen: 'good',
  ranked: 'good',
  failed: 'bad',
  no_consensus: 'bad',
  no_quorum: 'bad',
  no_winner: 'bad',
};

export const outcomeTone = (outcome: Outcome): 'good' | 'bad' => TONES[outcome];
