import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';
import { ParticipantTokens } from '../../server/auth/participant-tokens';
import { readCookie } from '../../server/auth/cookies';
import { hasPermission, type Principal } from '../../shared/protocol';

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });
});

describe('participant tokens', () => {
  const tokens = new ParticipantTokens('test-secret-of-enough-length');

  it('round-trips ids', () => {
    expect(tokens.verify(tokens.issue('participant1', 'meeting1'))).toEqual({
      participantId: 'participant1',
      meetingId: 'meeting1',
      version: 0,
    });
  });

  it('rejects forged, altered or foreign tokens', () => {
    const token = tokens.issue('participant1', 'meeting1');
    expect(tokens.verify(token.replace('participant1', 'participant2'))).toBeNull();
    expect(tokens.verify(`${token}x`)).toBeNull();
    expect(tokens.verify('p1.a.b.c')).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(new ParticipantTokens('another-secret-entirely!').verify(token)).toBeNull();
  });
});

describe('cookies', () => {
  it('reads one cookie among several', () => {
    expect(readCookie('a=1; yb_session=abc%20d; b=2', 'yb_session')).toBe('abc d');
    expect(readCookie('a=1', 'yb_session')).toBeUndefined();
    expect(readCookie(undefined, 'yb_session')).toBeUndefined();
  });
});

describe('permissions', () => {
  const meeting = { id: 'm1', staff: [{ userId: 'u1', role: 'facilitator' as const }] };
  const participant = (
    role: 'resident' | 'observer' | 'recorder',
    meetingId = 'm1',
  ): Principal => ({
    kind: 'participant',
    participantId: 'p1',
    meetingId,
    role,
  });

  it('lets only the assigned facilitator facilitate; an admin only assigns staff', () => {
    const owner: Principal = { kind: 'user', userId: 'u1', role: 'facilitator', displayName: 'a' };
    const other: Principal = { kind: 'user', userId: 'u2', role: 'facilitator', displayName: 'b' };
    const admin: Principal = { kind: 'user', userId: 'u3', role: 'admin', displayName: 'c' };
    expect(hasPermission(owner, 'facilitate', meeting)).toBe(true);
    expect(hasPermission(other, 'facilitate', meeting)).toBe(false);
    expect(hasPermission(admin, 'facilitate', meeting)).toBe(false);
    expect(hasPermission(admin, 'assignStaff', meeting)).toBe(true);
    expect(hasPermission(other, 'assignStaff', meeting)).toBe(false);
    expect(hasPermission(participant('resident'), 'facilitate', meeting)).toBe(false);
  });

  it('gives ballots to voting roles in their own meeting only', () => {
    expect(hasPermission(participant('resident'), 'vote', meeting)).toBe(true);
    expect(hasPermission(participant('observer'), 'vote', meeting)).toBe(false);
    expect(hasPermission(participant('recorder'), 'vote', meeting)).toBe(false);
    expect(hasPermission(participant('resident', 'm2'), 'vote', meeting)).toBe(false);
  });

  it('lets recorders, not residents, edit the documents', () => {
    expect(hasPermission(participant('recorder'), 'editDocs', meeting)).toBe(true);
    expect(hasPermission(participant('resident'), 'editDocs', meeting)).toBe(false);
    expect(hasPermission({ kind: 'screen', meetingId: 'm1' }, 'editDocs', meeting)).toBe(false);
  });
});

describe('personal links and versioned tokens', () => {
  const tokens = new ParticipantTokens('test-secret-of-enough-length');
  it('revokes a link and its tokens by bumping the version', () => {
    const key = tokens.linkKey('participant1', 'meeting1', 0);
    expect(tokens.checkLinkKey(key, 'meeting1', () => 0)).toEqual({
      participantId: 'participant1',
      version: 0,
    });
    expect(tokens.checkLinkKey(key, 'meeting1', () => 1)).toBeNull();
    expect(tokens.checkLinkKey(key, 'meeting2', () => 0)).toBeNull();
    expect(tokens.verify(tokens.issue('participant1', 'meeting1', 3))).toEqual({
      participantId: 'participant1',
      meetingId: 'meeting1',
      version: 3,
    });
    const v3 = tokens.issue('participant1', 'meeting1', 3);
    expect(tokens.verify(v3.replace('.3.', '.4.'))).toBeNull();
  });
});
