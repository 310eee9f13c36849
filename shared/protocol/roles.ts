import { z } from 'zod';

import { ATTENDANCE, canVote, PARTICIPANT_ROLES, USER_ROLES } from './constants';

/** Roles a participant holds inside one meeting (DOMAIN.md, "People and roles"). */
export const ParticipantRole = z.enum(PARTICIPANT_ROLES);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

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
  /** Run the meeting: agenda control, timer, votes, roles, close. */
  facilitate: 'facilitate',
  /** Write the shared agenda and minutes. */
  editDocs: 'editDocs',
  /** Read the shared agenda and minutes. */
  readDocs: 'readDocs',
  /** Cast one's own ballot. */
  vote: 'vote',
  /** Raise or lower one's own hand in the speakers' queue. */
  speak: 'speak',
  /** Take part in the meeting's audio (what exactly is decided by the audio service). */
  audio: 'audio',
  /** Enter or confirm counted hands (计票): any staff account; a second one must confirm. */
  tally: 'tally',
} as const;
export type Permission = keyof typeof PERMISSIONS;

/**
 * `facilitatorId` is the account that created the meeting; admins may run any meeting.
 * Recorder accounts may edit the documents of any meeting they open.
 */
export function hasPermission(
  principal: Principal,
  permission: Permission,
  meeting: { id: string; facilitatorId: string },
): boolean {
  switch (principal.kind) {
    case 'user': {
      const runs = principal.role === 'admin' || principal.userId === meeting.facilitatorId;
      if (permission === 'facilitate') return runs;
      if (permission === 'editDocs') return runs || principal.role === 'recorder';
      if (permission === 'readDocs' || permission === 'tally') return true;
      // Staff join audio as the hall device or from afar; raising hands is for participants.
      if (permission === 'audio') return runs;
      return false;
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
