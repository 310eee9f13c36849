import { describe, expect, it } from 'vitest';
import type { Choice, MeetingRecord, TalliedVote, Vote } from '../../shared/protocol';
import { ADMIN, createLiveMeeting, join } from './helpers/api';
import { emitAck, waitForEvent } from './helpers/realtime';
import { useServer } from './helpers/fixture';

const SITES = ['村委会东侧', '老粮站', '学校旁'];
const fx = useServer();
const openVote = (code: string, body: object) =>
  fx.admin.ok<Vote>('POST', `/meetings/${code}/votes`, { proposal: '村食堂选址', ...body });
const recordMd = async (code: string) =>
  (
    await fetch(`${fx.server.url}/api/meetings/${code}/record.md`, {
      headers: { cookie: fx.admin.cookie },
    })
  ).text();

describe('assisted votes in option votes', () => {
  it('checks the picks like an own ballot, shows the witness the labels and marks the record', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const staff = await fx.staffSocket(code);
    const [grandma, grandpa] = await fx.admin.ok<{ id: string }[]>(
      'POST',
      `/meetings/${code}/roster`,
      { names: ['赵奶奶', '钱大爷'] },
    );
    const li = await join(fx.server.url, code, '李大爷');
    const liPhone = await fx.phone(code, li.token);
    const vote = await openVote(code, { kind: 'multiple', options: SITES, maxChoices: 2 });
    const assist = (voterId: string, body: object) =>
      emitAck(staff, 'vote:assist', {
        voteId: vote.id,
        voterId,
        witnessId: li.participant.id,
        ...body,
      });

    // Over the vote's limit, an unknown option, or 同意 in an option vote: refused up front.
    expect(await assist(grandma!.id, { options: [0, 1, 2] })).toMatchObject({
      ok: false,
      code: 'INVALID_BALLOT',
    });
    expect(await assist(grandma!.id, { options: [5] })).toMatchObject({
      ok: false,
      code: 'INVALID_BALLOT',
    });
    expect(await assist(grandma!.id, { choice: 'agree' })).toMatchObject({
      ok: false,
      code: 'INVALID_BALLOT',
    });

    const asked = waitForEvent(liPhone, 'assist:request');
    const request = await assist(grandma!.id, { options: [2, 0] });
    if (!request.ok) throw new Error(request.message);
    // The witness reads the labels of what was chosen, in ballot order.
    expect(await asked).toMatchObject({
      voterName: '赵奶奶',
      options: [0, 2],
      labels: ['村委会东侧', '学校旁'],
    });
    const witnessed = await emitAck(liPhone, 'vote:witness', {
      voteId: vote.id,
      requestId: request.data.requestId,
    });
    expect(witnessed).toMatchObject({ ok: true, data: { options: [0, 2] } });

    const closed = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes/${vote.id}/close`);
    expect(closed.tally.options?.totals).toEqual([1, 0, 1]);
    expect(closed.tally.options?.voters.room).toBe(1);

    // Single choice: exactly one option.
    const single = await openVote(code, {
      proposal: '开放时间',
      kind: 'single',
      options: ['早', '晚'],
    });
    const two = await emitAck(staff, 'vote:assist', {
      voteId: single.id,
      voterId: grandpa!.id,
      witnessId: li.participant.id,
      options: [0, 1],
    });
    expect(two).toMatchObject({ ok: false, code: 'INVALID_BALLOT' });
    await fx.admin.ok('POST', `/meetings/${code}/votes/${single.id}/close`);

    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${code}/close`);
    const recorded = [...record.conclusions, ...record.escalations].find((v) => v.id === vote.id);
    expect(recorded?.assisted).toEqual([
      { voter: '赵奶奶', by: ADMIN.displayName, witness: '李大爷' },
    ]);
    expect(await recordMd(code)).toContain('代为表决：赵奶奶（王主任录入，见证人李大爷）');
  });
});

describe('proxy votes in option votes', () => {
  it('casts picks for a grantor within the vote limits and marks them in the record', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const sun = await join(fx.server.url, code, '孙婶', 'remote');
    const qian = await join(fx.server.url, code, '钱大爷');
    const sunPhone = await fx.phone(code, sun.token);
    await fx.admin.ok('POST', `/meetings/${code}/mandates`, {
      holderId: sun.participant.id,
      grantorId: qian.participant.id,
    });
    const vote = await openVote(code, { kind: 'single', options: SITES });
    const proxy = { voteId: vote.id, grantorId: qian.participant.id };

    const tooMany = await emitAck(sunPhone, 'vote:proxyCast', {
      ...proxy,
      options: [0, 1],
      ballotId: 'proxy-single-too-many',
    });
    expect(tooMany).toMatchObject({ ok: false, code: 'INVALID_BALLOT' });
    const approval = await emitAck(sunPhone, 'vote:proxyCast', {
      ...proxy,
      choice: 'agree',
      ballotId: 'proxy-single-approval',
    });
    expect(approval).toMatchObject({ ok: false, code: 'INVALID_BALLOT' });
    const cast = await emitAck(sunPhone, 'vote:proxyCast', {
      ...proxy,
      options: [1],
      ballotId: 'proxy-single-ok',
    });
    expect(cast).toMatchObject({ ok: true, data: { options: [1] } });
    // The holder's own ballot is theirs alone: the grantor's did not use it up.
    expect(
      await emitAck(sunPhone, 'vote:cast', {
        voteId: vote.id,
        options: [0],
        ballotId: 'sun-own-ballot',
      }),
    ).toMatchObject({ ok: true });

    const closed = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes/${vote.id}/close`);
    // Cast from the holder's device: the holder's channel (remote).
    expect(closed.tally.options?.byChannel.remote).toEqual([1, 1, 0]);
    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${code}/close`);
    const recorded = [...record.conclusions, ...record.escalations][0]!;
    expect(recorded.proxies).toEqual([{ voter: '钱大爷', holder: '孙婶' }]);
    expect(await recordMd(code)).toContain('委托表决：钱大爷（受托人孙婶）');
  });
});

