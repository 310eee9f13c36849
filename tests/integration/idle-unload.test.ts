import { describe, expect, it } from 'vitest';
import type { RoomState, TalliedVote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { connectDoc, emitAck, until } from './helpers/realtime';

const fx = useServer();
/** Far past any idle limit: the sweep is called with its own clock, no waiting. */
const LATER = () => Date.now() + 24 * 3600_000;
const IDLE_MS = 600_000;

const loaded = (meetingId: string) => fx.server.rooms.loadedIds().includes(meetingId);

describe('an idle meeting leaves memory and comes back as it was', () => {
  it('stays while anyone is connected, leaves when the last one goes, reloads whole', async () => {
    const { meeting, itemIds } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '加装电梯',
    });
    const phone = await fx.phone(meeting.code, li.token);
    expect(
      await emitAck(phone, 'vote:cast', {
        voteId: vote.id,
        choice: 'agree',
        ballotId: 'idle-ballot-001',
      }),
    ).toMatchObject({ ok: true });
    await emitAck(phone, 'speakers:raise', { raised: true });
    const staff = await fx.staffSocket(meeting.code);
    await emitAck(staff, 'screen:show', { mode: 'queue' });
    const before = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);

    expect(fx.server.rooms.sweep(IDLE_MS, LATER())).toEqual([]);
    expect(loaded(meeting.id)).toBe(true);
    phone.close();
    staff.close();
    // Each socket's release runs on the server's disconnect: until then the meeting is held.
    await until(
      () => fx.server.rooms.sweep(IDLE_MS, LATER()).includes(meeting.id),
      5_000,
      'unload',
    );
    expect(loaded(meeting.id)).toBe(false);

    // The next request loads it again from the database: the same vote, ballot, queue, screen.
    const after = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    const { serverNow: _a, ...was } = before;
    const { serverNow: _b, ...now } = after;
    expect(now).toEqual({ ...was, attendance: { ...was.attendance, online: 0 } });
    expect(after.vote).toMatchObject({ id: vote.id, status: 'open', tally: { cast: 1 } });
    expect(after.currentItemId).toBe(itemIds[0]);
    // The phone comes back, resends the same ballot: still one.
    const back = await fx.phone(meeting.code, li.token);
    expect(
      await emitAck(back, 'vote:cast', {
        voteId: vote.id,
        choice: 'agree',
        ballotId: 'idle-ballot-001',
      }),
    ).toMatchObject({ ok: true });
    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.totals).toMatchObject({ agree: 1 });
  });

  it('is kept by someone at the door, a minutes editor and an open temperature check', async () => {
    const kept = (id: string) => fx.server.rooms.keptBy(id);
    const { meeting } = await createLiveMeeting(fx.admin);
    // Someone waiting at the door of a roster meeting: no socket, only a ticket they poll.
    await fx.admin.ok('PUT', `/meetings/${meeting.code}/settings`, { admission: 'roster' });
    await fx.admin.ok('POST', `/meetings/${meeting.code}/join`, {
      name: '门口的人',
      attendance: 'room',
    });
    expect(kept(meeting.id)).toEqual(['people at the door']);
    expect(fx.server.rooms.sweep(IDLE_MS, LATER())).not.toContain(meeting.id);
    const [entry] = await fx.admin.ok<{ id: string }[]>('GET', `/meetings/${meeting.code}/waiting`);
    await fx.admin.ok('POST', `/meetings/${meeting.code}/waiting/${entry!.id}/refuse`);
    expect(kept(meeting.id)).toEqual([]);

    const editor = connectDoc(fx.server.url, meeting.code, { cookie: fx.admin.cookie });
    await editor.synced;
    expect(kept(meeting.id)[0]).toBe('1 connection(s)');
    expect(fx.server.rooms.sweep(IDLE_MS, LATER())).not.toContain(meeting.id);
    editor.destroy();
    await until(() => kept(meeting.id).length === 0, 5_000, 'the editor to let go');
    expect(fx.server.rooms.sweep(IDLE_MS, LATER())).toContain(meeting.id);

    const { meeting: second } = await createLiveMeeting(fx.admin);
    const chair = await fx.staffSocket(second.code);
    expect(await emitAck(chair, 'pulse:open', {})).toMatchObject({ ok: true });
    chair.close();
    await until(() => !kept(second.id).some((why) => why.includes('connection')), 5_000, 'release');
    expect(kept(second.id)).toEqual(['an open temperature check']);
    expect(fx.server.rooms.sweep(IDLE_MS, LATER())).not.toContain(second.id);
  });

  it('unloads by itself after MEETING_IDLE_SEC', async () => {
    // This file's server runs with the default (ten minutes); a second one with one second.
    const { startTestServer } = await import('./helpers/server');
    const { adminClient } = await import('./helpers/api');
    const quick = await startTestServer(undefined, { MEETING_IDLE_SEC: '1' });
    try {
      const admin = await adminClient(quick.url);
      const { meeting } = await createLiveMeeting(admin);
      expect(quick.rooms.loadedIds()).toContain(meeting.id);
      await until(() => !quick.rooms.loadedIds().includes(meeting.id), 5_000, 'the sweep');
      expect((await admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`)).phase).toBe(
        'live',
      );
    } finally {
      await quick.dispose();
    }
  });
});
