/**
 * Issue 12: the phone shows controls from the permissions the server sends it (the join
 * answer, `GET …/me`, `self:update` on connect and on every change of the person), never from
 * a role → permission table of its own. What it is told is what the server then enforces.
 */
import { describe, expect, it } from 'vitest';
import {
  Permissions,
  type ParticipantSelf,
  type Permission,
  type Vote,
} from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { emitAck, recordingSocket, until, type SeenEvent } from './helpers/realtime';

const fx = useServer();
const RESIDENT: Permission[] = ['readDocs', 'vote', 'speak', 'audio'];

/** The permissions of the last `self:update` the phone received. */
const lastSelf = (seen: SeenEvent[]): Permission[] | undefined => {
  const updates = seen.filter((e) => e.event === 'self:update');
  const self = updates.at(-1)?.args[0] as ParticipantSelf | undefined;
  return self ? Permissions.parse(self.permissions) : undefined;
};

describe('permissions sent to the phone', () => {
  it('come with the join, GET me and the socket, and follow role and leave changes', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    expect(Permissions.parse(li.participant.permissions)).toEqual(RESIDENT);
    const me = await li.api.ok<ParticipantSelf>('GET', `/meetings/${meeting.code}/me`);
    expect(Permissions.parse(me.permissions)).toEqual(RESIDENT);

    const { socket, seen } = await recordingSocket(
      fx.server.url,
      meeting.code,
      'participant',
      li.token,
    );
    fx.track(socket);
    expect(lastSelf(seen)).toEqual(RESIDENT);

    // Made recorder: may write the minutes, may no longer vote, and the server holds to it.
    const patch = (body: object) =>
      fx.admin.ok('PATCH', `/meetings/${meeting.code}/participants/${li.participant.id}`, body);
    const count = () => seen.filter((e) => e.event === 'self:update').length;
    let before = count();
    await patch({ role: 'recorder' });
    await until(() => count() > before, 5_000, 'self:update after the role change');
    expect(lastSelf(seen)).toEqual(['editDocs', 'readDocs', 'speak', 'audio']);
    const vote = await fx.admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '同意修缮村道',
    });
    const cast = { voteId: vote.id, choice: 'agree' as const, ballotId: 'li-ballot-1' };
    expect(await emitAck(socket, 'vote:cast', cast)).toMatchObject({
      ok: false,
      code: 'NOT_ELIGIBLE',
    });
    await fx.admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);

    // Back to resident, then on leave (请假): told no ballot, and refused one.
    before = count();
    await patch({ role: 'resident' });
    await until(() => count() > before, 5_000, 'self:update after the second role change');
    expect(lastSelf(seen)).toEqual(RESIDENT);
    before = count();
    await patch({ onLeave: true });
    await until(() => count() > before, 5_000, 'self:update after the leave');
    expect(lastSelf(seen)).toEqual(['readDocs', 'speak', 'audio']);
    const next = await fx.admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '同意修缮村南头的桥',
    });
    const again = { voteId: next.id, choice: 'agree' as const, ballotId: 'li-ballot-2' };
    expect(await emitAck(socket, 'vote:cast', again)).toMatchObject({ ok: false });
    const mine = await li.api.ok<ParticipantSelf>('GET', `/meetings/${meeting.code}/me`);
    expect(mine.permissions).toEqual(['readDocs', 'speak', 'audio']);
  });
});
