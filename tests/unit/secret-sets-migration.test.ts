import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../server/storage/migrations';
import { decodeSecretSet } from '../../server/voting/secret-set';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database at migration 006 with one open and one closed secret vote in the old tables. */
async function before007() {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-007-'));
  dirs.push(dir);
  const sqlite = new SQLite(path.join(dir, 'db.sqlite'));
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateTo('006_assist_requests')).error).toBeUndefined();
  sqlite.pragma('foreign_keys = OFF'); // no meetings or participants needed here
  for (const [id, status] of [
    ['open-vote', 'open'],
    ['closed-vote', 'open'],
  ]) {
    sqlite
      .prepare(
        `INSERT INTO votes (id, meeting_id, proposal, rule, secret, status, opened_at, kind)
         VALUES (?, 'm', 'p', 'simple_majority', 1, ?, 't', 'approval')`,
      )
      .run(id, status);
  }
  const voter = sqlite.prepare('INSERT INTO voters VALUES (?, ?, ?)');
  const ballot = sqlite.prepare('INSERT INTO secret_ballots VALUES (?, ?, ?, ?)');
  const id = sqlite.prepare('INSERT INTO ballot_ids VALUES (?, ?)');
  for (const vote of ['open-vote', 'closed-vote']) {
    voter.run(vote, 'zeta', 'remote');
    voter.run(vote, 'alpha', 'room');
    ballot.run(vote, 'f'.repeat(64), 'agree', 'remote');
    ballot.run(vote, 'a'.repeat(64), 'oppose', 'room');
    id.run(vote, 'ballot-2');
    id.run(vote, 'ballot-1');
  }
  sqlite.prepare(`UPDATE votes SET status = 'closed' WHERE id = 'closed-vote'`).run();
  return { sqlite, migrator };
}

describe('migration 007', () => {
  it('moves secret votes into sorted sets, drops the old tables and keeps the guarantees', async () => {
    const { sqlite, migrator } = await before007();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    for (const vote of ['open-vote', 'closed-vote']) {
      const row = sqlite.prepare('SELECT * FROM secret_sets WHERE vote_id = ?').get(vote) as {
        voters: string;
        ballots: string;
        ballot_ids: string;
      };
      expect(JSON.parse(row.voters)).toEqual(['alpha:room', 'zeta:remote']);
      expect(JSON.parse(row.ballots)).toEqual([
        ['a'.repeat(64), 'oppose'],
        ['f'.repeat(64), 'agree'],
      ]);
      expect(JSON.parse(row.ballot_ids)).toEqual(['ballot-1', 'ballot-2']);
      expect(decodeSecretSet(row).voters.get('zeta')).toBe('remote');
    }
    const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
    expect(tables).not.toContainEqual({ name: 'voters' });
    expect(tables).not.toContainEqual({ name: 'secret_ballots' });
    expect(sqlite.prepare('SELECT * FROM ballot_ids').all()).toHaveLength(0);

    const update = sqlite.prepare(
      'UPDATE secret_sets SET voters = ?, ballots = ? WHERE vote_id = ?',
    );
    // Open: a voter may be added and a choice changed …
    const grown = JSON.stringify(['alpha:room', 'beta:room', 'zeta:remote']);
    const changed = JSON.stringify([
      ['a'.repeat(64), 'agree'],
      ['f'.repeat(64), 'agree'],
    ]);
    update.run(grown, changed, 'open-vote');
    // … but nobody removed, and nothing of a closed vote changes; no row is deleted.
    expect(() => update.run(JSON.stringify(['alpha:room']), changed, 'open-vote')).toThrow(
      /never removed/,
    );
    expect(() => update.run(grown, JSON.stringify([]), 'open-vote')).toThrow(/never removed/);
    expect(() => update.run(grown, changed, 'closed-vote')).toThrow(/closed/);
    expect(() => sqlite.prepare('DELETE FROM secret_sets').run()).toThrow(/never deleted/);
    expect(() =>
      sqlite.prepare(`INSERT INTO secret_sets VALUES ('no-such-vote', '[]', '[]', '[]')`).run(),
    ).toThrow(/closed/);
    sqlite.close();
  });
});
