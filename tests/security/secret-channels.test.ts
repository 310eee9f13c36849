import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { type RoomState, type TalliedVote, type Vote } from '../../shared/protocol';
import { createLiveMeeting, join } from '../integration/helpers/api';
import {
  emitAck,
  recordingSocket,
  until,
  type ClientPayload,
} from '../integration/helpers/realtime';
import { useServer } from '../integration/helpers/fixture';

/**
 * Issue 9, finding 3: a secret vote must not show its channel split. With one remote member,
 * counts per option by channel (现场 / 线上 / 举手) told everyone her choice. Every payload a
 * phone, the remote member's browser, the hall screen, the console and public reads receive
 * — sockets, REST, and the record as JSON, Markdown and DOCX — is recorded and walked.
 */
const fx = useServer({ teller: true });

/** A recording socket (helpers/realtime.ts), closed when the file's tests are done. */
async function recorded(code: string, as: 'participant' | 'screen' | 'staff', credential?: string) {
  const recording = await recordingSocket(fx.server.url, code, as, credential);
  fx.track(recording.socket);
  return recording;
}

const zero = (v: unknown): boolean =>
  Array.isArray(v)
    ? v.every((n) => n === 0)
    : typeof v === 'object' && v !== null && Object.values(v).every((n) => n === 0);

/**
 * Every count of a choice or option by electronic channel that is not zero, wherever it sits
 * (a tally, its options, a record's vote). `byChannel` maps of plain numbers are attendance
 * (who came, not how they voted) and are allowed; so is turnout (`voters`).
 */
function splits(payload: unknown, path = '$'): string[] {
  if (payload === null || typeof payload !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    const at = `${path}.${key}`;
    if (key === 'byChannel' && value && typeof value === 'object') {
      const byChannel = value as Record<string, unknown>;
      if (typeof byChannel.room === 'number') continue; // attendance
      for (const ch of ['room', 'remote']) if (!zero(byChannel[ch])) out.push(`${at}.${ch}`);
    } else out.push(...splits(value, at));
  }
  return out;
}

/** `线上 1` or `现场 3` not followed by 人 (turnout says 人; a split per choice does not). */
const TEXT_SPLIT = /(现场|线上|举手) ?\d+(?! ?人)/;

