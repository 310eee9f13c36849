import { describe, expect, it } from 'vitest';
import type { Choice, MeetingRecord, Participant, TalliedVote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { emitAck, waitForEvent } from './helpers/realtime';
import { useServer } from './helpers/fixture';
import { verifyRecordCli } from './helpers/records';

const ADMIN_NAME = '王主任';
const fx = useServer({ teller: true });
const phone = (code: string, token: string) => fx.phone(code, token);
const openVote = (code: string, body: object) =>
  fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, { proposal: '修缮村道', ...body });

describe('delivery that loses nothing', () => {
  it('never lets a replayed old ballot id flip a changed choice back', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const vote = await openVote(meeting.code, {});
    const socket = await phone(meeting.code, li.token);
    const cast = (choice: Choice, ballotId: string) =>
      emitAck(socket, 'vote:cast', { voteId: vote.id, choice, ballotId });
    expect(await cast('agree', 'ballot-first-1')).toMatchObject({ ok: true });
    expect(await cast('oppose', 'ballot-second-2')).toMatchObject({ ok: true });
    const replay = await cast('agree', 'ballot-first-1');
    expect(replay).toMatchObject({ ok: true, data: { replay: true, choice: 'oppose' } });
    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.totals).toEqual({ agree: 0, oppose: 1, abstain: 0 });
  });

  it('counts a ballot resent after a dropped connection once, and refuses it after close', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const wang = await join(fx.server.url, meeting.code, '王阿姨', 'remote');
    const vote = await openVote(meeting.code, {});
    const payload = { voteId: vote.id, choice: 'agree' as const, ballotId: 'queued-offline-1' };
    // The phone sends, then loses its connection before the ack arrives.
    const first = await phone(meeting.code, wang.token);
    first.emit('vote:cast', payload, () => undefined);
    first.close();
    // Back online: the offline queue resends the same ballot.
    const second = await phone(meeting.code, wang.token);
    const resent = await emitAck(second, 'vote:cast', payload);
    expect(resent.ok).toBe(true);
    const [current] = (
      await fx.admin.ok<TalliedVote[]>('GET', `/meetings/${meeting.code}/votes`)
    ).slice(-1);
    expect(current!.tally.cast).toBe(1);
    await fx.admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
    const late = await emitAck(second, 'vote:cast', { ...payload, ballotId: 'queued-offline-2' });
    expect(late).toMatchObject({ ok: false, code: 'VOTE_CLOSED' });
    expect(late.ok ? '' : late.message).toMatch(/closed/);
  });
});

