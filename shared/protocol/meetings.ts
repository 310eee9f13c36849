import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, IsoDate, PersonName, ShortText, Title, type Timestamp } from './common';
import {
  Attendance,
  ParticipantRole,
  StaffRole,
  type ParticipantSelf,
  type StaffAssignment,
} from './roles';

import {
  ADMISSION_MODES,
  PLATFORM_LEVELS,
  RECORD_ACCESS,
  type MEETING_PHASES,
  type PARTICIPANT_KINDS,
} from './constants';

export const AdmissionMode = z.enum(ADMISSION_MODES);
export type AdmissionMode = z.infer<typeof AdmissionMode>;
export const RecordAccess = z.enum(RECORD_ACCESS);
export type RecordAccess = z.infer<typeof RecordAccess>;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

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
  /** The account that created the meeting (its first facilitator). */
  facilitatorId: string;
  createdAt: Timestamp;
  closedAt: Timestamp | null;
  /** Who runs it: only these accounts act on it (issue 9). */
  staff: StaffAssignment[];
  admission: AdmissionMode;
  recordAccess: RecordAccess;
  /** Making an item current (or moving to the next) starts its time-box (issue 10). */
  timerWithItem: boolean;
}

/** Replaces the meeting's staff; at least one facilitator stays. */
export const StaffBody = z.strictObject({
  assignments: z
    .array(z.strictObject({ userId: Id, role: StaffRole }))
    .min(1)
    .max(100),
});
export type StaffBody = z.infer<typeof StaffBody>;

/** A staff assignment as the console shows it. */
export interface StaffMember extends StaffAssignment {
  displayName: string;
  username: string;
}

/** An account that may be assigned (the console's picker). */
export interface StaffCandidate {
  id: string;
  displayName: string;
  username: string;
  role: 'admin' | 'facilitator' | 'recorder';
}

/** The facilitator's meeting settings (admission, record access, timer with the item). */
export const MeetingSettingsBody = z
  .strictObject({
    admission: AdmissionMode.optional(),
    recordAccess: RecordAccess.optional(),
    timerWithItem: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'a setting');
export type MeetingSettingsBody = z.infer<typeof MeetingSettingsBody>;

/** What anyone holding the code may see before joining. */
export type PublicMeeting = Pick<
  Meeting,
  'code' | 'title' | 'topic' | 'place' | 'level' | 'date' | 'phase'
>;

/** The secret of a personal join link: `<entry id>.<mac>`. */
export const LinkKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,40}\.[A-Za-z0-9_-]{22}$/, 'a join link key');

/**
 * Joining: with a personal link's `key` (the roster entry is known, no name needed), or with a
 * name and the meeting code alone (then the phone waits for staff, unless the meeting is open).
 */
export const JoinBody = z
  .strictObject({
    name: PersonName.optional(),
    attendance: Attendance.default('room'),
    key: LinkKey.optional(),
    /** Join although someone with the same name is here (after the SAME_NAME hint). */
    allowSameName: z.boolean().optional(),
  })
  .refine((b) => b.name !== undefined || b.key !== undefined, 'a name or a join link');
export type JoinBody = z.input<typeof JoinBody>;

/** A phone waiting at the door: it polls with its ticket until staff decide. */
export interface WaitingTicket {
  ticket: string;
  name: string;
}
/** What `POST …/join` answers: in, or waiting for staff. */
export type JoinAnswer = JoinResult | { waiting: WaitingTicket };

/** `GET …/waiting/:ticket`: the phone's view of its place at the door. */
export type TicketStatus =
  { status: 'waiting' } | ({ status: 'admitted' } & JoinResult) | { status: 'refused' };

/** A person waiting at the door, as staff see it (never the ticket itself). */
export interface WaitingEntry {
  id: string;
  name: string;
  attendance: Attendance;
  since: Timestamp;
  /** Roster entries with the same name, for a one-tap admit. */
  matches: { id: string; name: string; role: ParticipantRole; linked: boolean }[];
}

/** Admit a waiting person: as a roster entry (an existing one, or a new one) or as a guest. */
const AdmitAsEntry = z.strictObject({
  as: z.literal('entry'),
  entryId: Id.optional(),
  role: ParticipantRole.optional(),
});
const AdmitAsGuest = z.strictObject({ as: z.literal('guest') });
export const AdmitBody = z.discriminatedUnion('as', [AdmitAsEntry, AdmitAsGuest]);
export type AdmitBody = z.infer<typeof AdmitBody>;
/** `waiting:admit`: the body of `POST …/waiting/:waitingId/admit` with the entry it names. */
export const AdmitPayload = z.discriminatedUnion('as', [
  AdmitAsEntry.extend({ waitingId: Id }),
  AdmitAsGuest.extend({ waitingId: Id }),
]);
export const WaitingRef = z.strictObject({ waitingId: Id });

/** A roster entry's personal link, for the print sheet (staff only). */
export interface PersonalLink {
  participantId: string;
  name: string;
  role: ParticipantRole;
  onLeave: boolean;
  url: string;
}

export interface Participant {
  id: string;
  meetingId: string;
  name: string;
  role: ParticipantRole;
  attendance: Attendance;
  joinedAt: Timestamp;
  online: boolean;
  /** roster (应到名单) or guest (admitted observer, never eligible). */
  kind: ParticipantKind;
  /** 请假: on the roster, excused, not in 应到. */
  onLeave: boolean;
  /** 实到: checked in (a phone joined, or staff marked the person present). */
  present: boolean;
  /** A phone joined through the personal link or was admitted for this entry. */
  linked: boolean;
}

export interface JoinResult {
  /** The person joined, with what the server lets them do (roles.ts `selfView`). */
  participant: ParticipantSelf;
  /** Signed participant token: keep it (localStorage) and send it on every reconnect. */
  token: string;
}

const participantFields = {
  role: ParticipantRole.optional(),
  attendance: Attendance.optional(),
  /** Roster editing (issue 9): the name as typed, 请假, checked in by staff. */
  name: PersonName.optional(),
  onLeave: z.boolean().optional(),
  present: z.boolean().optional(),
};
const someField = (b: Record<string, unknown>) =>
  Object.entries(b).some(([k, v]) => k !== 'participantId' && v !== undefined);

export const UpdateParticipantBody = z
  .strictObject(participantFields)
  .refine(someField, 'a field to change');
export type UpdateParticipantBody = z.infer<typeof UpdateParticipantBody>;

export const ParticipantPatch = z
  .strictObject({ participantId: Id, ...participantFields })
  .refine(someField, 'a field to change');
export type ParticipantPatch = z.infer<typeof ParticipantPatch>;
export const ParticipantRef = z.strictObject({ participantId: Id });

/** One roster line: a name, an optional role (default 群众代表), optionally 请假. */
export const RosterEntryInput = z.strictObject({
  name: PersonName,
  role: ParticipantRole.default('resident'),
  onLeave: z.boolean().default(false),
});
export type RosterEntryInput = z.input<typeof RosterEntryInput>;

/** Names typed, pasted or imported by the facilitator: the 应到名单, nobody checked in yet. */
export const RosterEntriesBody = z.strictObject({
  entries: z.array(RosterEntryInput).min(1).max(LIMITS.participantsPerMeeting),
});
export type RosterEntriesBody = z.input<typeof RosterEntriesBody>;

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
