import {
  CHANNELS,
  CHOICES,
  ERROR_CODES,
  type Channel,
  type Choice,
  type HallOptions,
  type OptionTally,
  type Outcome,
  type Tally,
} from '../../shared/protocol';
import { AppError } from '../errors';

/**
 * Option votes (single or multiple choice), as pure functions. A ballot's picks are stored in
 * the same `choice` column as 同意/反对/弃权, encoded as `o:0,2` (sorted indices), so the
 * secret-ballot tables, the idempotency ids and the group commit work unchanged.
 */
const PREFIX = 'o:';

export interface OptionSpec {
  options: string[];
  maxChoices: number;
}

export const encodePicks = (picks: readonly number[]): string =>
  PREFIX + [...picks].sort((a, b) => a - b).join(',');

export function decodePicks(choice: string): number[] {
  if (!choice.startsWith(PREFIX)) return [];
  return choice.slice(PREFIX.length).split(',').map(Number);
}

/**
 * Checks a ballot against the vote and returns what is stored: a Choice for approval votes,
 * encoded picks for option votes. A mismatch is a typed refusal, never a silent fix.
 */
export function ballotChoice(
  spec: OptionSpec | null,
  pick: Choice | readonly number[] | undefined,
): string {
  if (!spec) {
    if (typeof pick === 'string' && (CHOICES as readonly string[]).includes(pick)) return pick;
    throw new AppError(ERROR_CODES.INVALID_BALLOT, 'This vote takes 同意/反对/弃权');
  }
  if (!Array.isArray(pick) || pick.length === 0) {
    throw new AppError(ERROR_CODES.INVALID_BALLOT, 'This vote takes options');
  }
  const picks = pick as readonly number[];
  if (new Set(picks).size !== picks.length) {
    throw new AppError(ERROR_CODES.INVALID_BALLOT, 'An option was picked twice');
  }
  if (picks.some((i) => !Number.isInteger(i) || i < 0 || i >= spec.options.length)) {
    throw new AppError(ERROR_CODES.INVALID_BALLOT, 'No such option');
  }
  if (picks.length > spec.maxChoices) {
    throw new AppError(
      ERROR_CODES.INVALID_BALLOT,
      `At most ${spec.maxChoices} option(s) may be picked`,
    );
  }
  return encodePicks(picks);
}

/**
 * A checked ballot (see `ballotChoice`) as shown to a person who did not cast it (the witness
 * of an assisted vote): the Choice, or the picked indices with their labels in ballot order.
 */
export function describePick(
  spec: OptionSpec | null,
  choice: string,
): { choice: Choice } | { options: number[]; labels: string[] } {
  if (!spec) return { choice: choice as Choice };
  const options = decodePicks(choice);
  return { options, labels: options.map((i) => spec.options[i] ?? '') };
}

/**
 * Checks a hall entry for an option vote: one count per option, no option above the number
 * of people who raised a hand, and no more marks than those people may make.
 */
export function checkHallOptions(spec: OptionSpec, hall: HallOptions): void {
  const marks = hall.options.reduce((a, b) => a + b, 0);
  if (
    hall.options.length !== spec.options.length ||
    hall.options.some((n) => n > hall.voters) ||
    marks > hall.voters * spec.maxChoices ||
    (hall.voters > 0 && marks === 0)
  ) {
    throw new AppError(ERROR_CODES.INVALID_BALLOT, 'The hall count does not fit the options');
  }
  if (spec.maxChoices === 1 && marks !== hall.voters) {
    throw new AppError(ERROR_CODES.INVALID_BALLOT, 'In a single-choice vote, one hand per voter');
  }
}

/** Indices by votes, most first; equal counts keep the order the options were listed in. */
export const ranking = (totals: readonly number[]): number[] =>
  totals.map((_, i) => i).sort((a, b) => totals[b]! - totals[a]! || a - b);

/** The plurality option, or null when nobody voted or the top is tied. */
export function pluralityWinner(totals: readonly number[]): number | null {
  const [first, second] = ranking(totals);
  if (first === undefined || totals[first] === 0) return null;
  if (second !== undefined && totals[second] === totals[first]) return null;
  return first;
}

/** Merges electronic picks and the hall's hands into counts per option and channel. */
export function optionTally(
  spec: OptionSpec,
  ballots: Iterable<{ choice: string; channel: Exclude<Channel, 'hall'> }>,
  hall: HallOptions | null,
): OptionTally {
  const n = spec.options.length;
  const byChannel = Object.fromEntries(
    CHANNELS.map((c) => [c, new Array<number>(n).fill(0)]),
  ) as Record<Channel, number[]>;
  const voters: Record<Channel, number> = { room: 0, remote: 0, hall: 0 };
  for (const ballot of ballots) {
    voters[ballot.channel] += 1;
    for (const i of decodePicks(ballot.choice)) {
      if (i >= 0 && i < n) byChannel[ballot.channel][i]! += 1;
    }
  }
  if (hall) {
    byChannel.hall = [...hall.options];
    voters.hall = hall.voters;
  }
  const totals = byChannel.room.map((_, i) => CHANNELS.reduce((s, c) => s + byChannel[c][i]!, 0));
  return {
    labels: [...spec.options],
    maxChoices: spec.maxChoices,
    byChannel,
    voters,
    totals,
    ranking: ranking(totals),
  };
}

/** The outcome of an option vote; the quorum rule applies as for every vote. */
export function decideOptionOutcome(
  single: boolean,
  { options, quorum }: Pick<Tally, 'options' | 'quorum'>,
): { outcome: Outcome; winner: number | null } {
  const winner = single && options ? pluralityWinner(options.totals) : null;
  if (quorum && !quorum.met) return { outcome: 'no_quorum', winner: null };
  if (!single) return { outcome: 'ranked', winner: null };
  return { outcome: winner === null ? 'no_winner' : 'chosen', winner };
}

/** The hall entry of a request: hands per option, people defaulting to the marks (single). */
export const hallOptionsOf = (body: {
  options?: number[] | undefined;
  voters?: number | undefined;
}): HallOptions | undefined =>
  body.options
    ? { options: body.options, voters: body.voters ?? body.options.reduce((a, b) => a + b, 0) }
    : undefined;
