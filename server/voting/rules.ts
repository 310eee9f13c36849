import {
  CHANNELS,
  CHOICES,
  type Channel,
  type Choice,
  type Counts,
  type Outcome,
  type Tally,
  type VoteRule,
} from '../../shared/protocol';

export const emptyCounts = (): Counts => ({ agree: 0, oppose: 0, abstain: 0 });

const sum = (counts: Counts): number => counts.agree + counts.oppose + counts.abstain;

export interface ElectronicBallot {
  choice: Choice;
  channel: Exclude<Channel, 'hall'>;
}

/** Merges electronic ballots and the hall's counted hands into one tally by channel. */
export function tally(
  ballots: Iterable<ElectronicBallot>,
  hall: Counts | null,
  eligible: number,
): Tally {
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, emptyCounts()])) as Record<
    Channel,
    Counts
  >;
  for (const ballot of ballots) byChannel[ballot.channel][ballot.choice] += 1;
  if (hall) byChannel.hall = { ...hall };
  const totals = emptyCounts();
  for (const channel of CHANNELS) {
    for (const choice of CHOICES) totals[choice] += byChannel[channel][choice];
  }
  return { byChannel, totals, cast: sum(totals), eligible };
}

/**
 * The outcome under each rule. Abstentions count as cast, so "majority of votes cast" means
 * more agree than half of everyone who voted (the usual 过半数 reading). No ballots → failed.
 */
export function decideOutcome(
  rule: VoteRule,
  { totals, cast }: Pick<Tally, 'totals' | 'cast'>,
): Outcome {
  switch (rule) {
    case 'simple_majority':
      return cast > 0 && totals.agree * 2 > cast ? 'passed' : 'failed';
    case 'two_thirds':
      return cast > 0 && totals.agree * 3 >= cast * 2 ? 'passed' : 'failed';
    case 'consensus':
      return totals.agree > 0 && totals.oppose === 0 ? 'passed' : 'no_consensus';
  }
}
