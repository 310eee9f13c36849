import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { Vote } from '../../../shared/protocol';
import { createLiveMeeting, join } from '../../integration/helpers/api';
import type { ServerFixture } from '../../integration/helpers/fixture';
import { emitAck, type TestSocket } from '../../integration/helpers/realtime';
import { linkByOrder, linkByWal, evidence, type Known } from './secret-linker';
import { countBytes, freelistPages, freelistTrunks, readPages, readWal } from './sqlite-raw';

/**
 * The analyst of issue 9 with a copy of the data (the laptop's DATA_DIR, a backup): attacks
 * the raw bytes for links between secret voters and their choices. Shared by
 * secret-forensics.test.ts (copies of DATA_DIR) and backup-forensics.test.ts (backups).
 *
 * Chance level: whatever order the analyst pairs by, a pairing unrelated to the truth is a
 * random permutation, whose number of correct pairs is about Poisson(1) for any n; six or
 * more happen less than once in a thousand runs. The bound is therefore 5 correct links.
 */
export const CHANCE_BOUND = 5;
export const OPTIONS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Distinct picks for voter i: the bits of i + 1 over ten options (up to 1,023 voters). */
export const picksOf = (i: number): number[] =>
  OPTIONS.flatMap((_, b) => (((i + 1) >> b) & 1 ? [b] : []));

/** What the analyst holds: a database file and its WAL (empty for a backup). */
export interface Copy {
  db: Buffer;
  wal: Buffer;
}

/** Links found by cell order (main file, and with the WAL applied) and by diffing WAL commits. */
export function attack(copy: Copy, known: Known, truth: Map<string, string>) {
  const { pageSize, pages } = readPages(copy.db);
  const { commits: all, salt } = readWal(copy.wal);
  const commits = all.filter((c) => c.salt === salt);
  const stale = all.filter((c) => c.salt !== salt);
  // The pages as SQLite would read them: the main file with the current WAL commits applied.
  const latest = new Map(pages);
  for (const c of commits) for (const [n, page] of c.frames) latest.set(n, page);
  const found = evidence(latest, pageSize, known);
  const order = linkByOrder(found, truth);
  const fileOnly = linkByOrder(evidence(pages, pageSize, known), truth);
  const wal = linkByWal(pages, pageSize, commits, known, truth);
  // Frames a WAL reset left behind: diffed among themselves (they predate the main file).
  const old = linkByWal(new Map(), pageSize, stale, known, truth);
  return {
    order: Math.max(order.correct, fileOnly.correct),
    orders: { withWal: order.byOrder, fileOnly: fileOnly.byOrder },
    wal: new Set([...wal.linked, ...old.linked]).size,
    walCertain: wal.certain + old.certain,
    walCommits: all.length,
    walBytes: copy.wal.length,
    found: { voters: new Set(found.voters.map((v) => v.id)).size, ballots: found.ballots.length },
  };
}

/**
 * No history left: the WAL holds no page images, the main file only the current sets (every
 * token hash once, no older version of the row anywhere), every free page zeroed.
 */
/** Every 4-byte word is 0 or the number of a page of the file: structure, not content. */
function onlyPageNumbers(area: Buffer, pageCount: number): boolean {
  for (let at = 0; at + 4 <= area.length; at += 4) {
    if (area.readUInt32BE(at) > pageCount) return false;
  }
  return true;
}

export function assertNothingLeft(copy: Copy, tokens: string[], label: string): void {
  expect(readWal(copy.wal).commits, `${label}: WAL commits`).toHaveLength(0);
  for (const hash of tokens) {
    // Halves, since an overflow chain may cut the one live copy at a page boundary (a cut
    // falls outside at least one of them); an older copy would make a count 2.
    const [head, tail] = [
      countBytes(copy.db, hash.slice(0, 16)),
      countBytes(copy.db, hash.slice(48)),
    ];
    expect(Math.max(head, tail), `${label}: copies of ${hash}`).toBe(1);
  }
  const { pages } = readPages(copy.db);
  const trunks = freelistTrunks(pages);
  for (const n of freelistPages(pages)) {
    const page = pages.get(n)!;
    // A trunk page (the first, or one further down the chain) lists leaf page numbers, and
    // beyond its count may keep numbers of leaves it listed before; everything else is zeroed.
    const zeroed = trunks.has(n)
      ? onlyPageNumbers(page.subarray(8), pages.size)
      : page.every((b) => b === 0);
    expect(zeroed, `${label}: free page ${n} is zeroed`).toBe(true);
  }
}

/**
 * A secret vote of `n` phones casting one at a time, each a distinct known choice; `take`
 * copies the data right after the ack of ballot n/2 (the worst moment, before any checkpoint
 * could follow), after the vote closes and after the meeting closes.
 */
export async function secretVoteCopies<C>(
  fx: ServerFixture,
  n: number,
  take: () => C | Promise<C>,
  pauseMs = 0,
) {
  const { meeting } = await createLiveMeeting(fx.admin);
  const vote = await fx.admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: `无记名投票（${n} 人）`,
    secret: true,
    kind: 'multiple',
    options: OPTIONS,
    maxChoices: OPTIONS.length,
  });
  const phones: { id: string; socket: TestSocket }[] = [];
  for (let i = 0; i < n; i++) {
    const v = await join(fx.server.url, meeting.code, `村民${i}`, i % 4 === 3 ? 'remote' : 'room');
    phones.push({ id: v.participant.id, socket: await fx.phone(meeting.code, v.token) });
  }
  const truth = new Map<string, string>();
  const tokens: string[] = [];
  let midVote: C | null = null;
  for (const [i, p] of phones.entries()) {
    const token = `forensic-token-${n}-${i}-${'x'.repeat(12)}`;
    const ack = await emitAck(p.socket, 'vote:cast', {
      voteId: vote.id,
      options: picksOf(i),
      ballotId: `forensic-${n}-${i}`,
      secretToken: token,
    });
    expect(ack.ok).toBe(true);
    truth.set(p.id, `o:${picksOf(i).join(',')}`);
    tokens.push(createHash('sha256').update(token).digest('hex'));
    // The copy right after an ack: the worst moment, before any checkpoint could follow.
    if (i === n / 2 - 1) midVote = await take();
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  for (const p of phones) p.socket.close();
  const known: Known = {
    voteId: vote.id,
    voterIds: new Set(truth.keys()),
    choices: new Set(truth.values()),
  };
  await fx.admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
  const afterVote = await take();
  await fx.admin.ok('POST', `/meetings/${meeting.code}/close`);
  const afterMeeting = await take();
  // The mid-vote copy holds the first half: the tokens of the ballots cast by then.
  const tokensAtMid = tokens.slice(0, Math.floor(n / 2));
  return { known, truth, tokens, tokensAtMid, midVote: midVote!, afterVote, afterMeeting };
}
