import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type {
  JoinAnswer,
  JoinResult,
  Meeting,
  Participant,
  PersonalLink,
  RoomState,
  TalliedVote,
  TicketStatus,
  WaitingEntry,
} from '../../shared/protocol';
import { LIMITS } from '../../shared/limits';
import { ApiClient, staffUser } from '../integration/helpers/api';
import { useServer } from '../integration/helpers/fixture';
import { connectSocket, emitAck } from '../integration/helpers/realtime';

/**
 * Issue 9, finding 4: quorum, turnout and the hall cap were counted against whoever joined.
 * They are counted against the roster (应到名单) the facilitator keeps.
 */
const fx = useServer();

async function rosterMeeting(names: { name: string; role?: string; onLeave?: boolean }[]) {
  const meeting = await fx.admin.ok<Meeting>('POST', '/meetings', {
    title: '河道承包协商会',
    level: 'village',
    date: '2026-11-30',
  });
  const code = meeting.code;
  const entries = await fx.admin.ok<Participant[]>('POST', `/meetings/${code}/roster/entries`, {
    entries: names,
  });
  await fx.admin.ok('POST', `/meetings/${code}/start`);
  return { code, entries };
}

describe('quorum against the roster', () => {
  it('counts 应到 from the roster minus 请假, caps hands at those checked in', async () => {
    const names = Array.from({ length: 10 }, (_, i) => ({
      name: `村民${i + 1}`,
      onLeave: i >= 7, // three on leave
    }));
    names.push({ name: '列席者', role: 'observer' } as never);
    const { code, entries } = await rosterMeeting(names);
    expect(entries).toHaveLength(11);
    expect(entries.every((e) => !e.present && e.kind === 'roster')).toBe(true);

    // Three people arrive in the hall without phones; staff check them in.
    for (const e of entries.slice(0, 3)) {
      await fx.admin.ok('PATCH', `/meetings/${code}/participants/${e.id}`, { present: true });
    }
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${code}/state`);
    expect(state.attendance).toMatchObject({ expected: 8, present: 3, onLeave: 3, room: 3 });

    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '同意续签河道承包合同',
      rule: 'simple_majority',
      quorum: 0.5,
    });
    expect(vote.tally.eligible).toBe(7);
    expect(vote.tally.quorum).toEqual({ required: 4, met: false });
    expect(vote.tally.hallCap).toBe(3);
    const hall = `/meetings/${code}/votes/${vote.id}/hall-count`;
    const over = await fx.admin.request('PUT', hall, {
      counts: { agree: 4, oppose: 0, abstain: 0 },
    });
    expect(over.ack).toMatchObject({ ok: false, code: 'HALL_CAP_EXCEEDED' });

    // While the vote is open nobody is put on leave or removed: 应到 would move under it.
    const leave = await fx.admin.request(
      'PATCH',
      `/meetings/${code}/participants/${entries[0]!.id}`,
      {
        onLeave: true,
      },
    );
    expect(leave.ack).toMatchObject({ ok: false, code: 'ROSTER_LOCKED' });
    const removed = await fx.admin.request(
      'DELETE',
      `/meetings/${code}/participants/${entries[5]!.id}`,
    );
    expect(removed.ack).toMatchObject({ ok: false, code: 'ROSTER_LOCKED' });
    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${code}/votes/${vote.id}/close`,
    );
    expect(closed.outcome).toBe('no_quorum');

    // Between votes the roster is edited freely.
    await fx.admin.ok('DELETE', `/meetings/${code}/participants/${entries[5]!.id}`);
    await fx.admin.ok('PATCH', `/meetings/${code}/participants/${entries[8]!.id}`, {
      onLeave: false,
      role: 'member',
    });
    const next = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '再议',
      rule: 'simple_majority',
    });
    expect(next.tally.eligible).toBe(7);
  });
});

