import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MeetingRecord, Vote } from '../../shared/protocol';
import { YDOC_KEYS } from '../../shared/collab';
import { RecordSigner } from '../../server/audit/signing';
import { loadSecret } from '../../server/auth/secret';
import { DB_FILE, countContents, integrityProblems } from '../../server/storage/backup';
import { adminClient, ADMIN, ApiClient, createLiveMeeting, join } from './helpers/api';
import {
  connectDoc,
  connectSocket,
  emitAck,
  minutesText,
  paragraph,
  until,
  type TestSocket,
} from './helpers/realtime';
import { verifyRecordCli } from './helpers/records';
import { startChildServer, tempDataDir, type ChildServer } from './helpers/server';

/**
 * Issue 11: `npm run backup` while a meeting runs (phones voting the whole time, in another
 * process than the server), then `npm run restore` into a fresh DATA_DIR and a server on it:
 * meetings, ballots, tallies, minutes and the signed record come back, and the record still
 * verifies against the installation's key.
 */
const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const cli = async (script: string, args: string[], env: Record<string, string>) => {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
};
const ENV = {
  RATE_LIMIT_FACTOR: '0',
  RATE_CONNECTIONS_PER_ADDRESS: '100000',
  RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: '100000',
  AUDIO_ENABLED: 'false',
};
const VOTERS = 24;
const CHOICES = ['agree', 'oppose', 'abstain'] as const;

const live = tempDataDir();
const restored = tempDataDir();
const scratch = mkdtempSync(path.join(tmpdir(), 'yuanba-backups-'));
const servers: ChildServer[] = [];
const sockets: TestSocket[] = [];
const docs: { destroy(): void }[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const d of docs) d.destroy();
  for (const s of servers) await s.crash();
  for (const dir of [live, restored, scratch]) rmSync(dir, { recursive: true, force: true });
});

/** Writes a line of minutes and waits until a second editor reads it: it is on disk. */
async function writeMinutes(url: string, cookie: string, code: string, text: string) {
  const a = connectDoc(url, code, { cookie });
  const b = connectDoc(url, code, { cookie });
  docs.push(a, b);
  await Promise.all([a.synced, b.synced]);
  a.doc.getXmlFragment(YDOC_KEYS.minutes).insert(0, [paragraph(text)]);
  await until(() => minutesText(b.doc) === text, 5_000, 'minutes stored');
}

async function readMinutes(url: string, cookie: string, code: string): Promise<string> {
  const c = connectDoc(url, code, { cookie });
  docs.push(c);
  await c.synced;
  return minutesText(c.doc);
}

