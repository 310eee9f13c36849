/**
 * A closed vote's outcome in words, for every surface that shows or speaks it: the phone, the
 * console, the hall screen and the server's read-aloud clip (server/speech). Pure: the wording
 * comes from the caller's message formatter.
 */
import { optionOutcomeText } from '../protocol/option-outcome';
import type { Vote } from '../protocol';

/** A message formatter: the client's `$_`, or the server's over the same message files. */
export type Formatter = (key: string, options?: { values?: Record<string, unknown> }) => string;

/**
 * An option vote names what it chose (`选定：A、C`, ties explicit, shared/protocol/option-outcome.ts,
 * as in the record); otherwise the outcome's label. Null while the vote is open.
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
