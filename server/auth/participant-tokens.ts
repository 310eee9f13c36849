import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A participant token binds a participant id to its meeting with an HMAC, so a client can
 * neither invent an identity nor carry one into another meeting. It carries no role: roles
 * are always read from the database.
 */
export class ParticipantTokens {
  constructor(private readonly secret: string) {}

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  issue(participantId: string, meetingId: string): string {
    const body = `p1.${participantId}.${meetingId}`;
    return `${body}.${this.sign(body)}`;
  }

  /** Returns the ids, or null for anything forged or malformed. */
  verify(token: string): { participantId: string; meetingId: string } | null {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== 'p1') return null;
    const [, participantId, meetingId, signature] = parts as [string, string, string, string];
    const expected = Buffer.from(this.sign(`p1.${participantId}.${meetingId}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { participantId, meetingId };
  }
}
