import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A participant token binds a participant id to its meeting with an HMAC, so a client can
 * neither invent an identity nor carry one into another meeting. It carries no role: roles
 * are always read from the database. It carries the entry's link version (issue 9): staff
 * revoke a personal link by bumping it, which ends every token issued before. Version 0 keeps
 * the original `p1` form, so tokens held by phones before the upgrade stay valid.
 */
export class ParticipantTokens {
  constructor(private readonly secret: string) {}

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  issue(participantId: string, meetingId: string, version = 0): string {
    const body =
      version === 0
        ? `p1.${participantId}.${meetingId}`
        : `p2.${participantId}.${meetingId}.${version}`;
    return `${body}.${this.sign(body)}`;
  }

  /** Returns the ids, or null for anything forged or malformed. */
  verify(token: string): { participantId: string; meetingId: string; version: number } | null {
    const parts = token.split('.');
    let version = 0;
    if (parts[0] === 'p2' && parts.length === 5) {
      version = Number(parts[3]);
      if (!Number.isSafeInteger(version) || version < 1 || String(version) !== parts[3])
        return null;
    } else if (parts[0] !== 'p1' || parts.length !== 4) return null;
    const participantId = parts[1]!;
    const meetingId = parts[2]!;
    const signature = parts.at(-1)!;
    const expected = Buffer.from(this.sign(parts.slice(0, -1).join('.')));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { participantId, meetingId, version };
  }

  /**
   * The secret in a person's join link (`/m/<code>?k=<key>`): the entry id and a MAC over the
   * entry, its meeting and its link version. Nothing is stored: bumping the version revokes it.
   */
  linkKey(participantId: string, meetingId: string, version: number): string {
    const mac = this.sign(`link.${participantId}.${meetingId}.${version}`).slice(0, 22);
    return `${participantId}.${mac}`;
  }

  /** The entry id a link key names, if its MAC matches the entry's current version. */
  checkLinkKey(key: string, meetingId: string, versionOf: (id: string) => number | undefined) {
    const dot = key.indexOf('.');
    if (dot < 1) return null;
    const participantId = key.slice(0, dot);
    const version = versionOf(participantId);
    if (version === undefined) return null;
    const expected = Buffer.from(this.linkKey(participantId, meetingId, version));
    const given = Buffer.from(key);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { participantId, version };
  }
}
