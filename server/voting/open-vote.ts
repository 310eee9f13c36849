import {
  turnoutOf,
  type Choice,
  type Counts,
  type HallEntry,
  type HallOptions,
  type TalliedVote,
} from '../../shared/protocol';
import { optionTally, type OptionSpec } from './options';
import { hallCap, quorumOf, tally, type RosterEntry } from './rules';
import { combineSecret, countVoters, stagedRefresh } from './secret-tally';

export type ElectronicChannel = 'room' | 'remote';

export interface StoredBallot {
  /** A Choice, or encoded option picks (`o:0,2`, see options.ts) in an option vote. */
  choice: string;
  channel: ElectronicChannel;
  ballotId: string;
  castAt: string;
}

export type VoteHead = Omit<TalliedVote, 'tally' | 'hallPending' | 'turnout'> & {
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
  /** Anonymous choices by token hash: no channel and no time, so no split can be computed. */
  readonly secret = new Map<string, { choice: string }>();
  /** Voters whose current ballot a proxy holder cast: participant id → holder's name. Says
   * who cast for whom (as `ballot_marks` does), never what. */
  readonly proxied = new Map<string, string>();
  /** Every ballot id stored for this vote, so a replayed one never counts again. */
  readonly seen = new Set<string>();
  hall: Counts | null = null;
  /** Option votes: the confirmed hall hands per option. */
  hallOptions: HallOptions | null = null;
  hallPending: HallEntry | null = null;
  /** Secret votes: ballots changed by their token, counted for the staged counts below. */
  secretChanges = 0;
  private staged: { progress: number; choices: string[] } | null = null;

  constructor(readonly head: VoteHead) {}

  /** The options and max picks of an option vote; null for an approval vote. */
  get spec(): OptionSpec | null {
    const { kind, options, maxChoices } = this.head;
    if (!kind || kind === 'approval' || !options) return null;
    return { options, maxChoices: kind === 'single' ? 1 : (maxChoices ?? 1) };
  }

  get id(): string {
    return this.head.id;
  }

  hasVoted(participantId: string): boolean {
    return this.head.secret ? this.voters.has(participantId) : this.ballots.has(participantId);
  }

  /**
   * Secret votes: the choices shown while open move only in steps of at least
   * SECRET_MIN_GROUP ballots (see secret-tally.ts); `final` (at close) shows them all.
   */
  private secretChoices(final: boolean): { choices: string[]; unshown: number } {
    const progress = this.secret.size + this.secretChanges;
    const current = () => [...this.secret.values()].map((b) => b.choice);
    if (final) return { choices: current(), unshown: 0 };
    if (stagedRefresh(progress, this.staged?.progress ?? null)) {
      this.staged = { progress, choices: current() };
    }
    return { choices: this.staged!.choices, unshown: progress - this.staged!.progress };
  }

  view(eligible: number, roster: Iterable<RosterEntry> = [], final = false): TalliedVote {
    // A secret vote's ballots carry no channel: counted under one placeholder, then combined.
    const secret = this.head.secret ? this.secretChoices(final) : null;
    const electronic = secret
      ? secret.choices.map((choice) => ({ choice, channel: 'room' as const }))
      : [...this.ballots.values()];
    const spec = this.spec;
    let t;
    if (spec) {
      // Counts by 同意/反对/弃权 stay at zero; `cast` is people, for the quorum.
      t = tally([], null, eligible);
      t.options = optionTally(spec, electronic, this.hallOptions);
      t.cast = t.options.voters.room + t.options.voters.remote + t.options.voters.hall;
    } else {
      t = tally(
        electronic.map((b) => ({ choice: b.choice as Choice, channel: b.channel })),
        this.hall,
        eligible,
      );
    }
    if (secret) t = combineSecret(t, countVoters(this.voters.values()), secret.unshown);
    if (this.head.quorum > 0) t.quorum = quorumOf(this.head.quorum, eligible, t.cast);
    t.hallCap = hallCap(roster, (id) => this.hasVoted(id));
    return {
      ...this.head,
      tally: t,
      turnout: turnoutOf(t, this.head),
      hallPending: this.hallPending,
    };
  }
}
