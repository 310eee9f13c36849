import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, PersonName, userText, type Timestamp } from './common';
import {
  CHANNELS,
  CHOICES,
  OPTIONS_MAX,
  OPTIONS_MIN,
  OUTCOMES,
  VOTE_KINDS,
  VOTE_RULES,
} from './constants';
import type { Turnout } from './turnout';

export const Choice = z.enum(CHOICES);
export type Choice = z.infer<typeof Choice>;

/** See constants.ts for what each rule means. */
export const VoteRule = z.enum(VOTE_RULES);
export type VoteRule = z.infer<typeof VoteRule>;

export type Outcome = (typeof OUTCOMES)[number];

export const VoteKind = z.enum(VOTE_KINDS);
export type VoteKind = z.infer<typeof VoteKind>;

/**
 * Option votes (single/multiple): one count per option, in the order of `labels`.
 * `voters` counts people (a multiple-choice ballot marks several options), which is what
 * the quorum and the hall cap are about.
 */
export interface OptionTally {
  labels: string[];
  maxChoices: number;
  byChannel: Record<Channel, number[]>;
  voters: Record<Channel, number>;
  totals: number[];
  /** Option indices by votes, most first (ties keep the label order). */
  ranking: number[];
  /** Single choice, at close: the plurality option, null on a tie or no votes. */
  winner?: number | null;
}

export type Channel = (typeof CHANNELS)[number];

export type Counts = Record<Choice, number>;
export type Tally = {
  byChannel: Record<Channel, Counts>;
  totals: Counts;
  /** All ballots cast, hall hands included. */
  cast: number;
  /** 应投: expected voters on the roster now (hall people without a phone included). */
  eligible: number;
  /** Ballots needed for the quorum and whether they were reached. */
  quorum?: { required: number; met: boolean };
  /** Most hands the hall may claim now: present in the room and not voted electronically. */
  hallCap?: number;
  /** Option votes only; `byChannel`/`totals` then stay at zero and `cast` counts voters. */
  options?: OptionTally;
  /** Never set on a full tally; see HiddenTally. */
  hidden?: false;
  /**
   * Secret votes only: results are combined totals (room and remote counts per choice or
   * option stay at zero; the hall's own count stays, it is counted in public). See
   * server/voting/secret-tally.ts.
   */
  secret?: SecretTurnout;
};

/** Turnout of a secret vote (who voted, not how) and its minimum-group verdict. */
export interface SecretTurnout {
  /** People who voted, per channel. */
  voters: Record<Channel, number>;
  /** Fewer electronic voters than this next to a hall count: `smallGroup`. */
  minGroup: number;
  /** Totals minus the public hall count reveal the choices of fewer than `minGroup` people. */
  smallGroup: boolean;
  /** Open votes: ballots cast or changed that the counts do not show yet (< `minGroup`). */
  unshown?: number;
}

/**
 * What everyone but staff gets while a vote with `hideResults` is open: turnout only. Not a
 * Tally with zeros, so no client can show it as a result; the full Tally comes at close.
 */
export interface HiddenTally {
  hidden: true;
  /** All ballots cast, hall hands included (people, as in Tally). */
  cast: number;
  eligible: number;
  quorum?: { required: number; met: boolean };
  /** People who voted, per channel (the hall once its count is confirmed). */
  voters: Record<Channel, number>;
  byChannel?: undefined;
  totals?: undefined;
  options?: undefined;
  hallCap?: undefined;
  secret?: undefined;
}

const OptionLabel = userText(1, LIMITS.optionChars);

export const OpenVoteBody = z
  .strictObject({
    proposal: userText(1, LIMITS.proposalChars),
    rule: VoteRule.default('simple_majority'),
    secret: z.boolean().default(false),
    /**
     * Share of the eligible roster that must vote (0 = no quorum), e.g. 0.5 for 过半数.
     * Omitted: the meeting's quorum rule (`PUT /meetings/:code/quorum`), else none.
     */
    quorum: z.number().min(0).max(1).optional(),
    /** The hall screen shows turnout only, no counts, until the vote closes. */
    hideResults: z.boolean().default(false),
    /** Defaults to the meeting's current agenda item. */
    agendaItemId: Id.nullish(),
    kind: VoteKind.default('approval'),
    /** single/multiple: 2–10 distinct labels; ballots refer to them by index. */
    options: z.array(OptionLabel).min(OPTIONS_MIN).max(OPTIONS_MAX).optional(),
    /** multiple: most options one ballot may mark (1 ≤ N ≤ options); single: always 1. */
    maxChoices: z.number().int().min(1).max(OPTIONS_MAX).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'approval') {
      if (body.options || body.maxChoices) {
        ctx.addIssue({ code: 'custom', message: 'An approval vote has no options' });
      }
      return;
    }
    if (!body.options) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Options are required',
        params: { problem: 'required' },
      });
      return;
    }
    if (new Set(body.options).size !== body.options.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Options must differ',
        params: { problem: 'duplicate' },
      });
    }
    const max = body.maxChoices ?? 1;
    if (max > body.options.length || (body.kind === 'single' && max !== 1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxChoices'],
        message: 'maxChoices out of range',
        params: { problem: 'outOfRange' },
      });
    }
  });
export type OpenVoteBody = z.input<typeof OpenVoteBody>;

/** A ballot of an option vote: distinct option indices (checked against the vote on cast). */
export const OptionPicks = z
  .array(
    z
      .number()
      .int()
      .min(0)
      .max(OPTIONS_MAX - 1),
  )
  .min(1)
  .max(OPTIONS_MAX)
  .refine((picks) => new Set(picks).size === picks.length, 'Options must differ');

