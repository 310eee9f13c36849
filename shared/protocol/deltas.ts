import { z } from 'zod';
import { Id } from './common';
import { PARTICIPANT_KINDS } from './constants';
import type { AgendaItem, MeetingPhase, PublicMeeting } from './meetings';
import { Attendance, ParticipantRole } from './roles';
import type { TimerState } from './room';
import type { Vote } from './voting';
import type { SpeakersState } from './speakers';
import type { AudioStatus } from './audio';
import type { PulseState } from './pulse';
import type { ScreenState } from './screen';

/**
 * Deltas after the snapshot (issue 12). A client gets `room:state` and, staff only,
 * `participants:list` once on connect; after that the server sends only what changed,
 * coalesced per meeting (~100 ms, the latest value of each field wins), so one more phone
 * joining costs everyone else a few bytes instead of a room state.
 */

const count = z.number().int().min(0);

/** The room's head counts (`RoomState['attendance']`): the part a join or a presence flip moves. */
export const AttendanceCounts = z.strictObject({
  room: count,
  remote: count,
  online: count,
  expected: count,
  present: count,
  onLeave: count,
  guests: count,
});

/**
 * `room:patch`: the top-level fields of `RoomState` whose value changed since the last
 * snapshot or patch this client was sent, each whole (the latest value wins), and the server
 * clock. Applying it is `{ ...state, ...patch }`. Redacted for its audience exactly as a
 * snapshot is (server/voting/redact.ts): the public never gets a hidden tally this way either.
 */
export const RoomPatch = z.strictObject({
  serverNow: z.number(),
  meeting: z.custom<PublicMeeting>((v) => typeof v === 'object' && v !== null).optional(),
  phase: z.custom<MeetingPhase>((v) => typeof v === 'string').optional(),
  agenda: z.custom<AgendaItem[]>((v) => Array.isArray(v)).optional(),
  currentItemId: Id.nullable().optional(),
  timer: z
    .strictObject({
      durationSec: z.number(),
      runningSince: z.number().nullable(),
      elapsedMs: z.number(),
    })
    .optional() satisfies z.ZodType<TimerState | undefined>,
  vote: z.custom<Vote | null>((v) => typeof v === 'object').optional(),
  attendance: AttendanceCounts.optional(),
  speakers: z.custom<SpeakersState>((v) => typeof v === 'object' && v !== null).optional(),
  audio: z.custom<AudioStatus>((v) => typeof v === 'object' && v !== null).optional(),
  pulse: z.custom<PulseState | null>((v) => typeof v === 'object').optional(),
  screen: z.custom<ScreenState>((v) => typeof v === 'object' && v !== null).optional(),
});
export type RoomPatch = z.infer<typeof RoomPatch>;

/** One participant as staff consoles see them (`Participant`, with presence). */
export const ParticipantView = z.strictObject({
  id: Id,
  meetingId: Id,
  name: z.string(),
  role: ParticipantRole,
  attendance: Attendance,
  joinedAt: z.string(),
  online: z.boolean(),
  kind: z.enum(PARTICIPANT_KINDS),
  onLeave: z.boolean(),
  present: z.boolean(),
  linked: z.boolean(),
});

/**
 * `participants:patch`, staff only: people added or changed (presence included), each whole,
 * and the ids of people taken off the list. New people go to the end, as in the list.
 */
export const ParticipantsPatch = z.strictObject({
  upsert: z.array(ParticipantView),
  remove: z.array(Id),
});
export type ParticipantsPatch = z.infer<typeof ParticipantsPatch>;

/** One zod schema per server → client delta event (tests check what the server sends). */
export const SERVER_DELTA_EVENTS = {
  'room:patch': RoomPatch,
  'participants:patch': ParticipantsPatch,
} as const;
