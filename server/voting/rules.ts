import {
  canVote,
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
  { totals, cast, quorum }: Pick<Tally, 'totals' | 'cast' | 'quorum'>,
): Outcome {
  if (quorum && !quorum.met) return 'no_quorum';
  switch (rule) {
    case 'simple_majority':
      return cast > 0 && totals.agree * 2 > cast ? 'passed' : 'failed';
    case 'two_thirds':
      return cast > 0 && totals.agree * 3 >= cast * 2 ? 'passed' : 'failed';
    case 'consensus':
      return totals.agree > 0 && totals.oppose === 0 ? 'passed' : 'no_consensus';
  }
}

/** Ballots needed for a quorum of `share` of the roster (rounded up), and whether `cast` meets it. */
export function quorumOf(
  share: number,
  eligible: number,
  cast: number,
): { required: number; met: boolean } {
  // The epsilon keeps 0.5 × 10 at 5, not 6, despite floating point.
  const required = Math.max(0, Math.ceil(share * eligible - 1e-9));
  return { required, met: cast >= required };
}

export interface RosterEntry {
  id: string;
  role: Parameters<typeof canVote>[0];
  attendance: 'room' | 'remote';
}

/**
 * The most hands the hall may claim: voters checked in as present in the room who have not
 * voted electronically (people without a phone are added to the roster by the facilitator,
 * as room attendees). Remote people cannot raise a hand in the hall.
 */
export function hallCap(
  roster: Iterable<RosterEntry>,
  votedElectronically: (id: string) => boolean,
) {
  let cap = 0;
  for (const p of roster) {
    if (canVote(p.role) && p.attendance === 'room' && !votedElectronically(p.id)) cap += 1;
  }
  return cap;
}

export const countsTotal = (counts: Counts): number => sum(counts);
