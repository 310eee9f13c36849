import type { Request } from 'express';
import {
  ERROR_CODES,
  hasAccountPermission,
  hasPermission,
  meetingAccess,
  type AccountPermission,
  type MeetingAccess,
  type Permission,
  type Principal,
  type User,
} from '../../shared/protocol';
import type { Principals, UserPrincipal } from '../auth/principals';
import { AppError } from '../errors';
import type { MeetingRoom } from '../meetings/room';
import type { RoomRegistry } from '../meetings/rooms';
import type { Audience } from '../../shared/redact';
import { clientAddress } from '../util/rate-limit';
import type { RequestLimits } from './limits';

/** Request-level authentication shared by every feature's routes. */
export class Guards {
  constructor(
    private readonly principals: Principals,
    private readonly rooms: RoomRegistry,
    private readonly limits: RequestLimits,
  ) {}

  /** The logged-in account; with `permission`, only if the account holds it. */
  async user(req: Request, permission?: AccountPermission): Promise<User> {
    return (await this.session(req, permission)).user;
  }

  /** The logged-in account and its principal (auth/principals.ts builds both). */
  private async session(
    req: Request,
    permission?: AccountPermission,
  ): Promise<{ user: User; principal: UserPrincipal }> {
    const session = await this.principals.session(req.headers.cookie);
    if (!session) throw new AppError(ERROR_CODES.UNAUTHENTICATED, 'Log in first');
    if (permission && !hasAccountPermission(session.user.role, permission))
      throw new AppError(ERROR_CODES.FORBIDDEN, 'Not allowed');
    return session;
  }

  /** The meeting named in the path; the lookup spends the address's budget (limits.ts). */
  room(req: Request): Promise<MeetingRoom> {
    return this.limits.lookup(clientAddress(req), () => this.rooms.byCode(String(req.params.code)));
  }

  /** The meeting, and the staff user if they hold `permission` on it. */
  async staffOf(req: Request, permission: Permission): Promise<{ room: MeetingRoom; user: User }> {
    const room = await this.room(req);
    const { user, principal } = await this.session(req);
    if (!hasPermission(principal, permission, room.meeting)) {
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
    return meetingAccess((await this.session(req)).principal, room.meeting);
  }

  /**
   * Staff when a logged-in user may read this meeting's documents (the same rule that puts a
   * console socket in the `staff` channel), else the public. Never throws: public reads stay
   * open to phones and hall screens, just redacted.
   */
  async audience(req: Request, room: MeetingRoom): Promise<Audience> {
    const principal = await this.principals.staff(req.headers.cookie);
    if (!principal) return 'public';
    return hasPermission(principal, 'readDocs', room.meeting) ? 'staff' : 'public';
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
