import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, type Timestamp } from './common';
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
};

export const OpenVoteBody = z.strictObject({
  proposal: z.string().trim().min(1).max(LIMITS.proposalChars),
  rule: VoteRule.default('simple_majority'),
  secret: z.boolean().default(false),
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
});
export type CastBallotBody = z.infer<typeof CastBallotBody>;

const Count = z.number().int().min(0).max(LIMITS.hallCountMax);
export const HallCountBody = z.strictObject({
  counts: z.strictObject({ agree: Count, oppose: Count, abstain: Count }),
});
export type HallCountBody = z.infer<typeof HallCountBody>;

export const VoteRef = z.strictObject({ voteId: Id });
export const CastBallotPayload = CastBallotBody.extend({ voteId: Id });
export const HallCountPayload = HallCountBody.extend({ voteId: Id });

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
}

/** Names per choice, only ever produced for open (non-secret) ballots. */
export type Roll = Record<Choice, string[]>;

export interface BallotReceipt {
  voteId: string;
  choice: Choice;
  ballotId: string;
  storedAt: Timestamp;
}
