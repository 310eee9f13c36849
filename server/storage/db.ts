import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, type MigrationProvider } from 'kysely';
import { BusyRetrySqliteDialect, type TransactionHooks } from './busy';
import type { Database } from './schema';
import { migrations } from './migrations';

export type Db = Kysely<Database>;

/**
 * Opens (creating if needed) the SQLite file and applies pending migrations.
 * synchronous=FULL: a ballot acknowledged to a voter must survive a power cut, not only a crash.
 * busy_timeout=0 once open: a lock held by another process (a backup, an inspection) is waited
 * for by async retries (./busy.ts), never by a synchronous busy wait that freezes the server.
 * secure_delete=ON: deleted or replaced content is overwritten with zeros, in pages and on the
 * freelist, so a copy of the file holds no earlier version of a secret vote's sets (issue 9).
 */
export async function openDatabase(dataDir: string, hooks?: TransactionHooks): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(path.join(dataDir, 'yuanba.sqlite'));
  // Start-up only (nothing is served yet): may wait for a lock synchronously.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({
    dialect: new BusyRetrySqliteDialect({ database: sqlite }, hooks),
  });
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  // Whatever a migration replaced (007 drops the old secret tables) leaves the WAL now; if
  // another process holds a lock, the first checkpoint after a secret batch does it.
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // busy: not a reason to refuse to start
  }
  return db;
}
