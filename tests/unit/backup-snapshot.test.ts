import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  countContents,
  integrityProblems,
  snapshotDatabase,
  type SnapshotMethod,
} from '../../server/storage/backup';

/**
 * Why `npm run backup` uses VACUUM INTO rather than the online backup API: a page copy takes
 * along whatever bytes the live file still holds in free pages and freed cells. Yuanba turns
 * secure_delete on (storage/db.ts) so those are zeros today, but a file that was ever written
 * without it (an installation from before issue 9, a tool that opened it) keeps old rows there;
 * VACUUM INTO writes only live rows, so none of that reaches a backup.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const count = (file: string, needle: string): number => {
  const bytes = readFileSync(file);
  let n = 0;
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) n += 1;
  return n;
};

function liveFileWithLeftovers(): string {
  const file = path.join(dir, `live-${Math.random()}.sqlite`);
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = OFF');
  db.exec('CREATE TABLE meetings (id TEXT PRIMARY KEY)');
  db.exec('CREATE TABLE old (note TEXT)');
  db.prepare("INSERT INTO meetings VALUES ('m1')").run();
  const insert = db.prepare('INSERT INTO old VALUES (?)');
  for (let i = 0; i < 200; i++) insert.run(`LEFTOVER-${i}-${'x'.repeat(200)}`);
  db.exec('DELETE FROM old WHERE rowid % 2 = 0'); // freed cells inside pages
  db.exec('DROP TABLE old'); // freed pages
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

describe('snapshotDatabase', () => {
  it('VACUUM INTO leaves out the freed bytes that a page copy carries along', async () => {
    const found: Record<string, number> = {};
    for (const method of ['vacuum', 'pages'] as SnapshotMethod[]) {
      const live = liveFileWithLeftovers();
      expect(count(live, 'LEFTOVER-')).toBeGreaterThan(100);
      const out = path.join(dir, `${method}.sqlite`);
      await snapshotDatabase(live, out, method);
      expect(integrityProblems(out)).toEqual([]);
      // One self-contained file in rollback-journal mode: the header's read/write versions.
      const header = readFileSync(out).subarray(18, 20);
      expect([...header]).toEqual([1, 1]);
      found[method] = count(out, 'LEFTOVER-');
    }
    expect(found.vacuum).toBe(0);
    expect(found.pages).toBeGreaterThan(100);
  });

  it('reads committed data still in the WAL', async () => {
    const live = path.join(dir, 'wal.sqlite');
    const writer = new SQLite(live);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    for (const table of ['meetings', 'votes', 'ballots', 'records', 'yjs_updates', 'users']) {
      writer.exec(`CREATE TABLE ${table} (id TEXT, secret INTEGER)`);
    }
    writer.exec('CREATE TABLE secret_sets (vote_id TEXT, ballots TEXT)');
    writer.exec("INSERT INTO meetings VALUES ('a', 0), ('b', 0)");
    writer.exec(`INSERT INTO secret_sets VALUES ('v', '[["h1","agree"],["h2","oppose"]]')`);
    // The writer stays open: its commits are in the WAL only.
    for (const method of ['vacuum', 'pages'] as SnapshotMethod[]) {
      const out = path.join(dir, `wal-${method}.sqlite`);
      await snapshotDatabase(live, out, method);
      expect(countContents(out)).toMatchObject({ meetings: 2, ballots: 2 });
    }
    writer.close();
  });
});
