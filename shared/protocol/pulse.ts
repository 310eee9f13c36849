import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, userText, type Timestamp } from './common';
import { PULSE_ANSWERS, PULSE_SCALES } from './constants';

export const PulseScale = z.enum(PULSE_SCALES);
export type PulseScale = z.infer<typeof PulseScale>;
export const PulseAnswer = z.enum(PULSE_ANSWERS);
export type PulseAnswer = z.infer<typeof PulseAnswer>;

const HallHands = z.number().int().min(0).max(LIMITS.hallCountMax);

/** Opens a temperature check; one tap with the defaults (cards, the current item as question). */
export const PulseOpenPayload = z.strictObject({
  scale: PulseScale.optional(),
  question: userText(0, LIMITS.pulseQuestionChars).optional(),
});
export const PulseRef = z.strictObject({ pulseId: Id });
/** A phone's answer; sending another one while open replaces it. */
export const PulseAnswerPayload = z.strictObject({ pulseId: Id, answer: PulseAnswer });
/** Hands counted in the hall per card; replaces the previous hall entry (cards not named: 0). */
export const PulseHallPayload = z.strictObject({
  pulseId: Id,
  counts: z.partialRecord(PulseAnswer, HallHands),
});

/** One card of a temperature check: phone answers and hands counted in the hall. */
export interface PulseCount {
  answer: PulseAnswer;
  phones: number;
  hall: number;
}

/**
 * A temperature check as every screen sees it: counts only, never who answered what.
 * Open while phones answer; closed, it stays on screens until the facilitator keeps it
 * (into the record) or discards it.
 */
export interface PulseState {
  id: string;
  scale: PulseScale;
  /** The facilitator's question, or the current agenda item's title; null: neither. */
  question: string | null;
  status: 'open' | 'closed';
  counts: PulseCount[];
  /** People who answered on a phone (one each, however often they changed it). */
  phones: number;
  /** Hands counted in the hall, all cards. */
  hall: number;
  openedAt: Timestamp;
  closedAt: Timestamp | null;
}

/** A kept temperature check as the record holds it (温度测试, 非表决): counts only. */
export interface RecordPulse {
  question: string | null;
  agendaItemTitle: string | null;
  scale: PulseScale;
  counts: PulseCount[];
  phones: number;
  hall: number;
  openedAt: Timestamp;
  closedAt: Timestamp;
}
