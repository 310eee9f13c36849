import { optionDecision, type Outcome, type Vote } from './protocol';

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

/** A closed vote's tone: a multiple-choice vote whose top places are all tied chose nothing. */
export function voteTone(vote: Vote): 'good' | 'bad' {
  if (!vote.outcome) return 'bad';
  const options = vote.tally.options;
  if (vote.outcome === 'ranked' && options && optionDecision(options, false).chosen.length === 0) {
    return 'bad';
  }
  return outcomeTone(vote.outcome);
}

export { outcomeLine, outcomeText } from '../../../shared/read-aloud/outcome-text';
