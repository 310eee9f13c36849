import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingRecord, Participant, RoomState, TalliedVote } from '../../shared/protocol';
import {
  ApiClient,
  adminClient,
  ADMIN,
  assignStaff,
  createLiveMeeting,
  join,
  staffUser,
} from './helpers/api';
import { startTestServer, type TestServer } from './helpers/server';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server.url);
});
afterAll(() => server.dispose());

describe('accounts', () => {
  it('creates the first administrator once, then refuses setup', async () => {
    const again = await new ApiClient(server.url).request('POST', '/setup', ADMIN);
    expect(again.status).toBe(409);
    expect(again.ack).toMatchObject({ ok: false, code: 'SETUP_DONE' });
    expect(await new ApiClient(server.url).ok('GET', '/setup')).toEqual({ needsSetup: false });
  });

  it('logs facilitators in with an httpOnly cookie and rejects wrong passwords', async () => {
    await admin.ok('POST', '/users', {
      username: 'zhang',
      password: 'facilitator-pw',
      displayName: '张主持',
      role: 'facilitator',
    });
    const bad = await new ApiClient(server.url).request('POST', '/auth/login', {
      username: 'zhang',
      password: 'wrong-password',
    });
    expect(bad.ack).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });

    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhang', password: 'facilitator-pw' }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/yb_session=.*HttpOnly/i);
    const facilitator = new ApiClient(server.url);
    facilitator.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(await facilitator.ok('GET', '/auth/me')).toMatchObject({
      username: 'zhang',
      role: 'facilitator',
    });
    // A facilitator may not manage accounts.
    expect((await facilitator.request('GET', '/users')).ack).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a whole meeting over the HTTP API', () => {
  it('runs from creation to the exported record', async () => {
    const { meeting, itemIds } = await createLiveMeeting(admin);
    expect(meeting.code).toMatch(/^\d{6}$/);

    const qr = await fetch(`${server.url}/api/meetings/${meeting.code}/qr.svg`);
    expect(qr.headers.get('content-type')).toMatch(/svg/);
    expect(await qr.text()).toContain('<svg');

    const li = await join(server.url, meeting.code, '李大爷', 'room');
    const wang = await join(server.url, meeting.code, '王阿姨', 'remote');
    const chen = await join(server.url, meeting.code, '陈委员', 'room');
    const obs = await join(server.url, meeting.code, '赵列席', 'remote');
    await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${chen.participant.id}`, {
      role: 'member',
    });
    await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${obs.participant.id}`, {
      role: 'observer',
    });
    expect(await li.api.ok<Participant>('GET', `/meetings/${meeting.code}/me`)).toMatchObject({
      name: '李大爷',
      role: 'resident',
    });

    const vote = await admin.ok<TalliedVote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '同意在3号楼东侧加装电梯',
      rule: 'two_thirds',
    });
    expect(vote.agendaItemId).toBe(itemIds[0]);
    const ballots = `/meetings/${meeting.code}/votes/${vote.id}/ballots`;
    await li.api.ok('POST', ballots, { choice: 'oppose' });
    await li.api.ok('POST', ballots, { choice: 'agree' }); // changed before close
    await wang.api.ok('POST', ballots, { choice: 'agree' });
    await chen.api.ok('POST', ballots, { choice: 'abstain' });
    const observer = await obs.api.request('POST', ballots, { choice: 'agree' });
    expect(observer.ack).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    // Five villagers without a phone, added by name; a teller's count needs a second person.
    await admin.ok('POST', `/meetings/${meeting.code}/roster`, {
      names: ['赵奶奶', '钱大爷', '孙婶', '周伯', '吴姨'],
    });
    const entered = await admin.ok<TalliedVote>(
      'PUT',
      `/meetings/${meeting.code}/votes/${vote.id}/hall-count`,
      { counts: { agree: 4, oppose: 1, abstain: 0 } },
    );
    const teller = await staffUser(server.url, admin, 'teller1');
    await assignStaff(admin, meeting.code, teller);
    await teller.ok(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/hall-count/${entered.hallPending!.id}/confirm`,
    );
    const closed = await admin.ok<TalliedVote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.outcome).toBe('passed');
    expect(closed.tally.totals).toEqual({ agree: 6, oppose: 1, abstain: 1 });
    expect(closed.tally.byChannel.remote).toEqual({ agree: 1, oppose: 0, abstain: 0 });
    expect(closed.tally.eligible).toBe(8);

    // The result never changes afterwards: late ballots and hall counts are refused.
    const late = await wang.api.request('POST', ballots, { choice: 'oppose' });
    expect(late.ack).toMatchObject({ ok: false, code: 'VOTE_CLOSED' });
    const lateHall = await admin.request(
      'PUT',
      `/meetings/${meeting.code}/votes/${vote.id}/hall-count`,
      {
        counts: { agree: 0, oppose: 99, abstain: 0 },
      },
    );
    expect(lateHall.ack).toMatchObject({ ok: false, code: 'VOTE_CLOSED' });

    const second = await admin.ok<TalliedVote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '电梯费用按楼层分摊',
      rule: 'consensus',
      secret: true,
    });
    await li.api.ok('POST', `/meetings/${meeting.code}/votes/${second.id}/ballots`, {
      choice: 'agree',
    });
    await wang.api.ok('POST', `/meetings/${meeting.code}/votes/${second.id}/ballots`, {
      choice: 'oppose',
    });
    // Closing the meeting closes the open vote too, when told to (issue 10: never silently).
    const record = await admin.ok<MeetingRecord>('POST', `/meetings/${meeting.code}/close`, {
      openVote: 'close',
    });
    expect(record.conclusions.map((c) => c.proposal)).toEqual(['同意在3号楼东侧加装电梯']);
    expect(record.conclusions[0]!.roll?.agree.sort()).toEqual(['李大爷', '王阿姨'].sort());
    expect(record.escalations).toHaveLength(1);
    expect(record.escalations[0]).toMatchObject({
      outcome: 'no_consensus',
      secret: true,
      roll: null,
    });
    expect(record.attendance.byChannel).toEqual({ room: 7, remote: 2 });
    expect(record.attendance.byRole).toMatchObject({ resident: 7, member: 1, observer: 1 });
    expect(record.audit?.entries.map((e) => e.kind)).toContain('hall.confirmed');

    const state = await admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.phase).toBe('closed');
    const lateJoin = await new ApiClient(server.url).request(
      'POST',
      `/meetings/${meeting.code}/join`,
      {
        name: '迟到者',
      },
    );
    expect(lateJoin.ack).toMatchObject({ ok: false, code: 'MEETING_CLOSED' });

    // The record is for the meeting's staff unless the facilitator opens it (issue 9).
    const asStaff = { headers: { cookie: admin.cookie } };
    const json = await fetch(`${server.url}/api/meetings/${meeting.code}/record.json`, asStaff);
    expect(((await json.json()) as MeetingRecord).conclusions[0]!.proposal).toBe(
      '同意在3号楼东侧加装电梯',
    );
    const md = await (
      await fetch(`${server.url}/api/meetings/${meeting.code}/record.md`, asStaff)
    ).text();
    expect(md).toContain('同意在3号楼东侧加装电梯');
    const docx = await fetch(`${server.url}/api/meetings/${meeting.code}/record.docx`, asStaff);
    expect(docx.headers.get('content-disposition')).toContain('.docx');
    const bytes = Buffer.from(await docx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('bad input gets a typed error and the server keeps running', () => {
  it('answers each kind of bad request with its code', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const anon = new ApiClient(server.url);
    const cases: [Promise<{ status: number; ack: { ok: boolean } }>, number, string][] = [
      [anon.request('POST', '/meetings/123456/join', { name: 'x' }), 404, 'MEETING_NOT_FOUND'],
      [anon.request('POST', `/meetings/${meeting.code}/join`, { name: '' }), 400, 'VALIDATION'],
      [
        anon.request('POST', `/meetings/${meeting.code}/join`, { name: 'x', role: 'admin' }),
        400,
        'VALIDATION',
      ],
      [anon.request('POST', `/meetings/${meeting.code}/join`, '{"name": "x"'), 400, 'VALIDATION'],
      [
        anon.request('POST', `/meetings/${meeting.code}/join`, { name: 'x'.repeat(70_000) }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        anon.request('POST', '/meetings', { title: 't', level: 'village', date: '2026-11-22' }),
        401,
        'UNAUTHENTICATED',
      ],
      [anon.request('POST', `/meetings/${meeting.code}/start`), 401, 'UNAUTHENTICATED'],
      [anon.request('GET', `/meetings/${meeting.code}/record.json`), 409, 'WRONG_PHASE'],
      [anon.request('GET', '/no-such-route'), 400, 'VALIDATION'],
    ];
    for (const [pending, status, code] of cases) {
      const { status: got, ack } = await pending;
      expect({ got, ack }).toMatchObject({ got: status, ack: { ok: false, code } });
    }

    // A code from the network is echoed back short, whatever its length.
    const long = await anon.request('POST', `/meetings/${'9'.repeat(5000)}/join`, { name: 'x' });
    expect(long.ack).toMatchObject({ ok: false, code: 'MEETING_NOT_FOUND' });
    expect(JSON.stringify(long.ack).length).toBeLessThan(200);

    // A participant may not run the meeting, nor forge another token.
    const li = await join(server.url, meeting.code, '李大爷');
    const forged = new ApiClient(server.url);
    forged.bearer = li.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await forged.request('GET', `/meetings/${meeting.code}/me`)).ack).toMatchObject({
      code: 'INVALID_TOKEN',
    });
    const other = await createLiveMeeting(admin);
    const foreign = new ApiClient(server.url);
    foreign.bearer = li.token;
    expect((await foreign.request('GET', `/meetings/${other.meeting.code}/me`)).ack).toMatchObject({
      code: 'INVALID_TOKEN',
    });
    // The same command over REST and the socket: a participant is known, and not allowed.
    expect(
      (await li.api.request('POST', `/meetings/${meeting.code}/votes`, { proposal: 'x' })).ack,
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      (await new ApiClient(server.url).request('POST', `/meetings/${meeting.code}/votes`, {})).ack,
    ).toMatchObject({ code: 'UNAUTHENTICATED' });

    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
  });
});
