import { z } from 'zod';
import {
  ADMISSION_MODES,
  ATTENDANCE,
  MEETING_PHASES,
  PARTICIPANT_KINDS,
  PARTICIPANT_ROLES,
  RECORD_ACCESS,
  STAFF_ROLES,
} from '../protocol/constants';

const phase = z.enum(MEETING_PHASES);
const role = z.enum(PARTICIPANT_ROLES);
const attendance = z.enum(ATTENDANCE);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** Events of the meeting, its people and its record. `data` is what the chain commits to. */
export const meetingEvents = [
  z.strictObject({
    kind: z.literal('meeting.started'),
    data: z.strictObject({ from: phase }),
  }),
  z.strictObject({
    kind: z.literal('meeting.closed'),
    data: z.strictObject({ from: phase }),
  }),
  z.strictObject({
    kind: z.literal('minutes.frozen'),
    data: z.strictObject({ digest: sha256 }),
  }),
  z.strictObject({
    kind: z.literal('item.changed'),
    data: z.strictObject({ itemId: z.string().nullable(), title: z.string().nullable() }),
  }),
  z.strictObject({
    kind: z.literal('settings.changed'),
    data: z.strictObject({
      admission: z.enum(ADMISSION_MODES),
      recordAccess: z.enum(RECORD_ACCESS),
      timerWithItem: z.boolean(),
    }),
  }),
  z.strictObject({
    kind: z.literal('staff.changed'),
    data: z.strictObject({
      staff: z.array(z.strictObject({ name: z.string(), role: z.enum(STAFF_ROLES) })),
    }),
  }),
  z.strictObject({
    kind: z.literal('roster.added'),
    data: z.strictObject({
      entries: z.array(
        z.strictObject({
          participantId: z.string(),
          name: z.string(),
          role,
          kind: z.enum(PARTICIPANT_KINDS),
          attendance,
          onLeave: z.boolean(),
          present: z.boolean(),
        }),
      ),
    }),
  }),
  z.strictObject({
    kind: z.literal('roster.removed'),
    data: z.strictObject({ participantId: z.string(), participant: z.string() }),
  }),
  z.strictObject({
    kind: z.literal('participant.changed'),
    data: z.strictObject({
      /** Absent in entries written before the events table (migration 012). */
      participantId: z.string().optional(),
      participant: z.string(),
      role,
      attendance,
      onLeave: z.boolean(),
      present: z.boolean(),
      was: z.strictObject({
        name: z.string(),
        role,
        attendance,
        onLeave: z.boolean(),
        present: z.boolean(),
      }),
    }),
  }),
  z.strictObject({
    kind: z.literal('participant.checkedIn'),
    data: z.strictObject({ participantId: z.string(), participant: z.string(), attendance }),
  }),
  z.strictObject({
    kind: z.literal('link.reissued'),
    data: z.strictObject({ participantId: z.string(), participant: z.string() }),
  }),
  z.strictObject({
    kind: z.literal('record.signed'),
    data: z.strictObject({
      /** The chain head the record carries (the entries before this one). */
      headHash: sha256,
      /** sha256 of the stored record's canonical JSON, signature included. */
      digest: sha256,
      fingerprint: z.string(),
    }),
  }),
] as const;
