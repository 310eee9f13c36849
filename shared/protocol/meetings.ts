import { z } from 'zod';
import { Id, IsoDate, PersonName, ShortText, Title, type Timestamp } from './common';
import { Attendance, ParticipantRole } from './roles';

import { PLATFORM_LEVELS, type MEETING_PHASES } from './constants';

export const PlatformLevel = z.enum(PLATFORM_LEVELS);
export type PlatformLevel = z.infer<typeof PlatformLevel>;

/** scheduled → live → closed; see server/meetings/phase.ts for the transitions. */
export type MeetingPhase = (typeof MEETING_PHASES)[number];

export const CreateMeetingBody = z.strictObject({
  title: Title,
  topic: ShortText.default(''),
  place: ShortText.default(''),
  level: PlatformLevel,
  date: IsoDate,
});
export type CreateMeetingBody = z.input<typeof CreateMeetingBody>;

export interface Meeting {
  id: string;
  code: string;
  title: string;
  topic: string;
  place: string;
  level: PlatformLevel;
  date: string;
  phase: MeetingPhase;
  facilitatorId: string;
  createdAt: Timestamp;
  closedAt: Timestamp | null;
}

/** What anyone holding the code may see before joining. */
export type PublicMeeting = Pick<
  Meeting,
  'code' | 'title' | 'topic' | 'place' | 'level' | 'date' | 'phase'
>;

export const JoinBody = z.strictObject({
  name: PersonName,
  attendance: Attendance.default('room'),
});
export type JoinBody = z.input<typeof JoinBody>;

export interface Participant {
  id: string;
  meetingId: string;
  name: string;
  role: ParticipantRole;
  attendance: Attendance;
  joinedAt: Timestamp;
  online: boolean;
}

export interface JoinResult {
  participant: Participant;
  /** Signed participant token: keep it (localStorage) and send it on every reconnect. */
  token: string;
}

export const UpdateParticipantBody = z
  .strictObject({ role: ParticipantRole.optional(), attendance: Attendance.optional() })
  .refine((b) => b.role !== undefined || b.attendance !== undefined, 'role or attendance');
export type UpdateParticipantBody = z.infer<typeof UpdateParticipantBody>;

export const ParticipantPatch = z.strictObject({
  participantId: Id,
  role: ParticipantRole.optional(),
  attendance: Attendance.optional(),
});
export type ParticipantPatch = z.infer<typeof ParticipantPatch>;

/** Agenda as seen through the REST API (the Y.Doc stays the one writer). */
export const AgendaItemInput = z.strictObject({
  title: Title,
  durationMin: z.number().int().min(0).max(600).default(10),
  notes: ShortText.default(''),
});
export const AppendAgendaBody = z.strictObject({ items: z.array(AgendaItemInput).min(1).max(200) });
export type AppendAgendaBody = z.input<typeof AppendAgendaBody>;

export interface AgendaItem {
  id: string;
  title: string;
  durationMin: number;
  notes: string;
}
