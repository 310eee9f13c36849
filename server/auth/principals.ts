import { ERROR_CODES, type Participant, type Principal, type User } from '../../shared/protocol';
import { AppError } from '../errors';
import { readCookie, SESSION_COOKIE } from './cookies';
import type { ParticipantTokens } from './participant-tokens';
import type { UserService } from './users';

export type UserPrincipal = Principal & { kind: 'user' };

/** What a token is checked against: a meeting's people and their links (a room has them). */
export interface MeetingPeople {
  readonly id: string;
  readonly participants: ReadonlyMap<string, Participant>;
  readonly linkVersions: ReadonlyMap<string, number>;
}

/** A staff account as the permission check sees it: built here only. */
const userPrincipal = (user: User): UserPrincipal => ({
  kind: 'user',
  userId: user.id,
  role: user.role,
  displayName: user.displayName,
});

/**
 * Turns credentials into a Principal for one meeting, the same way for REST, Socket.IO and
 * the collab websocket. A participant's role always comes from the room, never the client.
 */
export class Principals {
  constructor(
    private readonly users: UserService,
    private readonly tokens: ParticipantTokens,
  ) {}

  /** The logged-in account behind a Cookie header, and its principal; null without one. */
  async session(
    cookieHeader: string | undefined,
  ): Promise<{ user: User; principal: UserPrincipal } | null> {
    const user = await this.users.userForSession(readCookie(cookieHeader, SESSION_COOKIE));
    return user ? { user, principal: userPrincipal(user) } : null;
  }

  async staff(cookieHeader: string | undefined): Promise<UserPrincipal | null> {
    return (await this.session(cookieHeader))?.principal ?? null;
  }

  participant(room: MeetingPeople, token: string | undefined): Principal & { kind: 'participant' } {
    const ids = token ? this.tokens.verify(token) : null;
    if (!ids || ids.meetingId !== room.id) {
      throw new AppError(ERROR_CODES.INVALID_TOKEN, 'Invalid participant token for this meeting');
    }
    const participant = room.participants.get(ids.participantId);
    if (!participant) throw new AppError(ERROR_CODES.INVALID_TOKEN, 'Unknown participant');
    // A revoked personal link ends every token issued through it (issue 9).
    if ((room.linkVersions.get(participant.id) ?? 0) !== ids.version) {
      throw new AppError(ERROR_CODES.INVALID_TOKEN, 'This join link was revoked');
    }
    return {
      kind: 'participant',
      participantId: participant.id,
      meetingId: room.id,
      role: participant.role,
    };
  }

  /** A participant when a token is sent, else staff by cookie. */
  async any(
    room: MeetingPeople,
    cookieHeader: string | undefined,
    token: string | undefined,
  ): Promise<Principal> {
    if (token) return this.participant(room, token);
    const staff = await this.staff(cookieHeader);
    if (!staff) throw new AppError(ERROR_CODES.UNAUTHENTICATED, 'Log in or join the meeting first');
    return staff;
  }
}