describe('secret ballots', () => {
  it('stores nothing that links a ballot to its voter, yet refuses a second ballot', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const vote = await openVote(meeting.code, { secret: true });
    const names = ['甲', '乙', '丙', '丁', '戊', '己'];
    const choices: Choice[] = ['agree', 'agree', 'oppose', 'abstain', 'oppose', 'agree'];
    const voters = [];
    for (const [i, name] of names.entries()) {
      const v = await join(fx.server.url, meeting.code, name);
      const socket = await phone(meeting.code, v.token);
      const ack = await emitAck(socket, 'vote:cast', {
        voteId: vote.id,
        choice: choices[i],
        ballotId: `secret-ballot-${i}`,
        secretToken: `phone-secret-token-${i}-xxxxxxxx`,
      });
      expect(ack.ok).toBe(true);
      voters.push({ ...v, socket });
    }
    // A second device of the same person, without the phone's token: refused.
    const tab = await phone(meeting.code, voters[0]!.token);
    const again = await emitAck(tab, 'vote:cast', {
      voteId: vote.id,
      choice: 'oppose',
      ballotId: 'secret-second-tab',
      secretToken: 'another-device-token-xxxxxxxx',
    });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
    // The phone that holds the token may change its choice until close.
    const changed = await emitAck(voters[0]!.socket, 'vote:cast', {
      voteId: vote.id,
      choice: 'oppose',
      ballotId: 'secret-ballot-0-changed',
      secretToken: 'phone-secret-token-0-xxxxxxxx',
    });
    expect(changed.ok).toBe(true);
    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.totals).toEqual({ agree: 2, oppose: 3, abstain: 1 });

    const db = fx.inspectDb();
    try {
      // One row per secret vote: sorted sets, no participant id next to a choice, no time.
      const row = db.prepare('SELECT * FROM secret_sets WHERE vote_id = ?').get(vote.id) as {
        voters: string;
        ballots: string;
        ballot_ids: string;
      };
      const stored = JSON.parse(row.ballots) as [string, string][];
      expect(stored).toHaveLength(6);
      // The order is the order of the random key, not arrival order.
      const hashes = stored.map((s) => s[0]);
      expect(hashes).toEqual([...hashes].sort());
      const ids = voters.map((v) => v.participant.id);
      for (const id of ids) expect(row.ballots).not.toContain(id);
      // Who voted is known (to refuse a second ballot), without any choice.
      const who = JSON.parse(row.voters) as string[];
      expect(who).toHaveLength(6);
      expect(who).toEqual([...who].sort());
      for (const entry of who) expect(entry).toMatch(/^[\w-]+:(room|remote)$/);
      expect(JSON.parse(row.ballot_ids)).toContain('secret-ballot-0-changed');
      expect(db.prepare('SELECT * FROM ballot_ids WHERE vote_id = ?').all(vote.id)).toHaveLength(0);
      expect(db.prepare('SELECT * FROM ballots WHERE vote_id = ?').all(vote.id)).toHaveLength(0);
      // The audit log holds counts only for ballots.
      const audit = db
        .prepare(`SELECT data_json FROM audit_log WHERE kind = 'ballots.received'`)
        .all() as { data_json: string }[];
      for (const { data_json } of audit) {
        expect(Object.keys(JSON.parse(data_json) as object).sort()).toEqual(['count', 'voteId']);
      }
      // Nothing of a closed vote can be changed, even with SQL.
      expect(() =>
        db.prepare(`UPDATE secret_sets SET ballots = '[]' WHERE vote_id = ?`).run(vote.id),
      ).toThrow();
      expect(() => db.prepare(`DELETE FROM secret_sets WHERE vote_id = ?`).run(vote.id)).toThrow();
    } finally {
      db.close();
    }
  });
});

