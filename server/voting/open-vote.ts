import type { Choice, Counts, Vote } from '../../shared/protocol';
import { tally } from './rules';

export interface StoredBallot {
  choice: Choice;
  channel: 'room' | 'remote';
  ballotId: string;
  castAt: string;
}

export type VoteHead = Omit<Vote, 'tally'>;

/** The one open vote of a meeting, held in memory so a tally never needs a table scan. */
export class OpenVote {
  readonly ballots = new Map<string, StoredBallot>();
  hall: Counts | null = null;

  constructor(readonly head: VoteHead) {}

  get id(): string {
    return this.head.id;
  }

  view(eligible: number): Vote {
    return { ...this.head, tally: tally(this.ballots.values(), this.hall, eligible) };
  }
}
