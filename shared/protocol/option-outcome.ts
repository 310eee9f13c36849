import type { OptionTally, Outcome, VoteKind } from './voting';

/**
 * What an option vote (单选 / 多选) decided, and how that reads: the one place for it, used by
 * the hall screen, the console, the phone and the record. Each side passes its own words
 * (the client from i18n, the record in Chinese); which options, and the tie, are decided here.
 * Zod-free, so phones can import it.
 */

/** The options chosen, and those tied for the last place(s) (none of them chosen). */
export interface OptionDecision {
  chosen: number[];
  tied: number[];
}

/**
 * Single choice: the plurality option (a tie at the top chooses none). Multiple choice with
 * up to N marks: the N options with most votes; when the N-th and the next are level, every
 * option at that count is `tied` and only those above it are chosen. Options without a vote
 * are never chosen.
 */
export function optionDecision(
  options: Pick<OptionTally, 'totals' | 'ranking' | 'maxChoices'>,
  single: boolean,
): OptionDecision {
  const seats = single ? 1 : Math.max(1, options.maxChoices);
  const total = (i: number): number => options.totals[i] ?? 0;
  const voted = options.ranking.filter((i) => total(i) > 0);
  if (voted.length <= seats) return { chosen: voted, tied: [] };
  const last = total(voted[seats - 1]!);
  if (total(voted[seats]!) !== last) return { chosen: voted.slice(0, seats), tied: [] };
  return {
    chosen: voted.filter((i) => total(i) > last),
    tied: voted.filter((i) => total(i) === last),
  };
}

export interface OutcomeWords {
  /** `选定：{list}` / `Chosen: {list}`. */
  chosen: (list: string) => string;
  /** `并列：{list}，未决出` / `Tied: {list} (undecided)`. */
  tied: (list: string) => string;
  /** Nobody voted for any option. */
  none: string;
  /** Between labels: `、` / `, `. */
  separator: string;
  /** Between the chosen and the tied part: `；` / `; `. */
  join: string;
}

/**
 * The decision of a closed option vote in words (`选定：A、C`), or null when there is none to
 * name: an approval vote, an open vote, or a quorum not reached (the outcome alone says it).
 */
export function optionOutcomeText(
  vote: { outcome: Outcome | null; kind?: VoteKind | undefined },
  options: Pick<OptionTally, 'totals' | 'ranking' | 'maxChoices' | 'labels'> | undefined,
  words: OutcomeWords,
): string | null {
  if (!options || !vote.outcome || vote.outcome === 'no_quorum') return null;
  const { chosen, tied } = optionDecision(options, vote.kind === 'single');
  const list = (indices: number[]): string =>
    indices.map((i) => options.labels[i] ?? '').join(words.separator);
  const parts: string[] = [];
  if (chosen.length > 0) parts.push(words.chosen(list(chosen)));
  if (tied.length > 0) parts.push(words.tied(list(tied)));
  return parts.length > 0 ? parts.join(words.join) : words.none;
}
