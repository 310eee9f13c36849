import { describe, expect, it } from 'vitest';
import {
  accountView,
  hasPermission,
  participantPrincipal,
  selfView,
  type Participant,
} from '../../shared/protocol';

const person = (patch: Partial<Participant> = {}): Participant => ({
  id: 'p1',
  meetingId: 'm1',
  name: '李大爷',
  role: 'resident',
  attendance: 'room',
  joinedAt: '2026-11-22T08:00:00.000Z',
  online: true,
  kind: 'roster',
  onLeave: false,
  present: true,
  linked: true,
  ...patch,
});

/** Issue 12: what clients are told of their own rights comes from the one permission function. */
describe('the views clients get of themselves', () => {
  it('a participant: from the role, on leave as an observer', () => {
    expect(selfView(person()).permissions).toEqual(['readDocs', 'vote', 'speak', 'audio']);
    expect(selfView(person({ role: 'recorder' })).permissions).toEqual([
      'editDocs',
      'readDocs',
      'speak',
      'audio',
    ]);
    expect(selfView(person({ onLeave: true })).permissions).toEqual(['readDocs', 'speak', 'audio']);
    const principal = participantPrincipal(person({ onLeave: true }));
    expect(hasPermission(principal, 'vote', { id: 'm1', staff: [] })).toBe(false);
    expect(hasPermission(participantPrincipal(person()), 'vote', { id: 'm2', staff: [] })).toBe(
      false,
    );
  });

  it('an account: administrators manage accounts, facilitators create meetings', () => {
    const user = { id: 'u1', username: 'wang', displayName: '王主任' };
    expect(accountView({ ...user, role: 'admin' }).permissions).toEqual([
      'createMeetings',
      'manageUsers',
    ]);
    expect(accountView({ ...user, role: 'facilitator' }).permissions).toEqual(['createMeetings']);
    expect(accountView({ ...user, role: 'recorder' }).permissions).toEqual([]);
  });
});
