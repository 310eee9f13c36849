import type { Choice, Counts, HallEntry, Vote } from '../../shared/protocol';
import { hallCap, quorumOf, tally, type RosterEntry } from './rules';

export type ElectronicChannel = 'room' | 'remote';

export interface StoredBallot {
  choice: Choice;
  channel: ElectronicChannel;
  ballotId: string;
  castAt: string;
}

export type VoteHead = Omit<Vote, 'tally' | 'hallPending'> & {
  quorum: number;
  hideResults: boolean;
};

/**
 * The one open vote of a meeting, held in memory so a tally never needs a table scan.
 * Open votes keep choices by participant; secret votes keep who voted (`voters`) apart from
 * the anonymous choices (`secret`, keyed by token hash) — memory mirrors the tables, so
 * nothing here links a voter to a choice either.
 */
export class OpenVote {
  readonly ballots = new Map<string, StoredBallot>();
  readonly voters = new Map<string, ElectronicChannel>();
  readonly secret = new Map<string, { choice: Choice; channel: ElectronicChannel }>();
  /** Every ballot id stored for this vote, so a replayed one never counts again. */
  readonly seen = new Set<string>();
  hall: Counts | null = null;
  hallPending: HallEntry | null = null;

  constructor(readonly head: VoteHead) {}

  get id(): string {
    return this.head.id;
  }

  hasVoted(participantId: string): boolean {
    return this.head.secret ? this.voters.has(participantId) : this.ballots.has(participantId);
  }

  view(eligible: number, roster: Iterable<RosterEntry> = []): Vote {
    const electronic = this.head.secret ? this.secret.values() : this.ballots.values();
    const t = tally(electronic, this.hall, eligible);
    if (this.head.quorum > 0) t.quorum = quorumOf(this.head.quorum, eligible, t.cast);
    t.hallCap = hallCap(roster, (id) => this.hasVoted(id));
    return { ...this.head, tally: t, hallPending: this.hallPending };
  }
}