/** Raw HTTP, as an attacker's script would send it. */
async function post<T>(path: string, body: unknown, token?: string, address?: string) {
  const res = await fetch(`${fx.server.url}/api${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      // The server trusts X-Forwarded-For from loopback, as behind a local proxy.
      ...(address ? { 'x-forwarded-for': address } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, ack: (await res.json()) as { ok: boolean; data: T; code?: string } };
}
const keyOf = (url: string) => new URL(url).searchParams.get('k')!;

describe('admission: personal links and the waiting list', () => {
  it('a flood waits at a capped door; a roster member with a personal link still gets in and votes once', async () => {
    const { code } = await rosterMeeting([
      { name: '李大爷' },
      { name: '王阿姨' },
      { name: '陈委员', role: 'member' },
    ]);
    const links = await fx.admin.ok<PersonalLink[]>('GET', `/meetings/${code}/links`);
    expect(links).toHaveLength(3);

    // The attack: hundreds of joins with the meeting code, each a different name, from many
    // addresses (one address alone is cut off by the per-address join budget first).
    const flood = LIMITS.waitingPerMeeting + 300;
    const answers: { status: number; ack: { ok: boolean; data: JoinAnswer } }[] = [];
    for (let i = 0; i < flood; i += 50) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, flood - i) }, (_, j) =>
            post<JoinAnswer>(
              `/meetings/${code}/join`,
              { name: `假名${i + j}`, attendance: 'room' },
              undefined,
              `10.77.${(i + j) >> 8}.${(i + j) & 255}`,
            ),
          ),
        )),
      );
    }
    expect(answers.every((a) => a.ack.ok && 'waiting' in a.ack.data)).toBe(true);
    const tickets = answers.map(
      (a) => (a.ack.data as { waiting: { ticket: string } }).waiting.ticket,
    );
    // Nobody got in, nobody counts, and the door holds only the newest waitingPerMeeting.
    const people = await fx.admin.ok<Participant[]>('GET', `/meetings/${code}/participants`);
    expect(people).toHaveLength(3);
    const waiting = await fx.admin.ok<WaitingEntry[]>('GET', `/meetings/${code}/waiting`);
    expect(waiting).toHaveLength(LIMITS.waitingPerMeeting);
    const first = await fetch(`${fx.server.url}/api/meetings/${code}/tickets/${tickets[0]}`);
    expect(((await first.json()) as { code: string }).code).toBe('TICKET_INVALID');
    const last = await fetch(`${fx.server.url}/api/meetings/${code}/tickets/${tickets.at(-1)}`);
    expect(((await last.json()) as { data: TicketStatus }).data).toEqual({ status: 'waiting' });

    // The real villager scans their personal QR code: in at once, checked in.
    const li = links.find((l) => l.name === '李大爷')!;
    const joined = await post<JoinResult>(`/meetings/${code}/join`, { key: keyOf(li.url) });
    expect(joined.ack.ok).toBe(true);
    expect(joined.ack.data.participant).toMatchObject({ id: li.participantId, present: true });
    // Scanning again (another phone, a reload) is the same person, never a second one.
    const again = await post<JoinResult>(`/meetings/${code}/join`, {
      key: keyOf(li.url),
      attendance: 'remote',
    });
    expect(again.ack.data.participant.id).toBe(li.participantId);

    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '同意',
      rule: 'simple_majority',
    });
    expect(vote.tally.eligible).toBe(3);
    const ballots = `/meetings/${code}/votes/${vote.id}/ballots`;
    expect((await post(ballots, { choice: 'agree' }, joined.ack.data.token)).ack.ok).toBe(true);
    expect((await post(ballots, { choice: 'oppose' }, again.ack.data.token)).ack.ok).toBe(true);
    // Over the socket too, with the first phone's token.
    const phone = await fx.phone(code, joined.ack.data.token);
    expect((await emitAck(phone, 'vote:cast', { voteId: vote.id, choice: 'agree' })).ok).toBe(true);

    // The same person tries a second identity by name, without the link: they wait at the door.
    const sneak = await post<JoinAnswer>(`/meetings/${code}/join`, { name: '李大爷' });
    expect('waiting' in sneak.ack.data).toBe(true);
    const entry = (await fx.admin.ok<WaitingEntry[]>('GET', `/meetings/${code}/waiting`)).find(
      (w) => w.name === '李大爷',
    )!;
    expect(entry.matches.map((m) => m.id)).toEqual([li.participantId]);
    // Staff admit them as their roster entry: the same identity again, still one ballot.
    await fx.admin.ok('POST', `/meetings/${code}/waiting/${entry.id}/admit`, {
      as: 'entry',
      entryId: li.participantId,
    });
    const ticket = (sneak.ack.data as { waiting: { ticket: string } }).waiting.ticket;
    const admitted = await new ApiClient(fx.server.url).ok<TicketStatus>(
      'GET',
      `/meetings/${code}/tickets/${ticket}`,
    );
    expect(admitted).toMatchObject({ status: 'admitted', participant: { id: li.participantId } });

    // A stranger admitted as a guest observer: in, but never eligible, never counted.
    const guestEntry = waiting.at(-1)!;
    const guest = await fx.admin.ok<Participant>(
      'POST',
      `/meetings/${code}/waiting/${guestEntry.id}/admit`,
      { as: 'guest' },
    );
    expect(guest).toMatchObject({ kind: 'guest', role: 'observer' });
    const guestTicket = tickets.at(-1)!;
    const guestIn = await new ApiClient(fx.server.url).ok<TicketStatus & { token: string }>(
      'GET',
      `/meetings/${code}/tickets/${guestTicket}`,
    );
    const guestBallot = await post(ballots, { choice: 'agree' }, guestIn.token);
    expect(guestBallot.ack).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    // Refused people are told so.
    const refusedEntry = waiting.at(-2)!;
    await fx.admin.ok('POST', `/meetings/${code}/waiting/${refusedEntry.id}/refuse`);
    const refused = await new ApiClient(fx.server.url).ok<TicketStatus>(
      'GET',
      `/meetings/${code}/tickets/${tickets.at(-2)}`,
    );
    expect(refused).toEqual({ status: 'refused' });

    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.cast).toBe(1);
    expect(closed.tally.eligible).toBe(3);
  });

  it('a reissued link ends the old link and every phone that used it', async () => {
    const { code } = await rosterMeeting([{ name: '赵奶奶' }]);
    const [link] = await fx.admin.ok<PersonalLink[]>('GET', `/meetings/${code}/links`);
    const joined = await post<JoinResult>(`/meetings/${code}/join`, { key: keyOf(link!.url) });
    const phone = await fx.phone(code, joined.ack.data.token);
    const gone = new Promise<void>((resolve) => phone.once('disconnect', () => resolve()));
    const minutes = new WebSocket(
      `${fx.server.url.replace('http', 'ws')}/collab/${code}?token=${joined.ack.data.token}`,
    );
    await new Promise((resolve) => minutes.once('open', resolve));
    const minutesClosed = new Promise<number>((resolve) => minutes.once('close', resolve));
    const fresh = await fx.admin.ok<PersonalLink>(
      'POST',
      `/meetings/${code}/participants/${link!.participantId}/link`,
    );
    await gone;
    expect(await minutesClosed).toBe(4403);
    expect(fresh.url).not.toBe(link!.url);
    const old = await post(`/meetings/${code}/join`, { key: keyOf(link!.url) });
    expect(old.ack).toMatchObject({ ok: false, code: 'LINK_INVALID' });
    const me = await fetch(`${fx.server.url}/api/meetings/${code}/me`, {
      headers: { authorization: `Bearer ${joined.ack.data.token}` },
    });
    expect(me.status).toBe(401);
    const refused = await connectSocket(fx.server.url, {
      meetingCode: code,
      as: 'participant',
      token: joined.ack.data.token,
    }).then(
      (s) => (s.close(), null),
      (err: Error & { data?: { code: string } }) => err.data?.code,
    );
    expect(refused).toBe('INVALID_TOKEN');
    const renewed = await post<JoinResult>(`/meetings/${code}/join`, { key: keyOf(fresh.url) });
    expect(renewed.ack.data.participant.id).toBe(link!.participantId);
    // Forged keys get nowhere.
    const forged = await post(`/meetings/${code}/join`, {
      key: `${link!.participantId}.${'A'.repeat(22)}`,
    });
    expect(forged.ack).toMatchObject({ ok: false, code: 'LINK_INVALID' });
  });

  it('someone put on leave holds no ballot, on REST or the socket', async () => {
    const { code } = await rosterMeeting([{ name: '周伯' }, { name: '吴姨' }]);
    const links = await fx.admin.ok<PersonalLink[]>('GET', `/meetings/${code}/links`);
    const zhou = await post<JoinResult>(`/meetings/${code}/join`, { key: keyOf(links[0]!.url) });
    await fx.admin.ok('PATCH', `/meetings/${code}/participants/${links[0]!.participantId}`, {
      onLeave: true,
    });
    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '同意',
      rule: 'simple_majority',
    });
    expect(vote.tally.eligible).toBe(1);
    const rest = await post(
      `/meetings/${code}/votes/${vote.id}/ballots`,
      { choice: 'agree' },
      zhou.ack.data.token,
    );
    expect(rest.ack).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    const phone = await fx.phone(code, zhou.ack.data.token);
    const socket = await emitAck(phone, 'vote:cast', { voteId: vote.id, choice: 'agree' });
    expect(socket).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
  });

  it('an open meeting lets anyone with the code in, knowingly', async () => {
    const { code } = await rosterMeeting([{ name: '甲' }]);
    await fx.admin.ok('PUT', `/meetings/${code}/settings`, { admission: 'open' });
    const open = await post<JoinResult>(`/meetings/${code}/join`, { name: '路人' });
    expect(open.ack.data.participant).toMatchObject({ kind: 'roster', present: true });
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${code}/state`);
    expect(state.attendance.expected).toBe(2);
  });
});

