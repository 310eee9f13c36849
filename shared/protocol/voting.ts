import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, PersonName, type Timestamp } from './common';
import { CHANNELS, CHOICES, OUTCOMES, VOTE_RULES } from './constants';

export const Choice = z.enum(CHOICES);
export type Choice = z.infer<typeof Choice>;

/** See constants.ts for what each rule means. */
export const VoteRule = z.enum(VOTE_RULES);
export type VoteRule = z.infer<typeof VoteRule>;

export type Outcome = (typeof OUTCOMES)[number];

export type Channel = (typeof CHANNELS)[number];

export type Counts = Record<Choice, number>;
export type Tally = {
  byChannel: Record<Channel, Counts>;
  totals: Counts;
  /** All ballots cast, hall hands included. */
  cast: number;
  /** Electronic voters eligible now (voting role); hall hands come on top. */
  eligible: number;
  /** Ballots needed for the quorum and whether they were reached. */
  quorum?: { required: number; met: boolean };
  /** Most hands the hall may claim now: present in the room and not voted electronically. */
  hallCap?: number;
};

export const OpenVoteBody = z.strictObject({
  proposal: z.string().trim().min(1).max(LIMITS.proposalChars),
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
});
export type OpenVoteBody = z.input<typeof OpenVoteBody>;

export const CastBallotBody = z.strictObject({
  choice: Choice,
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
  counts: z.strictObject({ agree: Count, oppose: Count, abstain: Count }),
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
 */
export const AssistPayload = z.strictObject({
  voteId: Id,
  voterId: Id,
  witnessId: Id,
  choice: Choice,
});
export const WitnessPayload = z.strictObject({ voteId: Id, requestId: Id });
/** The witness is asked on their phone (server → witness). */
export interface AssistRequest {
  requestId: string;
  voteId: string;
  voterName: string;
  choice: Choice;
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

export interface Vote {
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
  tally: Tally;
  /** Set once, at close; never altered afterwards. */
  outcome: Outcome | null;
  /** Share of the roster that must vote (0 = none). */
  quorum?: number;
  /** The hall screen shows turnout only until close. */
  hideResults?: boolean;
  /** A hall count entered by one teller and not yet confirmed by a second person. */
  hallPending?: HallEntry | null;
}

export interface HallEntry {
  id: number;
  counts: Counts;
  enteredBy: string;
  enteredAt: Timestamp;
}

/** Names per choice, only ever produced for open (non-secret) ballots. */
export type Roll = Record<Choice, string[]>;

export interface BallotReceipt {
  voteId: string;
  choice: Choice;
  ballotId: string;
  storedAt: Timestamp;
  /** True when this ballot id had already been stored (a resend): nothing was counted twice. */
  replay?: boolean;
}
