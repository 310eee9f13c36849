import type { Request } from 'express';
import {
  ERROR_CODES,
  hasPermission,
  meetingAccess,
  type MeetingAccess,
  type Permission,
  type Principal,
  type User,
} from '../../shared/protocol';
import { userPrincipal, type Principals } from '../auth/principals';
import type { UserService } from '../auth/users';
import { readCookie, SESSION_COOKIE } from '../auth/cookies';
import { AppError } from '../errors';
import type { MeetingRoom } from '../meetings/room';
import type { RoomRegistry } from '../meetings/rooms';
import type { Audience } from '../../shared/redact';
import { clientAddress } from '../util/rate-limit';
import type { RequestLimits } from './limits';

/** Request-level authentication shared by every feature's routes. */
export class Guards {
  constructor(
    private readonly users: UserService,
    private readonly principals: Principals,
    private readonly rooms: RoomRegistry,
    private readonly limits: RequestLimits,
  ) {}

  async user(req: Request, roles?: User['role'][]): Promise<User> {
    const user = await this.users.userForSession(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!user) throw new AppError(ERROR_CODES.UNAUTHENTICATED, 'Log in first');
    if (roles && !roles.includes(user.role))
      throw new AppError(ERROR_CODES.FORBIDDEN, 'Not allowed');
    return user;
  }

  /** The meeting named in the path; the lookup spends the address's budget (limits.ts). */
  room(req: Request): Promise<MeetingRoom> {
    return this.limits.lookup(clientAddress(req), () => this.rooms.byCode(String(req.params.code)));
  }

  /** The meeting, and the staff user if they hold `permission` on it. */
  async staffOf(req: Request, permission: Permission): Promise<{ room: MeetingRoom; user: User }> {
    const room = await this.room(req);
    const user = await this.user(req);
    if (!hasPermission(userPrincipal(user), permission, room.meeting)) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'Not allowed for this meeting');
    }
    return { room, user };
  }

  /**
   * The logged-in account's effective permissions in this meeting (issue 10), computed with
   * the same `hasPermission` every route and socket event checks.
   */
  async access(req: Request): Promise<MeetingAccess> {
    const room = await this.room(req);
    const user = await this.user(req);
    return meetingAccess(userPrincipal(user), room.meeting);
  }

  /**
   * Staff when a logged-in user may read this meeting's documents (the same rule that puts a
   * console socket in the `staff` channel), else the public. Never throws: public reads stay
   * open to phones and hall screens, just redacted.
   */
  async audience(req: Request, room: MeetingRoom): Promise<Audience> {
    const user = await this.users.userForSession(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!user) return 'public';
    return hasPermission(userPrincipal(user), 'readDocs', room.meeting) ? 'staff' : 'public';
  }

  /**
   * May the asker read this meeting's closed record (issue 9)? The facilitator chose who:
   * its staff (default), its participants too (a participant token as Bearer or `?token=`,
   * since a download link cannot set a header), or anyone.
   */
  async recordReader(req: Request, room: MeetingRoom): Promise<void> {
    const access = room.meeting.recordAccess;
    if (access === 'public') return;
    if ((await this.audience(req, room)) === 'staff') return;
    if (access === 'participants') {
      const query = typeof req.query.token === 'string' ? req.query.token : undefined;
      const token = bearer(req) ?? query;
      if (token) {
        try {
          this.principals.participant(room, token);
          return;
        } catch {
          // fall through to the refusal
        }
      }
    }
    throw new AppError(ERROR_CODES.RECORD_RESTRICTED, 'The record of this meeting is restricted');
  }

  /** Whoever asks: a participant by `Authorization: Bearer <token>`, else staff by cookie. */
  principal(req: Request, room: MeetingRoom): Promise<Principal> {
    return this.principals.any(room, req.headers.cookie, bearer(req));
  }

  /** The participant behind `Authorization: Bearer <token>`. */
  async participantOf(req: Request): Promise<{ room: MeetingRoom; participantId: string }> {
    const room = await this.room(req);
    const token = bearer(req);
    if (!token) throw new AppError(ERROR_CODES.UNAUTHENTICATED, 'Send the participant token');
    const principal = this.principals.participant(room, token);
    return { room, participantId: principal.participantId };
  }
}

const bearer = (req: Request): string | undefined => {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : undefined;
};
