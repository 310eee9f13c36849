import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Meeting, RoomState, TalliedVote } from '../../shared/protocol';
import { assignStaff, createLiveMeeting, join, staffUser } from '../integration/helpers/api';
import { useServer } from '../integration/helpers/fixture';
import { connectSocket } from '../integration/helpers/realtime';

/**
 * Issue 9, finding 9: any staff account could act on any meeting. Replayed with an account
 * that has nothing to do with the meeting, on every door: REST, Socket.IO, the collab socket.
 */
const fx = useServer();

const collabClose = (url: string, code: string, cookie: string) =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/collab/${code}`, {
      headers: { cookie },
    });
    ws.on('close', (closeCode) => resolve(closeCode));
  });

describe('staff act only on meetings they are assigned to', () => {
  it('refuses an unassigned staff account on REST, Socket.IO and collab', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const outsider = await staffUser(fx.server.url, fx.admin, 'outsider', 'facilitator');
    const villager = await join(fx.server.url, code, '李大爷');
    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '同意加装电梯',
      rule: 'simple_majority',
      hideResults: true,
    });
    await villager.api.ok('POST', `/meetings/${code}/votes/${vote.id}/ballots`, {
      choice: 'agree',
    });
    const entered = await fx.admin.ok<TalliedVote>(
      'PUT',
      `/meetings/${code}/votes/${vote.id}/hall-count`,
      { counts: { agree: 0, oppose: 0, abstain: 0 } },
    );

    // The outsider does not even see the meeting in its list.
    const listed = await outsider.ok<Meeting[]>('GET', '/meetings');
    expect(listed.map((m) => m.code)).not.toContain(code);

    const forbidden: [string, string, unknown?][] = [
      ['GET', `/meetings/${code}/participants`],
      ['PATCH', `/meetings/${code}/participants/${villager.participant.id}`, { role: 'observer' }],
      [
        'PUT',
        `/meetings/${code}/votes/${vote.id}/hall-count`,
        { counts: { agree: 9, oppose: 0, abstain: 0 } },
      ],
      ['POST', `/meetings/${code}/votes/${vote.id}/hall-count/${entered.hallPending!.id}/confirm`],
      ['POST', `/meetings/${code}/votes/${vote.id}/close`],
      ['POST', `/meetings/${code}/votes`, { proposal: 'x', rule: 'simple_majority' }],
      ['PUT', `/meetings/${code}/current-item`, { itemId: null }],
      ['POST', `/meetings/${code}/agenda`, { items: [{ title: 'x' }] }],
      ['PUT', `/meetings/${code}/quorum`, { quorum: 0.5 }],
      ['POST', `/meetings/${code}/roster`, { names: ['假人'] }],
      [
        'PUT',
        `/meetings/${code}/staff`,
        { assignments: [{ userId: outsider.userId, role: 'facilitator' }] },
      ],
      ['PUT', `/meetings/${code}/settings`, { admission: 'open' }],
      ['POST', `/meetings/${code}/close`],
    ];
    for (const [method, path, body] of forbidden) {
      const { status, ack } = await outsider.request(method, path, body);
      expect({ path, method, status, ok: ack.ok }).toEqual({
        path,
        method,
        status: 403,
        ok: false,
      });
    }
    // Hidden totals stay hidden: the outsider reads what the public reads.
    const state = await outsider.ok<RoomState>('GET', `/meetings/${code}/state`);
    expect(state.vote?.tally).toMatchObject({ hidden: true });

    // Socket.IO: the staff handshake itself is refused.
    const refused = await connectSocket(
      fx.server.url,
      { meetingCode: code, as: 'staff' },
      outsider.cookie,
    ).then(
      (s) => (s.close(), null),
      (err: Error & { data?: { code: string } }) => err.data?.code,
    );
    expect(refused).toBe('FORBIDDEN');

    // Collab: refused with the final 4403 close code, so the minutes can't be read or edited.
    expect(await collabClose(fx.server.url, code, outsider.cookie)).toBe(4403);
  });

  it('keeps the two-person rule between two assigned people', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const teller = await staffUser(fx.server.url, fx.admin, 'teller-a', 'recorder');
    await fx.admin.ok('POST', `/meetings/${code}/roster`, { names: ['赵奶奶', '钱大爷'] });
    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '同意',
      rule: 'simple_majority',
    });
    const hall = `/meetings/${code}/votes/${vote.id}/hall-count`;
    const entered = await fx.admin.ok<TalliedVote>('PUT', hall, {
      counts: { agree: 2, oppose: 0, abstain: 0 },
    });
    const confirm = `${hall}/${entered.hallPending!.id}/confirm`;
    expect((await teller.request('POST', confirm)).status).toBe(403);
    await assignStaff(fx.admin, code, teller, 'teller');
    const confirmed = await teller.ok<TalliedVote>('POST', confirm);
    expect(confirmed.tally.totals.agree).toBe(2);
  });

  it('an administrator assigns staff but runs only the meetings it is assigned to', async () => {
    const facilitator = await staffUser(fx.server.url, fx.admin, 'fac-b', 'facilitator');
    const meeting = await facilitator.ok<Meeting>('POST', '/meetings', {
      title: '河道承包协商会',
      level: 'village',
      date: '2026-11-30',
    });
    const code = meeting.code;
    expect((await fx.admin.request('POST', `/meetings/${code}/start`)).status).toBe(403);
    // The administrator sees it in the list (to assign its staff) and may assign itself.
    const all = await fx.admin.ok<Meeting[]>('GET', '/meetings');
    expect(all.map((m) => m.code)).toContain(code);
    const recorder = await staffUser(fx.server.url, fx.admin, 'rec-b', 'recorder');
    // A recorder account cannot be made facilitator.
    const bad = await fx.admin.request('PUT', `/meetings/${code}/staff`, {
      assignments: [{ userId: recorder.userId, role: 'facilitator' }],
    });
    expect([bad.status, bad.ack.ok || bad.ack.code]).toEqual([422, 'RECORDER_CANNOT_FACILITATE']);
    await assignStaff(fx.admin, code, recorder, 'recorder');
    const socket = await connectSocket(
      fx.server.url,
      { meetingCode: code, as: 'staff' },
      recorder.cookie,
    );
    expect(socket.connected).toBe(true);
    // Taken off the staff, its console is disconnected at once.
    const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    // Its open minutes connection is closed too, with the final 4403.
    const collab = new WebSocket(`${fx.server.url.replace('http', 'ws')}/collab/${code}`, {
      headers: { cookie: recorder.cookie },
    });
    await new Promise((resolve) => collab.once('open', resolve));
    const collabClosed = new Promise<number>((resolve) => collab.once('close', resolve));
    await facilitator.ok('PUT', `/meetings/${code}/staff`, {
      assignments: [{ userId: facilitator.userId, role: 'facilitator' }],
    });
    await gone;
    expect(await collabClosed).toBe(4403);
    expect((await recorder.request('GET', `/meetings/${code}/participants`)).status).toBe(403);
  });
});
