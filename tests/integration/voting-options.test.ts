import { describe, expect, it } from 'vitest';
import type { MeetingRecord, Vote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { emitAck } from './helpers/realtime';
import { useServer } from './helpers/fixture';
import { verifyRecordCli } from './helpers/records';

const SITES = ['村委会东侧', '老粮站', '学校旁'];
const fx = useServer({ teller: true });
const phone = (code: string, token: string) => fx.phone(code, token);
const openVote = (code: string, body: object) =>
  fx.admin.ok<Vote>('POST', `/meetings/${code}/votes`, { proposal: '村食堂选址', ...body });

describe('single choice among options', () => {
  it('merges phones, remote and a confirmed hall count per option and records the winner', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const li = await join(fx.server.url, code, '李大爷', 'room');
    const wang = await join(fx.server.url, code, '王阿姨', 'remote');
    const zhang = await join(fx.server.url, code, '张叔', 'room');
    await fx.admin.ok('POST', `/meetings/${code}/roster`, { names: ['赵奶奶', '钱大爷'] });
    const vote = await openVote(code, { kind: 'single', options: SITES });
    expect(vote).toMatchObject({ kind: 'single', options: SITES, maxChoices: 1 });

    const socket = await phone(code, li.token);
    const cast = { voteId: vote.id, options: [1], ballotId: 'single-li-1' };
    expect(await emitAck(socket, 'vote:cast', cast)).toMatchObject({
      ok: true,
      data: { options: [1] },
    });
    // A resend of the same ballot id (offline queue) counts once.
    expect(await emitAck(socket, 'vote:cast', cast)).toMatchObject({
      ok: true,
      data: { replay: true, options: [1] },
    });
    expect(await emitAck(socket, 'vote:mine', { voteId: vote.id })).toMatchObject({
      ok: true,
      data: { options: [1] },
    });
    const ballots = (id: string) => `/meetings/${code}/votes/${id}/ballots`;
    await wang.api.ok('POST', ballots(vote.id), { options: [1] });
    // Two options, or 同意 in an option vote: typed refusals.
    const two = await zhang.api.request('POST', ballots(vote.id), { options: [0, 2] });
    expect(two.ack).toMatchObject({ ok: false, code: 'INVALID_BALLOT' });
    const agree = await zhang.api.request('POST', ballots(vote.id), { choice: 'agree' });
    expect(agree.ack).toMatchObject({ ok: false, code: 'INVALID_BALLOT' });
    await zhang.api.ok('POST', ballots(vote.id), { options: [0] });

    // Hall: 赵奶奶 and 钱大爷 may raise a hand; three people would exceed the cap.
    const hall = `/meetings/${code}/votes/${vote.id}/hall-count`;
    const zero = { agree: 0, oppose: 0, abstain: 0 };
    const tooMany = await fx.admin.request('PUT', hall, { counts: zero, options: [1, 1, 1] });
    expect(tooMany.ack).toMatchObject({ ok: false, code: 'HALL_CAP_EXCEEDED' });
    const entered = await fx.admin.ok<Vote>('PUT', hall, { counts: zero, options: [0, 1, 1] });
    expect(entered.tally.options?.byChannel.hall).toEqual([0, 0, 0]); // not until confirmed
    const self = await fx.admin.request('POST', `${hall}/${entered.hallPending!.id}/confirm`);
    expect(self.ack).toMatchObject({ ok: false, code: 'SAME_TELLER' });
    const confirmed = await fx.teller.ok<Vote>(
      'POST',
      `${hall}/${entered.hallPending!.id}/confirm`,
    );
    expect(confirmed.tally.options).toMatchObject({
      byChannel: { room: [1, 1, 0], remote: [0, 1, 0], hall: [0, 1, 1] },
      totals: [1, 3, 1],
      voters: { room: 2, remote: 1, hall: 2 },
    });
    expect(confirmed.tally.cast).toBe(5);

    const closed = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes/${vote.id}/close`);
    expect(closed.outcome).toBe('chosen');
    expect(closed.tally.options).toMatchObject({ winner: 1, ranking: [1, 0, 2] });

    // A tie is recorded as no winner.
    const tie = await openVote(code, {
      proposal: '开放时间',
      kind: 'single',
      options: ['早', '晚'],
    });
    await li.api.ok('POST', ballots(tie.id), { options: [0] });
    await wang.api.ok('POST', ballots(tie.id), { options: [1] });
    const tied = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes/${tie.id}/close`);
    expect(tied.outcome).toBe('no_winner');
    expect(tied.tally.options?.winner).toBeNull();

    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${code}/close`);
    expect(record.conclusions[0]).toMatchObject({ kind: 'single', outcome: 'chosen' });
    expect(record.conclusions[0]?.options?.labels).toEqual(SITES);
    expect(record.escalations[0]).toMatchObject({ outcome: 'no_winner' });
    const md = await (
      await fetch(`${fx.server.url}/api/meetings/${code}/record.md`, {
        headers: { cookie: fx.admin.cookie },
      })
    ).text();
    expect(md).toContain('选项：1. 村委会东侧；2. 老粮站；3. 学校旁');
    expect(md).toContain('第1名 老粮站 3 票（现场 1、线上 1、举手 1）');
    expect(md).toContain('表决结果：选定老粮站');
    expect(md).toContain('李大爷');
    const docx = await fetch(`${fx.server.url}/api/meetings/${code}/record.docx`, {
      headers: { cookie: fx.admin.cookie },
    });
    expect(docx.status).toBe(200);

    // The exported JSON still verifies, and a forged winner is caught.
    const json = (await (
      await fetch(`${fx.server.url}/api/meetings/${code}/record.json`, {
        headers: { cookie: fx.admin.cookie },
      })
    ).json()) as MeetingRecord;
    // On the server's machine, verify-record trusts the installation key in DATA_DIR.
    const verify = async (rec: MeetingRecord) =>
      (await verifyRecordCli(rec, fx.server.dataDir, [], { DATA_DIR: fx.server.dataDir })).code;
    expect(await verify(json)).toBe(0);
    const forged = structuredClone(json);
    forged.conclusions[0]!.options!.totals = [1, 1, 3];
    expect(await verify(forged)).toBe(1);
  }, 30_000);
});

describe('secret multiple choice', () => {
  it('takes up to N options, refuses more, and stores nothing that links a ballot to its voter', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const vote = await openVote(meeting.code, {
      kind: 'multiple',
      options: SITES,
      maxChoices: 2,
      secret: true,
    });
    const picks = [[0, 1], [1], [1, 2], [0, 2]];
    const voters = [];
    for (const [i, name] of ['甲', '乙', '丙', '丁'].entries()) {
      const v = await join(fx.server.url, meeting.code, name);
      const socket = await phone(meeting.code, v.token);
      const secret = `phone-secret-token-${i}-xxxxxxxx`;
      const ack = await emitAck(socket, 'vote:cast', {
        voteId: vote.id,
        options: picks[i],
        ballotId: `multi-ballot-${i}`,
        secretToken: secret,
      });
      expect(ack.ok).toBe(true);
      voters.push({ ...v, socket, secret });
    }
    const tooMany = await emitAck(voters[0]!.socket, 'vote:cast', {
      voteId: vote.id,
      options: [0, 1, 2],
      ballotId: 'multi-too-many',
      secretToken: voters[0]!.secret,
    });
    expect(tooMany).toMatchObject({ ok: false, code: 'INVALID_BALLOT' });
    // The phone holding the token may change its picks until close.
    const changed = await emitAck(voters[0]!.socket, 'vote:cast', {
      voteId: vote.id,
      options: [2],
      ballotId: 'multi-ballot-0-changed',
      secretToken: voters[0]!.secret,
    });
    expect(changed.ok).toBe(true);
    const tab = await phone(meeting.code, voters[1]!.token);
    const again = await emitAck(tab, 'vote:cast', {
      voteId: vote.id,
      options: [0],
      ballotId: 'multi-second-tab',
      secretToken: 'another-device-token-xxxxxxxx',
    });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
    const closed = await fx.admin.ok<Vote>(
      'POST',
      `/meetings/${meeting.code}/votes/${vote.id}/close`,
    );
    expect(closed.outcome).toBe('ranked');
    expect(closed.tally.options).toMatchObject({ totals: [1, 2, 3], ranking: [2, 1, 0] });
    expect(closed.tally.cast).toBe(4);

    const db = fx.inspectDb();
    try {
      const row = db.prepare('SELECT * FROM secret_sets WHERE vote_id = ?').get(vote.id) as {
        voters: string;
        ballots: string;
      };
      const stored = JSON.parse(row.ballots) as [string, string][];
      expect(stored).toHaveLength(4);
      for (const entry of stored) expect(entry).toHaveLength(2); // token hash, choice: no more
      const hashes = stored.map((s) => s[0]);
      expect(hashes).toEqual([...hashes].sort());
      for (const v of voters) expect(row.ballots).not.toContain(v.participant.id);
      expect(db.prepare('SELECT * FROM ballots WHERE vote_id = ?').all(vote.id)).toHaveLength(0);
      expect(JSON.parse(row.voters)).toHaveLength(4);
      const audit = db
        .prepare(`SELECT data_json FROM audit_log WHERE kind = 'ballots.received'`)
        .all() as { data_json: string }[];
      for (const { data_json } of audit) {
        expect(Object.keys(JSON.parse(data_json) as object).sort()).toEqual(['count', 'voteId']);
      }
    } finally {
      db.close();
    }
  });

  it('records a multiple-choice vote that chose nothing (a tie for every seat) as escalated, not as a conclusion', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const vote = await openVote(meeting.code, { kind: 'multiple', options: SITES, maxChoices: 2 });
    for (const [i, name] of ['子', '丑', '寅'].entries()) {
      const v = await join(fx.server.url, meeting.code, name);
      const socket = await phone(meeting.code, v.token);
      const ack = await emitAck(socket, 'vote:cast', {
        voteId: vote.id,
        options: [i],
        ballotId: `tie-ballot-${i}`,
      });
      expect(ack.ok).toBe(true);
    }
    await fx.admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${meeting.code}/close`);
    // One vote each for three sites and two seats: nothing was chosen, so nothing was agreed.
    expect(record.conclusions.map((v) => v.proposal)).not.toContain(vote.proposal);
    expect(record.escalations.map((v) => v.proposal)).toContain(vote.proposal);
  });
});
