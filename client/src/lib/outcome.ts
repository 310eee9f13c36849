import { optionDecision, optionOutcomeText, type Outcome, type Vote } from './protocol';
import type { Formatter } from '../i18n/store';

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

/**
 * A closed vote's outcome in words for every client surface: an option vote names what it
 * chose (`选定：A、C`, ties explicit, shared/protocol/option-outcome.ts, as in the record);
 * otherwise the outcome's label. Null while the vote is open.
 */
export function outcomeText(vote: Vote, t: Formatter): string | null {
  if (!vote.outcome) return null;
  const named = optionOutcomeText(vote, vote.tally.options, {
    chosen: (list) => t('vote.chosenList', { values: { options: list } }),
    tied: (list) => t('vote.tiedList', { values: { options: list } }),
    none: t('vote.noVotes'),
    separator: t('lang.listSeparator'),
    join: t('vote.outcomeJoin'),
  });
  return named ?? t(`outcome.${vote.outcome}`);
}

/** The outcome as a sentence: `表决结果：通过`; an option vote's names stand alone (`选定：A、C`). */
export function outcomeLine(vote: Vote, t: Formatter): string {
  const text = outcomeText(vote, t) ?? '';
  return vote.options ? text : t('vote.outcomeLine', { values: { outcome: text } });
}
