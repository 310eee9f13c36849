import { describe, expect, it } from 'vitest';
import type {
  MeetingRecord,
  PulseAnswer,
  PulseState,
  RoomPatch,
  RoomState,
} from '../../shared/protocol';
import { waitForRoom } from './helpers/room-mirror';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { verifyRecordCli } from './helpers/records';
import {
  connectSocket,
  emitAck,
  emitRawAck,
  recordingSocket,
  until,
  waitForEvent,
  type SeenEvent,
} from './helpers/realtime';
import { unzipAll } from './helpers/zip';

const fx = useServer({ teller: true, env: { AUDIO_ENABLED: 'false' } });

const countsOf = (p: PulseState | null | undefined) =>
  Object.fromEntries((p?.counts ?? []).map((c) => [c.answer, [c.phones, c.hall]]));

/** Every pulse a client was sent: in room states, live updates and acks alike. */
const pulsesSeen = (seen: SeenEvent[]): unknown[] =>
  seen.flatMap(({ event, args }) => {
    if (event === 'room:state') return [(args[0] as RoomState).pulse];
    if (event === 'room:patch' && 'pulse' in (args[0] as RoomPatch)) {
      return [(args[0] as RoomPatch).pulse];
    }
    if (event === 'pulse:update') return [args[0]];
    return [];
  });

async function fetchRecord(code: string, format: 'json' | 'md' | 'docx'): Promise<Response> {
  return fetch(`${fx.server.url}/api/meetings/${code}/record.${format}`, {
    headers: { cookie: fx.admin.cookie },
  });
}