describe("a member's own vote prevails over their proxy", () => {
  it('replaces a proxy ballot with the member’s own, and refuses a proxy over an own ballot', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const sun = await join(fx.server.url, code, '孙婶', 'remote');
    const qian = await join(fx.server.url, code, '钱大爷');
    const zhou = await join(fx.server.url, code, '周大姐');
    const sunPhone = await fx.phone(code, sun.token);
    const qianPhone = await fx.phone(code, qian.token);
    const zhouPhone = await fx.phone(code, zhou.token);
    for (const grantor of [qian, zhou]) {
      await fx.admin.ok('POST', `/meetings/${code}/mandates`, {
        holderId: sun.participant.id,
        grantorId: grantor.participant.id,
      });
    }
    const vote = await openVote(code, { proposal: '修缮村道' });
    const proxyFor = (grantorId: string, choice: Choice, ballotId: string) =>
      emitAck(sunPhone, 'vote:proxyCast', { voteId: vote.id, grantorId, choice, ballotId });

    // 钱大爷: his holder votes first, then he votes himself: his own ballot counts.
    expect(await proxyFor(qian.participant.id, 'oppose', 'proxy-qian-1')).toMatchObject({
      ok: true,
    });
    const own = await emitAck(qianPhone, 'vote:cast', {
      voteId: vote.id,
      choice: 'agree',
      ballotId: 'qian-own-1',
    });
    expect(own).toMatchObject({ ok: true, data: { choice: 'agree' } });
    // …and from then on the holder can't change it back.
    expect(await proxyFor(qian.participant.id, 'oppose', 'proxy-qian-2')).toMatchObject({
      ok: false,
      code: 'OWN_VOTE_PREVAILS',
    });

    // 周大姐 votes herself first: the proxy is refused, her ballot stands.
    await emitAck(zhouPhone, 'vote:cast', {
      voteId: vote.id,
      choice: 'abstain',
      ballotId: 'zhou-own-1',
    });
    const refused = await proxyFor(zhou.participant.id, 'agree', 'proxy-zhou-1');
    expect(refused).toMatchObject({ ok: false, code: 'OWN_VOTE_PREVAILS' });
    if (refused.ok) throw new Error('refused');
    expect(refused.message).toContain('周大姐');

    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${code}/votes/${vote.id}/close`,
    );
    expect(closed.tally.totals).toEqual({ agree: 1, oppose: 0, abstain: 1 });
    // 钱大爷's ballot came from his own phone, in the room; nothing from the holder's (remote).
    expect(closed.tally.byChannel.room).toEqual({ agree: 1, oppose: 0, abstain: 1 });
    // Nothing is deleted: the proxy's mark stays, and a row of its own clears it.
    const db = fx.inspectDb();
    try {
      const rows = (table: string) =>
        db.prepare(`SELECT participant_id FROM ${table} WHERE vote_id = ?`).all(vote.id);
      expect(rows('ballot_marks')).toEqual([{ participant_id: qian.participant.id }]);
      expect(rows('ballot_mark_clears')).toEqual([{ participant_id: qian.participant.id }]);
    } finally {
      db.close();
    }
    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${code}/close`);
    const recorded = [...record.conclusions, ...record.escalations][0]!;
    expect(recorded.proxies).toBeUndefined();
    const replaced = record.audit!.entries.filter((e) => e.kind === 'ballot.proxyReplaced');
    expect(replaced).toHaveLength(1);
    expect(replaced[0]!.data).toMatchObject({ voter: '钱大爷', holder: '孙婶' });
    expect(await recordMd(code)).not.toContain('委托表决');
  });

  it('in a secret ballot, tells the member their holder already voted (it cannot be found)', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const sun = await join(fx.server.url, code, '孙婶');
    const qian = await join(fx.server.url, code, '钱大爷');
    const sunPhone = await fx.phone(code, sun.token);
    const qianPhone = await fx.phone(code, qian.token);
    await fx.admin.ok('POST', `/meetings/${code}/mandates`, {
      holderId: sun.participant.id,
      grantorId: qian.participant.id,
    });
    const vote = await openVote(code, { proposal: '修缮村道', secret: true });
    const proxied = await emitAck(sunPhone, 'vote:proxyCast', {
      voteId: vote.id,
      grantorId: qian.participant.id,
      choice: 'oppose',
      ballotId: 'secret-proxy-1',
      secretToken: 'holder-token-for-qian-xxxx',
    });
    expect(proxied.ok).toBe(true);
    const own = await emitAck(qianPhone, 'vote:cast', {
      voteId: vote.id,
      choice: 'agree',
      ballotId: 'secret-own-1',
      secretToken: 'qian-own-token-xxxxxxxxxx',
    });
    expect(own).toMatchObject({ ok: false, code: 'PROXY_ALREADY_VOTED' });
    if (own.ok) throw new Error('refused');
    expect(own.message).toContain('proxy');
  });
});
