import { z } from 'zod';

import { ATTENDANCE, canVote, PARTICIPANT_ROLES, STAFF_ROLES, USER_ROLES } from './constants';
import type { User } from './auth';
import type { Participant } from './meetings';

/** Roles a participant holds inside one meeting (DOMAIN.md, "People and roles"). */
export const ParticipantRole = z.enum(PARTICIPANT_ROLES);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

/** One account's role in one meeting. */
export interface StaffAssignment {
  userId: string;
  role: StaffRole;
}

export const Attendance = z.enum(ATTENDANCE);
export type Attendance = z.infer<typeof Attendance>;

/**
 * What a connected principal may do. Checked on every socket event, REST route and collab
 * connection; never derived from anything the client sends about itself.
 */
export type Principal =
  | { kind: 'user'; userId: string; role: UserRole; displayName: string }
  | { kind: 'participant'; participantId: string; meetingId: string; role: ParticipantRole }
  | { kind: 'screen'; meetingId: string };

export const PERMISSIONS = {
  /** Run the meeting: agenda control, timer, votes, roles, roster, close. */
  facilitate: 'facilitate',
  /** Write the shared agenda and minutes. */
  editDocs: 'editDocs',
  /** Read the shared agenda and minutes; for staff also participant lists and hidden totals. */
  readDocs: 'readDocs',
  /** Cast one's own ballot. */
  vote: 'vote',
  /** Raise or lower one's own hand in the speakers' queue. */
  speak: 'speak',
  /** Take part in the meeting's audio (what exactly is decided by the audio service). */
  audio: 'audio',
  /** Enter or confirm counted hands (计票): assigned staff; a second one must confirm. */
  tally: 'tally',
  /** Admit or refuse people waiting at the door (the waiting list): assigned staff. */
  admit: 'admit',
  /** Assign the meeting's staff: an administrator, or the meeting's facilitator. */
  assignStaff: 'assignStaff',
} as const;
export type Permission = keyof typeof PERMISSIONS;
/** What the server sends a client about its own rights: the client never derives them. */
export const Permissions = z.array(z.enum(PERMISSIONS));

/** What `hasPermission` needs to know about a meeting. */
export interface PermissionScope {
  id: string;
  staff: readonly StaffAssignment[];
}

/** The roles `userId` holds in the meeting (none: the account has nothing to do with it). */
export const staffRolesOf = (meeting: PermissionScope, userId: string): StaffRole[] =>
  meeting.staff.filter((s) => s.userId === userId).map((s) => s.role);

/**
 * The one permission function. Staff accounts act on a meeting only through an assignment
 * (issue 9): facilitators run it, recorders edit the documents, tellers count hands; any
 * assigned staff reads it and admits people. An administrator is not a super-user inside
 * meetings: it assigns staff to any meeting (itself included, which is logged), and a meeting
 * it creates has it as facilitator.
 */
export function hasPermission(
  principal: Principal,
  permission: Permission,
  meeting: PermissionScope,
): boolean {
  switch (principal.kind) {
    case 'user': {
      const roles = staffRolesOf(meeting, principal.userId);
      const runs = roles.includes('facilitator');
      switch (permission) {
        case 'facilitate':
        case 'audio':
          return runs;
        case 'editDocs':
          return runs || roles.includes('recorder');
        case 'readDocs':
        case 'tally':
        case 'admit':
          return roles.length > 0;
        case 'assignStaff':
          return runs || principal.role === 'admin';
        default:
          // Raising hands and voting are for participants.
          return false;
      }
    }
    case 'participant': {
      if (principal.meetingId !== meeting.id) return false;
      if (permission === 'vote') return canVote(principal.role);
      if (permission === 'editDocs') return principal.role === 'recorder';
      if (permission === 'readDocs' || permission === 'speak' || permission === 'audio')
        return true;
      return false;
    }
    case 'screen':
      return principal.meetingId === meeting.id && permission === 'readDocs';
  }
}

/** Every permission `principal` holds in `meeting`, from the one function above. */
export const permissionsOf = (principal: Principal, meeting: PermissionScope): Permission[] =>
  (Object.keys(PERMISSIONS) as Permission[]).filter((p) => hasPermission(principal, p, meeting));

/** What an account may do outside any one meeting. */
export const ACCOUNT_PERMISSIONS = {
  /** Create meetings (and be the facilitator of those it creates). */
  createMeetings: 'createMeetings',
  /** List and create accounts. */
  manageUsers: 'manageUsers',
} as const;
export type AccountPermission = keyof typeof ACCOUNT_PERMISSIONS;
export const AccountPermissions = z.array(z.enum(ACCOUNT_PERMISSIONS));

/** The one account-level permission function: administrators and facilitators create. */
export function hasAccountPermission(role: UserRole, permission: AccountPermission): boolean {
  if (permission === 'createMeetings') return role === 'admin' || role === 'facilitator';
  return role === 'admin';
}

/** A console's view of its own account (`GET /auth/me`, login, setup): never re-derived. */
export type AccountSelf = User & { permissions: AccountPermission[] };

export const accountView = (user: User): AccountSelf => ({
  ...user,
  permissions: (Object.keys(ACCOUNT_PERMISSIONS) as AccountPermission[]).filter((p) =>
    hasAccountPermission(user.role, p),
  ),
});

/**
 * A participant as the permission check sees it, from the room's record of the person, never
 * from the client. Someone on leave (请假) is not in 应到 and holds no ballot until taken off
 * leave: they act as an observer.
 */
export const participantPrincipal = (
  participant: Pick<Participant, 'id' | 'meetingId' | 'role' | 'onLeave'>,
): Extract<Principal, { kind: 'participant' }> => ({
  kind: 'participant',
  participantId: participant.id,
  meetingId: participant.meetingId,
  role: participant.onLeave && canVote(participant.role) ? 'observer' : participant.role,
});

/**
 * A phone's view of itself (the join answer, `GET …/me`, `self:update`): the person, and what
 * the server lets them do, so the phone shows controls from this set and holds no policy.
 */
export type ParticipantSelf = Participant & { permissions: Permission[] };

/** Participants' permissions depend on their role and meeting only, never on the staff. */
export const selfView = (participant: Participant): ParticipantSelf => ({
  ...participant,
  permissions: permissionsOf(participantPrincipal(participant), {
    id: participant.meetingId,
    staff: [],
  }),
});

/**
 * What a staff account may do in one meeting, as the server computes it (issue 10): the
 * console shows controls from this and never re-derives it from roles.
 */
export interface MeetingAccess {
  userId: string;
  /** The account's assignments in this meeting (none: an unassigned administrator). */
  staffRoles: StaffRole[];
  permissions: Permission[];
}

/** A staff account's access to a meeting: what REST (`GET …/access`) and the socket send. */
export const meetingAccess = (
  principal: Extract<Principal, { kind: 'user' }>,
  meeting: PermissionScope,
): MeetingAccess => ({
  userId: principal.userId,
  staffRoles: staffRolesOf(meeting, principal.userId),
  permissions: permissionsOf(principal, meeting),
});
