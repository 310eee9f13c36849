import { describe, expect, it } from 'vitest';
import type { MeetingRecord, RecordVote, Turnout, Vote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { recordingSocket, until, type SeenEvent } from './helpers/realtime';

/**
 * Issue 10, "Wrong numbers": the hall screen said 已投 6 / 应投 9 after a confirmed hand count
 * where the server and the record said 6 eligible. The server now sends one `turnout` on every
 * vote; this runs a meeting over real sockets and checks that what the hall screen, the
 * console and a phone receive is, number for number, what the record says.
 */
const fx = useServer({ teller: true });

const ZERO = { agree: 0, oppose: 0, abstain: 0 };

/** The last `vote:update` (or room snapshot or patch vote) a socket received for a vote. */
function lastSeen(seen: SeenEvent[], voteId: string): Vote | undefined {
  for (let i = seen.length - 1; i >= 0; i--) {
    const { event, args } = seen[i]!;
    const vote =
      event === 'vote:update'
        ? (args[0] as Vote)
        : event === 'room:state' || event === 'room:patch'
          ? (args[0] as { vote?: Vote | null }).vote
          : null;
    if (vote?.id === voteId) return vote;
  }
  return undefined;
}

describe('one source of truth for every number', () => {
  it('screen, console and phone receive the turnout the record keeps', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const li = await join(fx.server.url, code, '李大爷', 'room');
    const wang = await join(fx.server.url, code, '王阿姨', 'remote');
    const zhang = await join(fx.server.url, code, '张叔', 'room');
    // Three people without a phone, on the roster, in the hall: 应投 is 6, not 3 + hands.
    await fx.admin.ok('POST', `/meetings/${code}/roster`, { names: ['赵奶奶', '钱大爷', '孙婶'] });

    const screen = await recordingSocket(fx.server.url, code, 'screen');
    const console_ = await recordingSocket(fx.server.url, code, 'staff', fx.admin.cookie);
    const phone = await recordingSocket(fx.server.url, code, 'participant', li.token);
    const surfaces = { screen, console: console_, phone };
    // Phones get a vote when it opens and closes (server/realtime/broadcaster.ts): the live
    // turnout goes to the hall screen and the consoles.
    const live = { screen, console: console_ };
    const everyone = (voteId: string, check: (t: Turnout) => boolean) =>
      until(
        () =>
          Object.values(live).every((s) => {
            const v = lastSeen(s.seen, voteId);
            return v !== undefined && check(v.turnout);
          }),
        5_000,
        'every surface to see the turnout',
      );
    const seenBy = (voteId: string) =>
      Object.fromEntries(
        Object.entries(live).map(([k, s]) => [k, lastSeen(s.seen, voteId)?.turnout]),
      );
    const ballots = (id: string) => `/meetings/${code}/votes/${id}/ballots`;
    const hall = (id: string) => `/meetings/${code}/votes/${id}/hall-count`;

    // Approval, results hidden from the screen and phones until close.
    const approval = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes`, {
      proposal: '加装电梯，费用按楼层分摊',
      hideResults: true,
      quorum: 0.5,
    });
    await li.api.ok('POST', ballots(approval.id), { choice: 'agree' });
    await wang.api.ok('POST', ballots(approval.id), { choice: 'agree' });
    await zhang.api.ok('POST', ballots(approval.id), { choice: 'oppose' });
    // A hand count entered by one teller counts for nothing until a second confirms it.
    const entered = await fx.admin.ok<Vote>('PUT', hall(approval.id), {
      counts: { agree: 2, oppose: 0, abstain: 1 },
    });
    expect(entered.turnout).toMatchObject({ eligible: 6, voted: 3, voters: { hall: 0 } });
    await everyone(approval.id, (t) => t.voted === 3);
    for (const t of Object.values(seenBy(approval.id))) {
      expect(t).toEqual({
        eligible: 6,
        voted: 3,
        voters: { room: 2, remote: 1, hall: 0 },
        quorum: { share: 0.5, required: 3, met: true },
        majority: { needed: 2, of: 3 },
      });
    }
    // The screen and the phone still have no counts, only the turnout.
    expect(lastSeen(screen.seen, approval.id)?.tally.hidden).toBe(true);
    expect(lastSeen(phone.seen, approval.id)?.tally.totals).toBeUndefined();
    expect(lastSeen(phone.seen, approval.id)?.turnout.eligible).toBe(6);

    await fx.teller.ok('POST', `${hall(approval.id)}/${entered.hallPending!.id}/confirm`);
    await everyone(approval.id, (t) => t.voted === 6);
    const confirmed = {
      eligible: 6,
      voted: 6,
      voters: { room: 2, remote: 1, hall: 3 },
      quorum: { share: 0.5, required: 3, met: true },
      majority: { needed: 4, of: 6 },
    };
    // Not "已投 6 / 应投 9": the hands are people on the roster.
    for (const t of Object.values(seenBy(approval.id))) expect(t).toEqual(confirmed);
    await fx.admin.ok('POST', `/meetings/${code}/votes/${approval.id}/close`);
    for (const s of Object.values(surfaces)) {
      await until(() => lastSeen(s.seen, approval.id)?.status === 'closed');
      expect(lastSeen(s.seen, approval.id)?.turnout).toEqual(confirmed);
    }

    // Multiple choice, two marks each: people, not marks.
    const multi = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes`, {
      proposal: '健身器材放在哪两处',
      kind: 'multiple',
      options: ['北门', '南门', '小广场'],
      maxChoices: 2,
    });
    await li.api.ok('POST', ballots(multi.id), { options: [0, 2] });
    await wang.api.ok('POST', ballots(multi.id), { options: [0, 1] });
    const hands = await fx.admin.ok<Vote>('PUT', hall(multi.id), {
      counts: ZERO,
      options: [2, 0, 2],
      voters: 2,
    });
    await fx.teller.ok('POST', `${hall(multi.id)}/${hands.hallPending!.id}/confirm`);
    const multiTurnout = { eligible: 6, voted: 4, voters: { room: 1, remote: 1, hall: 2 } };
    await everyone(multi.id, (t) => t.voted === 4);
    for (const t of Object.values(seenBy(multi.id))) expect(t).toEqual(multiTurnout);
    await fx.admin.ok('POST', `/meetings/${code}/votes/${multi.id}/close`);
    for (const s of Object.values(surfaces)) {
      await until(() => lastSeen(s.seen, multi.id)?.status === 'closed');
      expect(lastSeen(s.seen, multi.id)?.turnout).toEqual(multiTurnout);
    }

    // The console's list of completed votes carries the same numbers.
    const list = await fx.admin.ok<Vote[]>('GET', `/meetings/${code}/votes`);
    expect(list.find((v) => v.id === approval.id)?.turnout).toEqual(confirmed);
    expect(list.find((v) => v.id === multi.id)?.turnout).toEqual(multiTurnout);

    // The record: 应到 / 实投 and its turnout are exactly what every surface showed.
    const record = await fx.admin.ok<MeetingRecord>('POST', `/meetings/${code}/close`);
    const recorded = (id: string): RecordVote =>
      [...record.conclusions, ...record.escalations].find((v) => v.id === id)!;
    for (const [id, shown] of [
      [approval.id, confirmed],
      [multi.id, multiTurnout],
    ] as const) {
      expect(recorded(id).turnout).toEqual(shown);
      expect(recorded(id).eligible).toBe(shown.eligible);
      expect(recorded(id).cast).toBe(shown.voted);
    }
    const md = await (
      await fetch(`${fx.server.url}/api/meetings/${code}/record.md`, {
        headers: { cookie: fx.admin.cookie },
      })
    ).text();
    expect(md).toContain('应到 6 人，实投 6 票');
    expect(md).not.toContain('不含举手');
    // The multiple-choice outcome names the two options chosen (北门 4, 小广场 3).
    expect(md).toContain('表决结果：选定北门、小广场');
    const json = await (
      await fetch(`${fx.server.url}/api/meetings/${code}/record.json`, {
        headers: { cookie: fx.admin.cookie },
      })
    ).json();
    const fromJson = (json as MeetingRecord).conclusions.find((v) => v.id === multi.id);
    expect(fromJson?.turnout).toEqual(multiTurnout);
  });
});
