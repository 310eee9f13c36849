import { describe, expect, it } from 'vitest';
import type { Meeting, MeetingRecord, RoomState } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { emitAck, emitRawAck } from './helpers/realtime';

/** Issue 10: a console that follows the meeting (next item, timers, closing, refusals). */
describe('console: following the meeting', () => {
  const fx = useServer();

  const running = (state: RoomState) => state.timer.runningSince !== null;

  it('moves to the next item and starts its time-box; refuses past the last', async () => {
    const { meeting, itemIds } = await createLiveMeeting(fx.admin, ['选址', '费用', '施工']);
    const staff = await fx.staffSocket(meeting.code);

    // createLiveMeeting made the first item current on a live meeting: its timer runs.
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.currentItemId).toBe(itemIds[0]);
    expect(running(state)).toBe(true);
    expect(state.timer.durationSec).toBe(600);

    const second = await emitAck(staff, 'meeting:nextItem', {});
    if (!second.ok) throw new Error(second.message);
    expect(second.data.currentItemId).toBe(itemIds[1]);
    expect(running(second.data)).toBe(true);
    expect(second.data.timer.elapsedMs).toBe(0);
    expect(Date.now() - second.data.timer.runningSince!).toBeLessThan(5_000);

    // The same command over REST.
    const third = await fx.admin.ok<RoomState>('POST', `/meetings/${meeting.code}/next-item`);
    expect(third.currentItemId).toBe(itemIds[2]);
    const past = await emitAck(staff, 'meeting:nextItem', {});
    expect(past).toMatchObject({ ok: false, code: 'NO_NEXT_ITEM' });
    const pastRest = await fx.admin.request('POST', `/meetings/${meeting.code}/next-item`);
    expect([pastRest.status, pastRest.ack.ok || pastRest.ack.code]).toEqual([409, 'NO_NEXT_ITEM']);
    const after = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(after.currentItemId).toBe(itemIds[2]);
  });

  it('keeps the timer idle when the setting is off, and persists the setting', async () => {
    const { meeting, itemIds } = await createLiveMeeting(fx.admin);
    const staff = await fx.staffSocket(meeting.code);
    const saved = await fx.admin.ok<Meeting>('PUT', `/meetings/${meeting.code}/settings`, {
      timerWithItem: false,
    });
    expect(saved.timerWithItem).toBe(false);
    const set = await emitAck(staff, 'meeting:setCurrentItem', { itemId: itemIds[1]! });
    expect(set.ok && running(set.data)).toBe(false);
    expect(set.ok && set.data.timer.durationSec).toBe(600);

    const db = fx.inspectDb();
    try {
      const row = db
        .prepare('SELECT timer_with_item FROM meetings WHERE code = ?')
        .get(meeting.code) as { timer_with_item: number };
      expect(row.timer_with_item).toBe(0);
    } finally {
      db.close();
    }
    const listed = await fx.admin.ok<Meeting[]>('GET', '/meetings');
    expect(listed.find((m) => m.code === meeting.code)?.timerWithItem).toBe(false);
    // A malformed setting is refused with the field named.
    const bad = await fx.admin.request('PUT', `/meetings/${meeting.code}/settings`, {
      timerWithItem: 'yes',
    });
    expect(bad.ack).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  it('starts the current item’s timer with the meeting, not before', async () => {
    const meeting = await fx.admin.ok<Meeting>('POST', '/meetings', {
      title: '灌溉渠协商会',
      level: 'village',
      date: '2026-11-30',
    });
    expect(meeting.timerWithItem).toBe(true);
    const [item] = await fx.admin.ok<{ id: string }[]>('POST', `/meetings/${meeting.code}/agenda`, {
      items: [{ title: '清淤', durationMin: 5 }],
    });
    const before = await fx.admin.ok<RoomState>('PUT', `/meetings/${meeting.code}/current-item`, {
      itemId: item!.id,
    });
    expect(running(before)).toBe(false);
    const started = await fx.admin.ok<RoomState>('POST', `/meetings/${meeting.code}/start`);
    expect(running(started)).toBe(true);
    expect(started.timer.durationSec).toBe(300);
  });

  it('refuses to close the meeting over an open vote unless told what happens to it', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const staff = await fx.staffSocket(meeting.code);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const phone = await fx.phone(meeting.code, li.token);
    const opened = await emitAck(staff, 'vote:open', {
      proposal: '同意加装电梯',
      rule: 'simple_majority',
    });
    if (!opened.ok) throw new Error(opened.message);
    await emitAck(phone, 'vote:cast', {
      voteId: opened.data.id,
      choice: 'agree',
      ballotId: 'b-console-close-1',
    });

    const refused = await emitAck(staff, 'meeting:close', {});
    expect(refused).toMatchObject({ ok: false, code: 'VOTE_STILL_OPEN' });
    expect(!refused.ok && refused.message).toContain('同意加装电梯');
    const rest = await fx.admin.request('POST', `/meetings/${meeting.code}/close`, {});
    expect([rest.status, rest.ack.ok || rest.ack.code]).toEqual([409, 'VOTE_STILL_OPEN']);
    // Nothing changed: the meeting is live and the vote still takes ballots.
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.phase).toBe('live');
    expect(state.vote).toMatchObject({ id: opened.data.id, status: 'open' });
    // An unknown instruction is a validation refusal, not a close.
    expect(await emitRawAck(staff, 'meeting:close', { openVote: 'discard' })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });

    // Explicitly: close the vote, count it as it stands, then the meeting.
    const closed = await emitAck(staff, 'meeting:close', { openVote: 'close' });
    if (!closed.ok) throw new Error(closed.message);
    const record: MeetingRecord = closed.data;
    expect(JSON.stringify(record)).toContain('同意加装电梯');
    const db = fx.inspectDb();
    try {
      const rows = db
        .prepare(
          `SELECT a.data_json FROM audit_log a JOIN meetings m ON m.id = a.meeting_id
           WHERE m.code = ? AND a.kind = 'vote.closed'`,
        )
        .all(meeting.code) as { data_json: string }[];
      expect(rows.map((r) => JSON.parse(r.data_json))).toEqual([
        expect.objectContaining({
          voteId: opened.data.id,
          closedBy: 'meetingClose',
          outcome: 'passed',
        }),
      ]);
    } finally {
      db.close();
    }
  });

  it('closes at once when no vote is open', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const rest = await fx.admin.request('POST', `/meetings/${meeting.code}/close`);
    expect(rest.ack.ok).toBe(true);
  });

  it('gives the consensus ladder’s refusals their own codes', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const staff = await fx.staffSocket(meeting.code);
    const zhao = await join(fx.server.url, meeting.code, '赵奶奶');
    const phone = await fx.phone(meeting.code, zhao.token);
    const opened = await emitAck(staff, 'ladder:open', { text: '在东侧加装电梯' });
    if (!opened.ok) throw new Error(opened.message);
    const ladderId = opened.data.id;
    expect(await emitAck(phone, 'ladder:position', { ladderId, level: 'oppose' })).toMatchObject({
      ok: false,
      code: 'REASON_REQUIRED',
    });
    await emitAck(phone, 'ladder:position', { ladderId, level: 'reservations', reason: '采光' });
    expect(
      await emitAck(staff, 'ladder:decide', { ladderId, decision: 'consensus' }),
    ).toMatchObject({ ok: false, code: 'DECISION_TOO_STRONG' });
    expect(
      await emitAck(staff, 'ladder:decide', { ladderId, decision: 'consensus_with_reservations' }),
    ).toMatchObject({ ok: true });
    expect(await emitAck(phone, 'ladder:position', { ladderId, level: 'support' })).toMatchObject({
      ok: false,
      code: 'LADDER_DECIDED',
    });
    expect(await emitAck(staff, 'ladder:revise', { ladderId, text: '新稿' })).toMatchObject({
      ok: false,
      code: 'LADDER_DECIDED',
    });
  });

  it('names the refused field and why, and gives other refusals their own codes', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const staff = await fx.staffSocket(meeting.code);
    const duplicate = await emitAck(staff, 'vote:open', {
      proposal: '选哪个位置',
      rule: 'simple_majority',
      kind: 'single',
      options: ['东侧', '东侧'],
    });
    expect(duplicate).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      issue: { field: 'options', problem: 'duplicate' },
    });
    const long = await emitAck(staff, 'vote:open', {
      proposal: '长'.repeat(4001),
      rule: 'simple_majority',
    });
    expect(long).toMatchObject({
      code: 'VALIDATION',
      issue: { field: 'proposal', problem: 'tooLong', limit: 4000 },
    });
    const stray = await emitRawAck(staff, 'meeting:nextItem', { skip: 2 });
    expect(stray).toMatchObject({
      code: 'VALIDATION',
      issue: { field: 'skip', problem: 'unknown' },
    });
    const untitled = await fx.admin.request('POST', `/meetings/${meeting.code}/agenda`, {
      items: [{ title: '   ' }],
    });
    expect(untitled.ack).toMatchObject({
      code: 'VALIDATION',
      issue: { field: 'title', problem: 'required' },
    });

    expect(await emitAck(staff, 'speakers:give', {})).toMatchObject({ code: 'QUEUE_EMPTY' });
    expect(await emitAck(staff, 'speakers:remove', { entryId: 'no-such-entry' })).toMatchObject({
      code: 'SPEAKER_NOT_FOUND',
    });
    const noChair = await fx.admin.request('PUT', `/meetings/${meeting.code}/staff`, {
      assignments: [{ userId: meeting.staff[0]!.userId, role: 'teller' }],
    });
    expect([noChair.status, noChair.ack.ok || noChair.ack.code]).toEqual([
      422,
      'FACILITATOR_REQUIRED',
    ]);
  });
});