describe('record access chosen by the facilitator', () => {
  it('keeps a closed record to staff by default, then to participants, then public', async () => {
    const { code, entries } = await rosterMeeting([{ name: '孙婶' }]);
    const [link] = await fx.admin.ok<PersonalLink[]>('GET', `/meetings/${code}/links`);
    const phone = await post<JoinResult>(`/meetings/${code}/join`, { key: keyOf(link!.url) });
    const outsider = await staffUser(fx.server.url, fx.admin, 'nosy-clerk', 'facilitator');
    await fx.admin.ok('POST', `/meetings/${code}/close`);
    expect(entries).toHaveLength(1);

    const read = async (format: string, init: RequestInit = {}) =>
      (await fetch(`${fx.server.url}/api/meetings/${code}/record.${format}`, init)).status;
    const token = phone.ack.data.token;
    const asPhone = { headers: { authorization: `Bearer ${token}` } };
    const asOutsider = { headers: { cookie: outsider.cookie } };
    const asStaff = { headers: { cookie: fx.admin.cookie } };
    for (const format of ['json', 'md', 'docx']) {
      expect([
        await read(format),
        await read(format, asPhone),
        await read(format, asOutsider),
      ]).toEqual([403, 403, 403]);
      expect(await read(format, asStaff)).toBe(200);
    }
    // Closed meetings keep their settings editable: the facilitator opens it to participants.
    await fx.admin.ok('PUT', `/meetings/${code}/settings`, { recordAccess: 'participants' });
    expect(await read('md', asPhone)).toBe(200);
    expect(await read(`docx?token=${encodeURIComponent(token)}`)).toBe(200);
    expect([await read('md'), await read('md', asOutsider)]).toEqual([403, 403]);
    await fx.admin.ok('PUT', `/meetings/${code}/settings`, { recordAccess: 'public' });
    expect(await read('json')).toBe(200);
    // Only the facilitator chooses.
    const tamper = await outsider.request('PUT', `/meetings/${code}/settings`, {
      recordAccess: 'public',
    });
    expect(tamper.status).toBe(403);
  });
});
