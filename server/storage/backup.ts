import { createHash } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';

/** The database file inside DATA_DIR (see db.ts). */
export const DB_FILE = 'yuanba.sqlite';
/** The participant-link key inside DATA_DIR (see auth/secret.ts). */
export const SECRET_FILE = 'secret';
/** What a backup directory says about itself. */
export const BACKUP_MANIFEST = 'manifest.json';

/**
 * How the snapshot is taken:
 * - `vacuum` (the default): `VACUUM INTO`, one statement in one read transaction. It writes
 *   only live rows into a fresh, compact file: no free pages, no slack space inside pages,
 *   nothing of an older version of a row, whatever the live file still holds.
 * - `pages`: SQLite's online backup API (better-sqlite3 `db.backup`), a verbatim copy of every
 *   page, free pages included; it relies on secure_delete having zeroed freed bytes. Copied in
 *   one step so that the server writing meanwhile cannot make it restart.
 * Both read through the WAL (committed ballots included) and neither blocks the server's
 * writes; tests/security/backup-forensics.test.ts attacks the output of both.
 */
export type SnapshotMethod = 'vacuum' | 'pages';

/** What a backup holds, counted from the backup file itself. */
export interface BackupCounts {
  meetings: number;
  votes: number;
  secretVotes: number;
  ballots: number;
  records: number;
  minutesUpdates: number;
  users: number;
}

/** Opens a database another process (the running server) may be writing to, without changes. */
function openSource(file: string): SQLite.Database {
  const db = new SQLite(file, { fileMustExist: true });
  // A read in WAL mode waits only while the server recovers the WAL or checkpoints: briefly.
  db.pragma('busy_timeout = 10000');
  return db;
}

/**
 * Copies the database at `source` (live, in WAL mode, possibly being written by the server)
 * into `dest` (which must not exist) as one self-contained file in rollback-journal mode:
 * no -wal or -shm beside it. Flushed to disk before returning.
 */
export async function snapshotDatabase(
  source: string,
  dest: string,
  method: SnapshotMethod = 'vacuum',
): Promise<void> {
  const db = openSource(source);
  try {
    if (method === 'vacuum') db.prepare('VACUUM INTO ?').run(dest);
    else await db.backup(dest, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new SQLite(dest, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  chmodSync(dest, 0o600);
  fsyncFile(dest);
}

/** `PRAGMA integrity_check` on a database file: [] when it is sound, else what is wrong. */
export function integrityProblems(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check);
    return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
  } finally {
    db.close();
  }
}

/** What the file holds, for the printed summary and the manifest. */
export function countContents(file: string): BackupCounts {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  const count = (query: string): number => (db.prepare(query).pluck().get() as number) ?? 0;
  try {
    return {
      meetings: count('SELECT count(*) FROM meetings'),
      votes: count('SELECT count(*) FROM votes'),
      secretVotes: count('SELECT count(*) FROM votes WHERE secret = 1'),
      ballots:
        count('SELECT count(*) FROM ballots') +
        count('SELECT coalesce(sum(json_array_length(ballots)), 0) FROM secret_sets'),
      records: count('SELECT count(*) FROM records'),
      minutesUpdates: count('SELECT count(*) FROM yjs_updates'),
      users: count('SELECT count(*) FROM users'),
    };
  } finally {
    db.close();
  }
}

/**
 * True when another process has the database open (a running server). Takes SQLite's own
 * exclusive lock without waiting: a server holds the file open, in WAL mode, for as long as
 * it runs, so the lock is refused even while it is idle. When free, `whileLocked` runs with
 * the lock held (exclusive locking mode), then the connection closes.
 */
export function withExclusiveLock(
  file: string,
  whileLocked: (db: SQLite.Database) => void,
): 'done' | 'in use' {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
      db.exec('COMMIT');
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return 'in use';
      throw err;
    }
    whileLocked(db);
    return 'done';
  } finally {
    db.close();
  }
}

export const sha256File = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

/** Copies a key file, readable by its owner only, flushed to disk. */
export function copyPrivate(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
  fsyncFile(to);
}

export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