describe('hall counts', () => {
  it('tells the console a new hall cap when someone in the room stops being a voter', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const [, qian] = await fx.admin.ok<Participant[]>('POST', `/meetings/${meeting.code}/roster`, {
      names: ['赵奶奶', '钱大爷'],
    });
    const staff = await fx.staffSocket(meeting.code);
    const vote = await openVote(meeting.code, {});
    expect(vote.tally.hallCap).toBe(2);
    const update = waitForEvent(staff, 'vote:update', (v) => v.tally.hallCap !== 2);
    await emitAck(staff, 'participant:update', { participantId: qian!.id, role: 'observer' });
    expect(((await update) as TalliedVote).tally.hallCap).toBe(1);
  });

  it('needs a second person, never exceeds the people present without a phone vote, and logs every step', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷', 'room');
    await join(fx.server.url, meeting.code, '王阿姨', 'remote');
    await fx.admin.ok('POST', `/meetings/${meeting.code}/roster`, { names: ['赵奶奶', '钱大爷'] });
    const vote = await openVote(meeting.code, {});
    const hall = `/meetings/${meeting.code}/votes/${vote.id}/hall-count`;
    await li.api.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/ballots`, {
      choice: 'agree',
    });
    // Present in the room without a phone vote: 赵奶奶 and 钱大爷 only (李大爷 voted, 王阿姨 is remote).
    const tooMany = await fx.admin.request('PUT', hall, {
      counts: { agree: 3, oppose: 0, abstain: 0 },
    });
    expect(tooMany.ack).toMatchObject({ ok: false, code: 'HALL_CAP_EXCEEDED' });
    expect(tooMany.status).toBe(422);

    const entered = await fx.admin.ok<TalliedVote>('PUT', hall, {
      counts: { agree: 1, oppose: 0, abstain: 0 },
    });
    expect(entered.tally.totals.agree).toBe(1); // not counted until confirmed
    const id = entered.hallPending!.id;
    const self = await fx.admin.request('POST', `${hall}/${id}/confirm`);
    expect(self.ack).toMatchObject({ ok: false, code: 'SAME_TELLER' });
    const confirmed = await fx.teller.ok<TalliedVote>('POST', `${hall}/${id}/confirm`);
    expect(confirmed.tally.byChannel.hall).toEqual({ agree: 1, oppose: 0, abstain: 0 });
    expect(confirmed.hallPending).toBeNull();

    // A correction is a new entry, entered and confirmed again; the old one stays in the log.
    const corrected = await fx.teller.ok<TalliedVote>('PUT', hall, {
      counts: { agree: 1, oppose: 1, abstain: 0 },
    });
    expect(corrected.tally.byChannel.hall.oppose).toBe(0);
    await fx.admin.ok('POST', `${hall}/${corrected.hallPending!.id}/confirm`);
    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.totals).toEqual({ agree: 2, oppose: 1, abstain: 0 });
    expect(closed.tally.hallCap).toBe(2);

    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${meeting.code}/close`);
    const kinds = record.audit!.entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'hall.entered')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'hall.confirmed')).toHaveLength(2);
  });

  it('refuses to close while a phone vote makes the confirmed hall count too large', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    await fx.admin.ok('POST', `/meetings/${meeting.code}/roster`, { names: ['甲'] });
    const bing = await join(fx.server.url, meeting.code, '丙', 'room');
    const vote = await openVote(meeting.code, {});
    const hall = `/meetings/${meeting.code}/votes/${vote.id}/hall-count`;
    const both = await fx.admin.ok<TalliedVote>('PUT', hall, {
      counts: { agree: 2, oppose: 0, abstain: 0 },
    });
    await fx.teller.ok('POST', `${hall}/${both.hallPending!.id}/confirm`);
    // 丙 raised a hand and then also voted by phone: two hands now exceed the one person left.
    await bing.api.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/ballots`, {
      choice: 'agree',
    });
    const close = `/meetings/${meeting.code}/votes/${vote.id}/close`;
    expect((await fx.admin.request('POST', close)).ack).toMatchObject({
      ok: false,
      code: 'HALL_CAP_EXCEEDED',
    });
    const fixed = await fx.teller.ok<TalliedVote>('PUT', hall, {
      counts: { agree: 1, oppose: 0, abstain: 0 },
    });
    await fx.admin.ok('POST', `${hall}/${fixed.hallPending!.id}/confirm`);
    const closed = await fx.admin.ok<TalliedVote>('POST', close);
    expect(closed.tally.totals.agree).toBe(2);
  });

  it('says so when the quorum is missed', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const voters = await Promise.all(
      ['一', '二', '三', '四'].map((n) => join(fx.server.url, meeting.code, n)),
    );
    // The meeting's rule: three quarters of the roster; each vote copies it when it opens.
    await fx.admin.ok('PUT', `/meetings/${meeting.code}/quorum`, { quorum: 0.75 });
    expect(await fx.admin.ok('GET', `/meetings/${meeting.code}/quorum`)).toEqual({ quorum: 0.75 });
    const vote = await openVote(meeting.code, { hideResults: true });
    expect(vote.quorum).toBe(0.75);
    expect(vote.hideResults).toBe(true);
    for (const v of voters.slice(0, 2)) {
      await v.api.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/ballots`, {
        choice: 'agree',
      });
    }
    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.quorum).toEqual({ required: 3, met: false });
    expect(closed.outcome).toBe('no_quorum');
  });
});