describe('the temperature check (举牌)', () => {
  it('opens in one tap, counts one answer per phone, hall hands apart, anonymous, kept into the record', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const chair = await fx.staffSocket(code);
    const screen = await recordingSocket(fx.server.url, code, 'screen');
    fx.track(screen.socket);
    const people = await Promise.all(
      ['李大爷', '王阿姨', '赵奶奶'].map((name) => join(fx.server.url, code, name)),
    );
    const ids = people.map((p) => p.participant.id);
    const watched = await recordingSocket(fx.server.url, code, 'participant', people[0]!.token);
    fx.track(watched.socket);
    const [li, wang, zhao] = [
      watched.socket,
      await fx.phone(code, people[1]!.token),
      await fx.phone(code, people[2]!.token),
    ];
    const teller = fx.track(
      await connectSocket(fx.server.url, { meetingCode: code, as: 'staff' }, fx.teller.cookie),
    );

    // Nothing open: a phone's tap is refused as such; only the facilitator opens one.
    expect(
      await emitAck(li, 'pulse:answer', { pulseId: 'pulse-none-0', answer: 'up' }),
    ).toMatchObject({ ok: false, code: 'PULSE_NOT_OPEN' });
    expect(await emitAck(li, 'pulse:open', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(teller, 'pulse:open', {})).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitRawAck(chair, 'pulse:open', { scale: 'ten' })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });

    // One tap: the defaults are the cards and the current item as question.
    const phoneSees = waitForRoom(wang, (s) => s.pulse !== null);
    const opened = await emitAck(chair, 'pulse:open', {});
    if (!opened.ok) throw new Error(opened.message);
    const pulse = opened.data;
    expect(pulse).toMatchObject({ scale: 'cards', question: '电梯选址', status: 'open' });
    expect((await phoneSees).pulse?.id).toBe(pulse.id);
    expect(await emitAck(chair, 'pulse:open', {})).toMatchObject({
      ok: false,
      code: 'PULSE_ALREADY_OPEN',
    });

    const answer = (s: typeof li, a: PulseAnswer) =>
      emitAck(s, 'pulse:answer', { pulseId: pulse.id, answer: a });
    expect(await answer(li, 'up')).toEqual({ ok: true, data: { answer: 'up' } });
    await answer(wang, 'up');
    await answer(zhao, 'down');
    await answer(li, 'unsure'); // changed while open

    // Bad payloads get typed errors, never a crash.
    expect(await answer(li, '3')).toMatchObject({ ok: false, code: 'PULSE_INVALID_ANSWER' });
    expect(
      await emitRawAck(li, 'pulse:answer', { pulseId: pulse.id, answer: 'maybe' }),
    ).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(
      await emitRawAck(li, 'pulse:answer', {
        pulseId: pulse.id,
        answer: 'up',
        participantId: ids[1],
      }),
    ).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await emitRawAck(li, 'pulse:answer', 'up')).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    expect(await emitAck(chair, 'pulse:answer', { pulseId: pulse.id, answer: 'up' })).toMatchObject(
      { ok: false, code: 'PULSE_NOT_ALLOWED' },
    );
    expect(
      await emitAck(screen.socket, 'pulse:answer', { pulseId: pulse.id, answer: 'up' }),
    ).toMatchObject({ ok: false, code: 'PULSE_NOT_ALLOWED' });

    // A reload: the same person on a new socket sees their answer; tapping again adds nothing.
    wang.close();
    const wangAgain = await fx.phone(code, people[1]!.token);
    expect(await emitAck(wangAgain, 'pulse:mine', { pulseId: pulse.id })).toEqual({
      ok: true,
      data: { answer: 'up' },
    });
    await answer(wangAgain, 'up');
    // Two tabs of one person are one person too.
    const zhaoTab = await fx.phone(code, people[2]!.token);
    await answer(zhaoTab, 'down');

    // Hall hands: entered by a teller, kept apart, added to the total; off-scale refused.
    expect(
      await emitAck(teller, 'pulse:hall', { pulseId: pulse.id, counts: { '4': 1 } }),
    ).toMatchObject({ ok: false, code: 'PULSE_INVALID_ANSWER' });
    expect(await emitAck(li, 'pulse:hall', { pulseId: pulse.id, counts: { up: 1 } })).toMatchObject(
      { ok: false, code: 'FORBIDDEN' },
    );
    const hall = await emitAck(teller, 'pulse:hall', {
      pulseId: pulse.id,
      counts: { up: 12, down: 3 },
    });
    expect(hall).toMatchObject({ ok: true, data: { phones: 3, hall: 15 } });

    // The hall screen follows live.
    await until(
      () => {
        const last = pulsesSeen(screen.seen).at(-1) as PulseState | null;
        return last?.hall === 15;
      },
      5_000,
      'the screen to show the hall hands',
    );
    const onScreen = pulsesSeen(screen.seen).at(-1) as PulseState;
    expect(countsOf(onScreen)).toEqual({ up: [1, 12], unsure: [1, 0], down: [1, 3] });

    const closed = await emitAck(chair, 'pulse:close', { pulseId: pulse.id });
    expect(closed).toMatchObject({ ok: true, data: { status: 'closed', phones: 3 } });
    expect(await answer(li, 'up')).toMatchObject({ ok: false, code: 'PULSE_NOT_OPEN' });
    // Closed: nobody's own answer is kept either.
    expect(await emitAck(li, 'pulse:mine', { pulseId: pulse.id })).toEqual({
      ok: true,
      data: { answer: null },
    });

    const kept = await emitAck(chair, 'pulse:keep', { pulseId: pulse.id });
    expect(kept).toMatchObject({
      ok: true,
      data: { question: '电梯选址', agendaItemTitle: '电梯选址', phones: 3, hall: 15 },
    });
    await until(() => pulsesSeen(screen.seen).at(-1) === null, 5_000, 'the screen to clear');

    // Not kept: opened, answered, closed, discarded. Left open at close: forgotten as well.
    const second = await emitAck(chair, 'pulse:open', { scale: 'five', question: '不留的问题' });
    if (!second.ok) throw new Error(second.message);
    expect(await answer(li, 'up')).toMatchObject({ ok: false, code: 'PULSE_NOT_OPEN' });
    expect(
      await emitAck(li, 'pulse:answer', { pulseId: second.data.id, answer: 'up' }),
    ).toMatchObject({ ok: false, code: 'PULSE_INVALID_ANSWER' });
    await emitAck(li, 'pulse:answer', { pulseId: second.data.id, answer: '4' });
    await emitAck(chair, 'pulse:close', { pulseId: second.data.id });
    expect(await emitAck(chair, 'pulse:keep', { pulseId: pulse.id })).toMatchObject({
      ok: false,
      code: 'PULSE_NOT_FOUND',
    });
    await emitAck(chair, 'pulse:discard', { pulseId: second.data.id });
    const third = await emitAck(chair, 'pulse:open', { question: '开着就散会' });
    if (!third.ok) throw new Error(third.message);
    await emitAck(zhao, 'pulse:answer', { pulseId: third.data.id, answer: 'down' });

    // Anonymous: whatever any screen or phone was sent about a check names nobody.
    for (const seen of [screen.seen, watched.seen]) {
      const sent = JSON.stringify(pulsesSeen(seen));
      expect(sent).toContain('"answer":"up"');
      for (const id of ids) expect(sent).not.toContain(id);
      for (const p of people) expect(sent).not.toContain(p.participant.name);
    }

    await fx.admin.ok('POST', `/meetings/${code}/close`);
    const record = (await (await fetchRecord(code, 'json')).json()) as MeetingRecord;
    expect(record.pulses).toHaveLength(1);
    expect(record.pulses?.[0]).toMatchObject({
      question: '电梯选址',
      scale: 'cards',
      phones: 3,
      hall: 15,
      counts: [
        { answer: 'up', phones: 1, hall: 12 },
        { answer: 'unsure', phones: 1, hall: 0 },
        { answer: 'down', phones: 1, hall: 3 },
      ],
    });
    const kinds = record.audit?.entries.map((e) => e.kind) ?? [];
    expect(kinds.filter((k) => k.startsWith('pulse.'))).toEqual(['pulse.kept']);
    const whole = JSON.stringify(record);
    expect(whole).not.toContain('不留的问题');
    expect(whole).not.toContain('开着就散会');

    const md = await (await fetchRecord(code, 'md')).text();
    expect(md).toContain('温度测试（非表决）');
    expect(md).toContain('赞同 13 人（手机 1，举手 12）');
    expect(md).not.toContain('不留的问题');
    const docx = unzipAll(Buffer.from(await (await fetchRecord(code, 'docx')).arrayBuffer()));
    const xml = docx.get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('温度测试（非表决）');
    expect(xml).toContain('参与：手机 3 人，现场举手 15 人，共 18 人');

    // The signature covers the kept check: the export verifies, a changed count does not.
    const key = await fx.admin.ok<{ fingerprint: string }>('GET', '/record-key');
    const verify = (rec: MeetingRecord) =>
      verifyRecordCli(rec, fx.server.dataDir, ['--key', key.fingerprint]);
    expect(await verify(record)).toMatchObject({ code: 0 });
    const forged = structuredClone(record);
    forged.pulses![0]!.counts[0]!.phones = 40;
    expect((await verify(forged)).code).not.toBe(0);

    // The database holds counts for the kept check only, and names no one.
    const db = fx.inspectDb();
    try {
      const rows = db.prepare('SELECT * FROM pulses').all() as { state_json: string }[];
      expect(rows).toHaveLength(1);
      for (const id of ids) expect(JSON.stringify(rows)).not.toContain(id);
      expect(() => db.prepare("UPDATE pulses SET state_json = '{}'").run()).toThrow();
    } finally {
      db.close();
    }
  });

  it('refuses before the meeting starts, and an open check does not outlive the meeting', async () => {
    const scheduled = await fx.admin.ok<{ code: string }>('POST', '/meetings', {
      title: '还没开始的会',
      topic: '',
      place: '',
      level: 'village',
      date: '2026-11-22',
    });
    const early = await fx.staffSocket(scheduled.code);
    expect(await emitAck(early, 'pulse:open', {})).toMatchObject({
      ok: false,
      code: 'WRONG_PHASE',
    });

    const { meeting } = await createLiveMeeting(fx.admin);
    const chair = await fx.staffSocket(meeting.code);
    const opened = await emitAck(chair, 'pulse:open', { question: '会后还在吗' });
    if (!opened.ok) throw new Error(opened.message);
    await fx.admin.ok('POST', `/meetings/${meeting.code}/close`);
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.pulse).toBeNull();
    expect(await emitAck(chair, 'pulse:open', {})).toMatchObject({
      ok: false,
      code: 'MEETING_CLOSED',
    });
    const record = (await (await fetchRecord(meeting.code, 'json')).json()) as MeetingRecord;
    expect(record.pulses).toBeUndefined();
  });

  it('a burst of taps reaches screens coalesced and sends phones nothing', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const chair = await fx.staffSocket(code);
    const screen = await recordingSocket(fx.server.url, code, 'screen');
    fx.track(screen.socket);
    const people = await Promise.all(
      Array.from({ length: 40 }, (_, i) => join(fx.server.url, code, `村民${i}`)),
    );
    const phones = await Promise.all(people.map((p) => fx.phone(code, p.token)));
    const opened = await emitAck(chair, 'pulse:open', {});
    if (!opened.ok) throw new Error(opened.message);
    await new Promise((r) => setTimeout(r, 300));
    let phoneStates = 0;
    for (const phone of phones) {
      phone.on('room:state', () => (phoneStates += 1));
      phone.on('room:patch', () => (phoneStates += 1));
    }
    const before = screen.seen.length;
    const started = Date.now();
    const answers = ['up', 'unsure', 'down'] as const;
    const acks = await Promise.all(
      phones.map((phone, i) =>
        emitAck(phone, 'pulse:answer', { pulseId: opened.data.id, answer: answers[i % 3]! }),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await until(
      () => (pulsesSeen(screen.seen).at(-1) as PulseState | null)?.phones === 40,
      5_000,
      'the last count on screen',
    );
    const burstMs = Date.now() - started;
    // The barrier: closing it sends every phone a room patch and the screen an immediate
    // update, behind whatever the burst made the server send on the same ordered sockets.
    const phonesSawClose = Promise.all(
      phones.map((phone) => waitForEvent(phone, 'room:patch', (p) => p.pulse?.status === 'closed')),
    );
    expect(await emitAck(chair, 'pulse:close', { pulseId: opened.data.id })).toMatchObject({
      ok: true,
    });
    await phonesSawClose;
    await until(
      () => pulsesSeen(screen.seen).some((p) => (p as PulseState | null)?.status === 'closed'),
      5_000,
      'the close on screen',
    );
    const updates = screen.seen
      .slice(before)
      .filter(
        (e) => e.event === 'pulse:update' && (e.args[0] as PulseState).status === 'open',
      ).length;
    // At most one update per 100 ms window (plus the leading and trailing sends), not 40.
    expect(updates).toBeLessThanOrEqual(Math.ceil(burstMs / 100) + 2);
    expect(updates).toBeLessThan(40);
    // Each phone's only room message since the burst began is the one telling it of the close.
    expect(phoneStates).toBe(phones.length);
    expect(countsOf(pulsesSeen(screen.seen).at(-1) as PulseState)).toEqual({
      up: [14, 0],
      unsure: [13, 0],
      down: [13, 0],
    });
    console.info(`pulse burst: 40 taps in ${burstMs} ms → ${updates} screen updates, 0 to phones`);
  });
});