export const CastBallotBody = z.strictObject({
  /** Approval votes. Option votes send `options` instead (and no choice). */
  choice: Choice.optional(),
  options: OptionPicks.optional(),
  /** Client-generated, so a resent ballot is recognised (idempotent). */
  ballotId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
  /**
   * Secret votes only: a random token generated and kept by the phone. The server stores
   * only its hash, as the key of the anonymous ballot; showing it again changes the choice.
   */
  secretToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional(),
});
export type CastBallotBody = z.infer<typeof CastBallotBody>;

const Count = z.number().int().min(0).max(LIMITS.hallCountMax);
export const HallCountBody = z.strictObject({
  /** Approval votes; option votes send zeros here. */
  counts: z.strictObject({ agree: Count, oppose: Count, abstain: Count }),
  /** Option votes: hands per option, and how many people raised a hand (the capped number). */
  options: z.array(Count).min(OPTIONS_MIN).max(OPTIONS_MAX).optional(),
  voters: Count.optional(),
});
export type HallCountBody = z.infer<typeof HallCountBody>;

export const VoteRef = z.strictObject({ voteId: Id });

/** The meeting's quorum rule, a share of the eligible roster (0 = none). */
export const QuorumBody = z.strictObject({ quorum: z.number().min(0).max(1) });
export type QuorumBody = z.infer<typeof QuorumBody>;

/**
 * People in the hall without a phone, added to the roster by name by the facilitator: they
 * attend in the room, count toward quorum and may raise a hand in the hall count.
 */
export const RosterBody = z.strictObject({
  names: z.array(PersonName).min(1).max(LIMITS.participantsPerMeeting),
});
export type RosterBody = z.infer<typeof RosterBody>;
export const CastBallotPayload = CastBallotBody.extend({ voteId: Id });
export const HallCountPayload = HallCountBody.extend({ voteId: Id });
/**
 * Assisted vote (代为表决): the facilitator records the choice of a villager without a phone;
 * it counts only once a witness (another participant) confirms it on their own device.
 * Approval votes send `choice`, option votes `options` — checked like the voter's own ballot.
 */
export const AssistPayload = z.strictObject({
  voteId: Id,
  voterId: Id,
  witnessId: Id,
  choice: Choice.optional(),
  options: OptionPicks.optional(),
});
export const WitnessPayload = z.strictObject({ voteId: Id, requestId: Id });
/** The witness is asked on their phone (server → witness). */
export interface AssistRequest {
  requestId: string;
  voteId: string;
  voterName: string;
  /** Approval votes. */
  choice?: Choice;
  /** Option votes: the picked indices, and their labels so the witness reads what was chosen. */
  options?: number[];
  labels?: string[];
  proposal: string;
}
/** A proxy mandate (委托): `grantorId` lets `holderId` vote on their behalf in this meeting. */
export const MandateBody = z.strictObject({ holderId: Id, grantorId: Id });
export type MandateBody = z.infer<typeof MandateBody>;
/** A proxy holder casts for a grantor. */
export const ProxyCastPayload = CastBallotBody.extend({ voteId: Id, grantorId: Id });

/** A second person (another staff account) confirms a pending hall entry. */
export const HallConfirmPayload = z.strictObject({
  voteId: Id,
  entryId: z.number().int().positive(),
});

export type VoteStatus = 'open' | 'closed';

/** A vote with its full tally: what the server holds and staff see. */
export interface TalliedVote extends VoteFields {
  tally: Tally;
}

/**
 * A vote as sent to anyone: the full tally, or only turnout while a vote that hides its
 * results is open and the receiver is not staff (hall screen, phones).
 */
export interface Vote extends VoteFields {
  tally: Tally | HiddenTally;
}

interface VoteFields {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  /** Frozen copy of the proposal at the moment the vote opened. */
  proposal: string;
  rule: VoteRule;
  secret: boolean;
  status: VoteStatus;
  openedAt: Timestamp;
  closedAt: Timestamp | null;
  /** Set once, at close; never altered afterwards. */
  outcome: Outcome | null;
  /** 应投 / 已投 / by channel / quorum / majority, computed once on the server (turnout.ts):
   * every surface shows these, none re-computes them. Same for staff and public. */
  turnout: Turnout;
  /** Share of the roster that must vote (0 = none). */
  quorum?: number;
  /** The hall screen shows turnout only until close. */
  hideResults?: boolean;
  /** A hall count entered by one teller and not yet confirmed by a second person (staff only
   * while results are hidden). */
  hallPending?: HallEntry | null;
  /** Absent on votes from before option votes existed: approval. */
  kind?: VoteKind;
  options?: string[];
  maxChoices?: number;
}

/** Hands counted per option in the hall, and the number of people who raised them. */
export interface HallOptions {
  options: number[];
  voters: number;
}

export interface HallEntry {
  id: number;
  counts: Counts;
  /** Option votes. */
  optionCounts?: HallOptions;
  enteredBy: string;
  enteredAt: Timestamp;
}

/** Names per choice, only ever produced for open (non-secret) ballots. */
export type Roll = Record<Choice, string[]> & {
  /** Option votes: names per option index (the Choice lists stay empty). */
  options?: string[][];
};

export interface BallotReceipt {
  voteId: string;
  /** Approval votes; option votes carry `options` and a placeholder 'abstain' is never sent. */
  choice?: Choice;
  options?: number[];
  ballotId: string;
  storedAt: Timestamp;
  /** True when this ballot id had already been stored (a resend): nothing was counted twice. */
  replay?: boolean;
}