async function fetchRecord(url: string, cookie: string, code: string): Promise<MeetingRecord> {
  const res = await fetch(`${url}/api/meetings/${code}/record.json`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as MeetingRecord;
}

describe('npm run backup during a meeting, npm run restore into a fresh DATA_DIR', () => {
  it('keeps every meeting, ballot, tally, minutes line and signed record', async () => {
    const a = await startChildServer(live, ENV);
    servers.push(a);
    const admin = await adminClient(a.url);
    const key = await admin.ok<{ fingerprint: string }>('GET', '/record-key');

    // A meeting that is over: a secret vote of VOTERS phones, minutes, a signed record.
    const done = await createLiveMeeting(admin);
    const doneCode = done.meeting.code;
    const phones: { token: string; socket: TestSocket }[] = [];
    for (let i = 0; i < VOTERS; i++) {
      const v = await join(a.url, doneCode, `村民${i}`);
      const socket = await connectSocket(a.url, {
        meetingCode: doneCode,
        as: 'participant',
        token: v.token,
      });
      sockets.push(socket);
      phones.push({ token: v.token, socket });
    }
    const cast = async (socket: TestSocket, voteId: string, i: number, tag: string, n = 0) => {
      const ack = await emitAck(socket, 'vote:cast', {
        voteId,
        choice: CHOICES[(i + n) % 3]!,
        ballotId: `ballot-${tag}-${i}-${n}`,
        secretToken: `backup-token-${tag}-${i}-xxxxxxxxxx`,
      });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    };
    const closedVote = await admin.ok<Vote>('POST', `/meetings/${doneCode}/votes`, {
      proposal: '无记名表决：加装电梯',
      secret: true,
    });
    for (const [i, p] of phones.entries()) await cast(p.socket, closedVote.id, i, 'closed');
    await admin.ok('POST', `/meetings/${doneCode}/votes/${closedVote.id}/close`);
    await writeMinutes(a.url, admin.cookie, doneCode, '会议纪要：同意加装电梯，费用按楼层分摊');
    await admin.ok('POST', `/meetings/${doneCode}/close`);
    const record = await fetchRecord(a.url, admin.cookie, doneCode);
    const doneVotes = await admin.ok<Vote[]>('GET', `/meetings/${doneCode}/votes`);

    // A meeting in progress: its minutes, and a secret vote that phones keep voting in.
    const now = await createLiveMeeting(admin);
    const nowCode = now.meeting.code;
    await writeMinutes(a.url, admin.cookie, nowCode, '第二次会议：正在表决');
    const voters: TestSocket[] = [];
    for (let i = 0; i < VOTERS; i++) {
      const v = await join(a.url, nowCode, `居民${i}`, i % 2 ? 'remote' : 'room');
      const socket = await connectSocket(a.url, {
        meetingCode: nowCode,
        as: 'participant',
        token: v.token,
      });
      sockets.push(socket);
      voters.push(socket);
    }
    const openVote = await admin.ok<Vote>('POST', `/meetings/${nowCode}/votes`, {
      proposal: '无记名表决：选址',
      secret: true,
    });
    for (let i = 0; i < VOTERS / 2; i++) await cast(voters[i]!, openVote.id, i, 'open');

    // The backup runs in its own process while phones keep voting: the other half cast,
    // then voters change their choice (their token allows it), until the backup is done.
    let voting = true;
    let writes = 0;
    const castDuring = (async () => {
      let i = VOTERS / 2;
      for (; voting; i++) {
        await cast(voters[i % VOTERS]!, openVote.id, i % VOTERS, 'open', Math.floor(i / VOTERS));
        writes += 1;
      }
      return Math.min(i, VOTERS);
    })();
    const started = Date.now();
    const backup = await cli('server/cli/backup.ts', ['--out', scratch], { DATA_DIR: live });
    const took = Date.now() - started;
    const writesDuring = writes;
    voting = false;
    const castAtEnd = await castDuring;
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/integrity_check ok/);
    expect(backup.out).toMatch(/2 meetings/);
    const [dirName] = readdirSync(scratch);
    const dir = path.join(scratch, dirName!);
    expect(readdirSync(dir).sort()).toEqual(
      [DB_FILE, 'manifest.json', 'record-signing-key.pem', 'secret'].sort(),
    );
    const file = path.join(dir, DB_FILE);
    expect(integrityProblems(file)).toEqual([]);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const counts = countContents(file);
    // The open vote's anonymous choices as the backup holds them.
    const db = new SQLite(file, { readonly: true });
    const stored = JSON.parse(
      db
        .prepare('SELECT ballots FROM secret_sets WHERE vote_id = ?')
        .pluck()
        .get(openVote.id) as string,
    ) as [string, string][];
    db.close();
    const inOpenVote = stored.length;
    const expectedTotals = { agree: 0, oppose: 0, abstain: 0 };
    for (const [, choice] of stored) expectedTotals[choice as (typeof CHOICES)[number]] += 1;
    console.log(JSON.stringify({ backupMs: took, writesDuring, castAtEnd, inOpenVote, counts }));
    expect(counts).toMatchObject({ meetings: 2, secretVotes: 2, records: 1 });
    expect(counts.ballots).toBe(VOTERS + inOpenVote);
    // A consistent snapshot: whatever was acknowledged before it started, nothing invented.
    expect(inOpenVote).toBeGreaterThanOrEqual(VOTERS / 2);
    expect(inOpenVote).toBeLessThanOrEqual(castAtEnd);
    expect(writesDuring).toBeGreaterThan(VOTERS);

    // A restore onto the running server's DATA_DIR is refused and changes nothing.
    const refused = await cli('server/cli/restore.ts', [dir], { DATA_DIR: live });
    expect(refused.code, refused.out).toBe(1);
    expect(refused.out).toMatch(/server is using/);
    expect(readdirSync(live).some((f) => f.includes('restor'))).toBe(false);
    expect((await admin.ok<Vote[]>('GET', `/meetings/${doneCode}/votes`)).length).toBe(1);

    const put = await cli('server/cli/restore.ts', [dir], { DATA_DIR: restored });
    expect(put.code, put.out).toBe(0);
    const b = await startChildServer(restored, ENV);
    servers.push(b);
    const staff = new ApiClient(b.url);
    await staff.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    expect(await staff.ok('GET', '/record-key')).toMatchObject({ fingerprint: key.fingerprint });
    expect(await staff.ok<Vote[]>('GET', `/meetings/${doneCode}/votes`)).toEqual(doneVotes);
    expect(await readMinutes(b.url, staff.cookie, doneCode)).toBe(
      '会议纪要：同意加装电梯，费用按楼层分摊',
    );
    expect(await readMinutes(b.url, staff.cookie, nowCode)).toBe('第二次会议：正在表决');
    const again = await fetchRecord(b.url, staff.cookie, doneCode);
    expect(again).toEqual(record);
    const verified = await verifyRecordCli(again, scratch, [], { DATA_DIR: restored });
    expect(verified, verified.out).toMatchObject({ code: 0, out: expect.stringMatching(/^OK/) });
    // The open vote goes on where the backup left it: a phone's own link still works (the
    // participant secret came back), and closing counts exactly the ballots in the backup.
    const phone = await connectSocket(b.url, {
      meetingCode: doneCode,
      as: 'participant',
      token: phones[0]!.token,
    });
    sockets.push(phone);
    expect(phone.connected).toBe(true);
    const closed = await staff.ok<Vote>('POST', `/meetings/${nowCode}/votes/${openVote.id}/close`);
    expect(closed.tally.totals).toEqual(expectedTotals);

    // Back onto the first DATA_DIR once its server is stopped: what was there is kept aside.
    expect(await a.stop()).toBe(0);
    const over = await cli('server/cli/restore.ts', [dir], { DATA_DIR: live });
    expect(over.code, over.out).toBe(0);
    const kept = readdirSync(live).filter((f) => f.startsWith(`${DB_FILE}.before-restore-`));
    expect(kept).toHaveLength(1);
    expect(integrityProblems(path.join(live, kept[0]!))).toEqual([]);
    expect(countContents(path.join(live, kept[0]!)).ballots).toBe(VOTERS + castAtEnd);
    expect(countContents(path.join(live, DB_FILE))).toEqual(counts);
  }, 60_000);

  it('refuses a damaged backup and changes nothing; --no-key leaves the signing key out', async () => {
    const home = path.join(scratch, 'small');
    const data = path.join(home, 'data');
    expect(
      (await cli('server/cli/create-admin.ts', ['laowang', 'a-long-password'], { DATA_DIR: data }))
        .code,
    ).toBe(0);
    // The keys as the server would have created them at its first start.
    RecordSigner.load(path.join(data, 'record-signing-key.pem'));
    loadSecret(data, undefined);
    const out = path.join(home, 'no-key');
    const made = await cli('server/cli/backup.ts', ['--out', out, '--no-key'], { DATA_DIR: data });
    expect(made.code, made.out).toBe(0);
    expect(made.out).toMatch(/NOT included/);
    expect(readdirSync(out).sort()).toEqual([DB_FILE, 'manifest.json', 'secret'].sort());
    // --out naming an existing backup is refused: a backup never overwrites one.
    expect(
      (await cli('server/cli/backup.ts', ['--out', path.join(out, DB_FILE)], { DATA_DIR: data }))
        .code,
    ).toBe(2);

    const target = path.join(home, 'target');
    const bytes = readFileSync(path.join(out, DB_FILE));
    /** Flips one byte near the end of the file (and back again when called twice). */
    const flip = (): void => {
      const at = bytes.length - 100;
      bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    };
    flip();
    writeFileSync(path.join(out, DB_FILE), bytes);
    const damaged = await cli('server/cli/restore.ts', [out], { DATA_DIR: target });
    expect(damaged.code, damaged.out).toBe(1);
    expect(damaged.out).toMatch(/damaged/);
    expect(existsSync(target)).toBe(false);

    // Only the database file (no manifest, no keys): checked for integrity, then restored.
    flip();
    const bare = path.join(home, 'bare.sqlite');
    writeFileSync(bare, bytes);
    const put = await cli('server/cli/restore.ts', [bare], { DATA_DIR: target });
    expect(put.code, put.out).toBe(0);
    expect(put.out).toMatch(/no record-signing key/);
    expect(countContents(path.join(target, DB_FILE)).users).toBe(1);
    expect(existsSync(path.join(target, 'secret'))).toBe(false);
  }, 30_000);
});
