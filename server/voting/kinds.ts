import {
  ERROR_CODES,
  type Choice,
  type Counts,
  type HallEntry,
  type HallOptions,
  type OpenVoteBody,
  type Outcome,
  type Roll,
  type TalliedVote,
  type VoteKind,
} from '../../shared/protocol';
import { AppError } from '../errors';
import type { VoteHead } from './open-vote';
import { checkHallOptions, decideOptionOutcome, decodePicks, type OptionSpec } from './options';
import { countsTotal, decideOutcome } from './rules';

/**
 * Where the vote kinds differ, for the service: the kept-apart branches of approval and
 * option votes, so the service's flow (serial section, transaction, audit, ack) stays one.
 */

/** The kind, options and max picks a new vote's head carries (single choice: one pick). */
export function kindFields(
  input: Pick<OpenVoteBody, 'kind' | 'options' | 'maxChoices'>,
): Pick<VoteHead, 'options' | 'maxChoices'> & { kind: VoteKind } {
  const kind = input.kind ?? 'approval';
  if (kind === 'approval' || !input.options) return { kind: 'approval' };
  return {
    kind,
    options: [...input.options],
    maxChoices: kind === 'single' ? 1 : (input.maxChoices ?? 1),
  };
}

/** A hall entry that fits the vote: counts per choice, or hands per option and people. */
export function hallEntryFor(
  spec: OptionSpec | null,
  counts: Counts,
  optionCounts: HallOptions | undefined,
): Pick<HallEntry, 'counts' | 'optionCounts'> {
  if (!spec) {
    if (optionCounts) throw new AppError(ERROR_CODES.INVALID_BALLOT, 'This vote has no options');
    return { counts: { ...counts } };
  }
  if (!optionCounts) {
    throw new AppError(ERROR_CODES.INVALID_BALLOT, 'This vote is counted per option');
  }
  checkHallOptions(spec, optionCounts);
  return { counts: { agree: 0, oppose: 0, abstain: 0 }, optionCounts: { ...optionCounts } };
}

/** The people a hall entry claims (what the hall cap limits): marks may be more per person. */
export const hallVoters = (entry: Pick<HallEntry, 'counts' | 'optionCounts'>): number =>
  entry.optionCounts ? entry.optionCounts.voters : countsTotal(entry.counts);

/** A stored ballot as the voter's phone shows it. */
export function storedPick(stored: string | null): { choice: Choice | null; options?: number[] } {
  if (stored?.startsWith('o:')) return { choice: null, options: decodePicks(stored) };
  return { choice: stored as Choice | null };
}

/** Names per choice, or per option, of an open ballot. */
export function rollOf(rows: { name: string; choice: string }[], options: string[] | null): Roll {
  const roll: Roll = { agree: [], oppose: [], abstain: [] };
  if (options) roll.options = options.map(() => []);
  for (const { name, choice } of rows) {
    if (roll.options) for (const i of decodePicks(choice)) roll.options[i]?.push(name);
    else roll[choice as Choice].push(name);
  }
  return roll;
}

/** The outcome at close; a single-choice tally gets its winner (null on a tie) written in. */
export function closingOutcome(view: TalliedVote): Outcome {
  if (!view.tally.options) return decideOutcome(view.rule, view.tally);
  const single = view.kind === 'single';
  const decided = decideOptionOutcome(single, view.tally);
  if (single) view.tally.options.winner = decided.winner;
  return decided.outcome;
}