describe('a secret vote published', () => {
  it('shows combined totals only, everywhere, and warns about a small electronic group', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    await fx.admin.ok('POST', `/meetings/${code}/roster`, { names: ['赵奶奶', '钱大叔'] });
    const room: Awaited<ReturnType<typeof join>>[] = [];
    for (const name of ['甲', '乙', '丙', '丁']) room.push(await join(fx.server.url, code, name));
    const wang = await join(fx.server.url, code, '王阿姨', 'remote');
    const sockets = {
      phone: await recorded(code, 'participant', room[0]!.token),
      remote: await recorded(code, 'participant', wang.token),
      screen: await recorded(code, 'screen'),
      console: await recorded(code, 'staff', fx.admin.cookie),
    };
    const answers: unknown[] = [];
    const read = async () => {
      answers.push(await room[1]!.api.ok<Vote[]>('GET', `/meetings/${code}/votes`));
      answers.push(await wang.api.ok<RoomState>('GET', `/meetings/${code}/state`));
      for (const route of ['votes', 'state']) {
        answers.push(await (await fetch(`${fx.server.url}/api/meetings/${code}/${route}`)).json());
      }
      answers.push(await fx.admin.ok<Vote[]>('GET', `/meetings/${code}/votes`));
      answers.push(await fx.admin.ok<RoomState>('GET', `/meetings/${code}/state`));
    };
    const cast = (who: { token: string }, body: ClientPayload<'vote:cast'>) =>
      fx.phone(code, who.token).then((s) => emitAck(s, 'vote:cast', body));
    const hall = async (voteId: string, body: object) => {
      const path = `/meetings/${code}/votes/${voteId}/hall-count`;
      const entered = await fx.admin.ok<TalliedVote>('PUT', path, body);
      answers.push(entered);
      answers.push(await fx.teller.ok('POST', `${path}/${entered.hallPending!.id}/confirm`));
    };
    const close = async (voteId: string) =>
      answers.push(await fx.admin.ok('POST', `/meetings/${code}/votes/${voteId}/close`));

    // 1. Approval: four phones in the room, the one remote member against, two hands.
    const approval = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes`, {
      proposal: '修缮村道',
      secret: true,
    });
    for (const [i, v] of room.entries()) {
      const ack = await cast(v, { voteId: approval.id, choice: i < 3 ? 'agree' : 'abstain' });
      expect(ack.ok).toBe(true);
    }
    expect((await cast(wang, { voteId: approval.id, choice: 'oppose' })).ok).toBe(true);
    await hall(approval.id, { counts: { agree: 2, oppose: 0, abstain: 0 } });
    await read();
    await close(approval.id);

    // 2. Options: the same split, per option.
    const options = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes`, {
      proposal: '路灯选址',
      secret: true,
      kind: 'single',
      options: ['村口', '祠堂', '学校'],
    });
    for (const [i, v] of room.entries()) {
      expect((await cast(v, { voteId: options.id, options: [i % 2] })).ok).toBe(true);
    }
    expect((await cast(wang, { voteId: options.id, options: [2] })).ok).toBe(true);
    await hall(options.id, {
      counts: { agree: 0, oppose: 0, abstain: 0 },
      options: [1, 1, 0],
      voters: 2,
    });
    await read();
    await close(options.id);

    // 3. Only the remote member votes electronically; the room raises hands. Totals minus
    // the public hall count are her ballot: the console is warned, the record says so.
    const lonely = await fx.admin.ok<Vote>('POST', `/meetings/${code}/votes`, {
      proposal: '调整议程',
      secret: true,
    });
    expect((await cast(wang, { voteId: lonely.id, choice: 'oppose' })).ok).toBe(true);
    await hall(lonely.id, { counts: { agree: 3, oppose: 1, abstain: 0 } });
    const staffView = await fx.admin.ok<RoomState>('GET', `/meetings/${code}/state`);
    await read();
    await close(lonely.id);

    await fx.admin.ok('POST', `/meetings/${code}/close`);
    const exported = (format: string) =>
      fetch(`${fx.server.url}/api/meetings/${code}/record.${format}`, {
        headers: { cookie: fx.admin.cookie },
      });
    const record = (await (await exported('json')).json()) as object;
    answers.push(record);
    const markdown = await (await exported('md')).text();
    const docx = Buffer.from(await (await exported('docx')).arrayBuffer());
    const { value: docxText } = await mammoth.extractRawText({ buffer: docx });
    await until(
      () => sockets.screen.seen.filter((e) => e.event === 'vote:update').length >= 3,
      5_000,
      'the screen to see the closed votes',
    );

    // Nobody, staff included, got a count of a choice by phone or remote channel.
    for (const [who, { seen }] of Object.entries(sockets)) expect(splits(seen), who).toEqual([]);
    expect(splits(answers)).toEqual([]);
    for (const text of [markdown, docxText]) {
      const lines = text.split('\n').filter((l) => l.includes('表决情况') || l.includes('票'));
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(line).not.toMatch(TEXT_SPLIT);
    }
    expect(staffView.vote?.tally.secret).toMatchObject({ smallGroup: true, minGroup: 5 });
    for (const text of [markdown, docxText]) {
      expect(text).toContain('无记名投票：不分渠道显示');
      expect(text).toContain('电子投票仅 1 人（少于 5 人）');
    }
    // The result itself is all there: combined totals and turnout by channel.
    const result = (record as { conclusions: { proposal: string; totals: object }[] }).conclusions;
    expect(result.find((v) => v.proposal === '修缮村道')?.totals).toEqual({
      agree: 5,
      oppose: 1,
      abstain: 1,
    });
  }, 60_000);
});
