import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, userText, type Timestamp } from './common';
import { LADDER_DECISIONS, LADDER_LEVELS } from './constants';

export const LadderLevel = z.enum(LADDER_LEVELS);
export type LadderLevel = z.infer<typeof LadderLevel>;
export const LadderDecision = z.enum(LADDER_DECISIONS);
export type LadderDecision = z.infer<typeof LadderDecision>;

const ProposalText = userText(1, LIMITS.proposalChars);
const Reason = userText(0, LIMITS.textChars);

export const LadderOpenPayload = z.strictObject({ text: ProposalText });
export const LadderRef = z.strictObject({ ladderId: Id });
export const LadderPositionPayload = z.strictObject({
  ladderId: Id,
  level: LadderLevel,
  /** Required for an objection (反对), optional for reservations. */
  reason: Reason.optional(),
  /**
   * The phone's id for this position (random, made when tapped). A phone resends a position
   * queued offline, or whose ack was lost, with the same id: the server applies it once (no
   * second objection in the record, no second audit entry).
   */
  positionId: Id.optional(),
});
export const LadderRevisePayload = z.strictObject({ ladderId: Id, text: ProposalText });
export const LadderDecidePayload = z.strictObject({ ladderId: Id, decision: LadderDecision });
export const LadderCurrentPayload = z.strictObject({});

export interface LadderPosition {
  participantId: string;
  name: string;
  level: LadderLevel;
  reason: string | null;
  /** The revision (0-based) the position was given on. */
  version: number;
  /** The phone's id for it (LadderPositionPayload), when it sent one. */
  positionId?: string;
}

/** The consensus ladder of live deliberation: positions are named, never secret. */
export interface Ladder {
  id: string;
  meetingId: string;
  status: 'open' | 'decided';
  /** Every revision of the proposal, oldest first; the last is current. */
  versions: { text: string; at: Timestamp }[];
  /** Current positions on the current revision. */
  positions: LadderPosition[];
  counts: Record<LadderLevel, number>;
  /** Every objection ever raised, on any revision, with its reason. */
  objections: LadderPosition[];
  decision: LadderDecision | null;
  /** At decision: those opposing or with reservations on the final text. */
  dissent: LadderPosition[];
  openedAt: Timestamp;
  decidedAt: Timestamp | null;
}
