import { z } from 'zod';
import { Id } from './common';
import type { AgendaItem, MeetingPhase, Participant, PublicMeeting } from './meetings';
import type { Attendance } from './roles';
import type { Vote } from './voting';
import type { AudioStatus } from './audio';
import type { SpeakersState } from './speakers';
import type { PulseState } from './pulse';
import type { ScreenState } from './screen';

export interface TimerState {
  durationSec: number;
  /** Epoch ms when the timer last started, or null while paused/stopped. */
  runningSince: number | null;
  /** Time already spent before `runningSince`. */
  elapsedMs: number;
}

/** Everything every screen follows; broadcast on every change. */
export interface RoomState {
  meeting: PublicMeeting;
  phase: MeetingPhase;
  agenda: AgendaItem[];
  currentItemId: string | null;
  timer: TimerState;
  vote: Vote | null;
  /**
   * 实到 by channel (checked in), phones online, and the roster: 应到 (expected, without those
   * on leave), present, 请假 (onLeave) and admitted guests (列席, never eligible).
   */
  attendance: Record<Attendance, number> & {
    online: number;
    expected: number;
    present: number;
    onLeave: number;
    guests: number;
  };
  /** The one speakers' queue for hall and remote, with the floor and its countdown. */
  speakers: SpeakersState;
  audio: AudioStatus;
  /** The temperature check on screens (open, or closed until kept or discarded): counts only. */
  pulse: PulseState | null;
  /** What the facilitator directs the hall screen to show (issue 10); `auto` by default. */
  screen: ScreenState;
  /** Server clock when sent, so clients can correct for their own clock. */
  serverNow: number;
}

/**
 * Closing the meeting. With a vote open the server refuses (VOTE_STILL_OPEN) unless the
 * caller says what happens to it: `openVote: 'close'` closes it and counts it as it stands
 * (its rule decides the outcome; the hall cap is not re-checked; the audit entry says it was
 * closed by the meeting's close). Nothing is closed silently (issue 10).
 */
export const CloseMeetingPayload = z.strictObject({ openVote: z.literal('close').optional() });
export type CloseMeetingPayload = z.infer<typeof CloseMeetingPayload>;

export const SetCurrentItemPayload = z.strictObject({ itemId: Id.nullable() });
export const TimerPayload = z.strictObject({
  action: z.enum(['start', 'pause', 'reset']),
  /** Overrides the item's time-box when given. */
  durationSec: z.number().int().min(0).max(36_000).optional(),
});
export type TimerAction = z.infer<typeof TimerPayload>['action'];

export type ParticipantList = Participant[];