describe('tamper-evident record', () => {
  it('verify-record passes the exported record and reports an edited one', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const vote = await openVote(meeting.code, {});
    await li.api.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/ballots`, {
      choice: 'oppose',
    });
    await fx.admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
    await fx.admin.ok('POST', `/meetings/${meeting.code}/close`);
    const res = await fetch(`${fx.server.url}/api/meetings/${meeting.code}/record.json`, {
      headers: { cookie: fx.admin.cookie },
    });
    const record = (await res.json()) as MeetingRecord;
    expect(record.audit?.headHash).toMatch(/^[0-9a-f]{64}$/);

    const key = await fx.admin.ok<{ fingerprint: string }>('GET', '/record-key');
    const verify = (rec: MeetingRecord) =>
      verifyRecordCli(rec, fx.server.dataDir, ['--key', key.fingerprint]);
    expect(await verify(record)).toMatchObject({ code: 0, out: expect.stringMatching(/^OK/) });

    // Someone turns the rejection into a pass in the exported file.
    const forged = structuredClone(record);
    const result = forged.escalations[0]!;
    forged.escalations = [];
    forged.conclusions = [
      { ...result, outcome: 'passed', totals: { agree: 1, oppose: 0, abstain: 0 } },
    ];
    const forgedCheck = await verify(forged);
    expect(forgedCheck.code).toBe(1);
    expect(forgedCheck.out).toMatch(/outcome passed but the log says failed/);

    // ...and then edits the audit entry too: the chain breaks.
    const closedEntry = forged.audit!.entries.find((e) => e.kind === 'vote.closed')!;
    (closedEntry.data as { outcome: string }).outcome = 'passed';
    const chainCheck = await verify(forged);
    expect(chainCheck.code).toBe(1);
    expect(chainCheck.out).toMatch(/hash does not match/);
  }, 30_000);
});

describe('consensus ladder over Socket.IO', () => {
  it('moves live on every screen, refuses a consensus over an objection, and lands in the record', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const staff = await fx.staffSocket(meeting.code);
    const screen = await fx.screen(meeting.code);
    const zhao = await join(fx.server.url, meeting.code, '赵奶奶');
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const zhaoPhone = await phone(meeting.code, zhao.token);
    const liPhone = await phone(meeting.code, li.token);

    const opened = await emitAck(staff, 'ladder:open', { text: '在3号楼东侧加装电梯' });
    if (!opened.ok) throw new Error(opened.message);
    const ladderId = opened.data.id;
    const current = await emitAck(screen, 'ladder:current', {});
    expect(current).toMatchObject({ ok: true, data: { id: ladderId, status: 'open' } });

    const noReason = await emitAck(zhaoPhone, 'ladder:position', { ladderId, level: 'oppose' });
    expect(noReason).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    const seen = waitForEvent(screen, 'ladder:update', (l) => l.counts.oppose === 1);
    await emitAck(zhaoPhone, 'ladder:position', {
      ladderId,
      level: 'oppose',
      reason: '采光受影响',
    });
    await emitAck(liPhone, 'ladder:position', { ladderId, level: 'support' });
    expect((await seen).objections[0]).toMatchObject({ name: '赵奶奶', reason: '采光受影响' });

    const tooStrong = await emitAck(staff, 'ladder:decide', { ladderId, decision: 'consensus' });
    expect(tooStrong).toMatchObject({ ok: false, code: 'DECISION_TOO_STRONG' });
    const forged = await emitAck(liPhone, 'ladder:decide', { ladderId, decision: 'not_reached' });
    expect(forged).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    await emitAck(staff, 'ladder:revise', { ladderId, text: '加装电梯，一楼住户获得补偿' });
    await emitAck(zhaoPhone, 'ladder:position', {
      ladderId,
      level: 'reservations',
      reason: '补偿待定',
    });
    await emitAck(liPhone, 'ladder:position', { ladderId, level: 'support' });
    const decided = await emitAck(staff, 'ladder:decide', {
      ladderId,
      decision: 'consensus_with_reservations',
    });
    expect(decided).toMatchObject({ ok: true, data: { status: 'decided' } });

    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${meeting.code}/close`);
    expect(record.ladders?.[0]).toMatchObject({
      decision: 'consensus_with_reservations',
      dissent: [{ name: '赵奶奶', level: 'reservations' }],
    });
    expect(record.ladders?.[0]?.versions).toHaveLength(2);
    expect(record.audit?.entries.filter((e) => e.kind.startsWith('ladder.'))).toHaveLength(7);
    const md = await fetch(`${fx.server.url}/api/meetings/${meeting.code}/record.md`, {
      headers: { cookie: fx.admin.cookie },
    });
    expect(await md.text()).toContain('有保留地达成共识');
  });
});

describe('assisted and proxy votes', () => {
  it('counts an assisted ballot only once a witness confirms, and a proxy only on a mandate', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const staff = await fx.staffSocket(meeting.code);
    const [grandma] = await fx.admin.ok<{ id: string }[]>(
      'POST',
      `/meetings/${meeting.code}/roster`,
      {
        names: ['赵奶奶'],
      },
    );
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const sun = await join(fx.server.url, meeting.code, '孙婶', 'remote');
    const qian = await join(fx.server.url, meeting.code, '钱大爷');
    const liPhone = await phone(meeting.code, li.token);
    const sunPhone = await phone(meeting.code, sun.token);
    const vote = await openVote(meeting.code, {});

    const asked = waitForEvent(liPhone, 'assist:request');
    const request = await emitAck(staff, 'vote:assist', {
      voteId: vote.id,
      voterId: grandma!.id,
      witnessId: li.participant.id,
      choice: 'agree',
    });
    if (!request.ok) throw new Error(request.message);
    expect(await asked).toMatchObject({ voterName: '赵奶奶', choice: 'agree' });
    // Nobody else can confirm it, and nothing counts before the witness does.
    const wrong = await emitAck(sunPhone, 'vote:witness', {
      voteId: vote.id,
      requestId: request.data.requestId,
    });
    expect(wrong).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const ok = await emitAck(liPhone, 'vote:witness', {
      voteId: vote.id,
      requestId: request.data.requestId,
    });
    expect(ok.ok).toBe(true);

    const proxy = { voteId: vote.id, grantorId: qian.participant.id, choice: 'oppose' as const };
    const noMandate = await emitAck(sunPhone, 'vote:proxyCast', {
      ...proxy,
      ballotId: 'proxy-0001',
    });
    expect(noMandate).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const told = waitForEvent(sunPhone, 'mandates:changed');
    await fx.admin.ok('POST', `/meetings/${meeting.code}/mandates`, {
      holderId: sun.participant.id,
      grantorId: qian.participant.id,
    });
    await told;
    expect(await emitAck(sunPhone, 'vote:mandates', {})).toEqual({
      ok: true,
      data: [{ id: qian.participant.id, name: '钱大爷' }],
    });
    const twice = await fx.admin.request('POST', `/meetings/${meeting.code}/mandates`, {
      holderId: li.participant.id,
      grantorId: qian.participant.id,
    });
    expect(twice.ack).toMatchObject({ ok: false, code: 'CONFLICT' });
    const cast = await emitAck(sunPhone, 'vote:proxyCast', { ...proxy, ballotId: 'proxy-0002' });
    expect(cast.ok).toBe(true);

    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.totals).toEqual({ agree: 1, oppose: 1, abstain: 0 });
    expect(closed.tally.byChannel.remote.oppose).toBe(1); // cast from the holder's device
    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${meeting.code}/close`);
    const recorded = [...record.conclusions, ...record.escalations][0]!;
    expect(recorded.assisted).toEqual([{ voter: '赵奶奶', by: ADMIN_NAME, witness: '李大爷' }]);
    expect(recorded.proxies).toEqual([{ voter: '钱大爷', holder: '孙婶' }]);
    const kinds = record.audit!.entries.map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['ballot.assisted', 'ballot.proxy', 'mandate.registered']),
    );
    const md = await fetch(`${fx.server.url}/api/meetings/${meeting.code}/record.md`, {
      headers: { cookie: fx.admin.cookie },
    });
    const text = await md.text();
    expect(text).toContain('代为表决：赵奶奶（王主任录入，见证人李大爷）');
    expect(text).toContain('委托表决：钱大爷（受托人孙婶）');
  });
});
