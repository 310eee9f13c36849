import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { nextEntry, verifyChain, type AuditEntry } from '../../server/audit/chain';
import { migrations } from '../../server/storage/migrations';
import type { EventKind } from '../../shared/events';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Row = { meeting_id: string; seq: number; at: string; kind: string; data_json: string };

/**
 * A database made by the previous schema (migration 011): two meetings whose audit entries
 * interleave, as the old AuditLog wrote them; meeting b closed and got its record, meeting c
 * closed without one (a crash before the old code stored it).
 */
async function before012() {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-012-'));
  dirs.push(dir);
  const sqlite = new SQLite(path.join(dir, 'db.sqlite'));
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateTo('011_screen')).error).toBeUndefined();
  sqlite.pragma('foreign_keys = OFF'); // no users or meetings needed here
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (meeting_id, seq, at, kind, data_json, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const heads = new Map<string, AuditEntry>();
  const append = (meeting: string, kind: EventKind, data: unknown) => {
    const entry = nextEntry(heads.get(meeting) ?? null, new Date().toISOString(), kind, data);
    heads.set(meeting, entry);
    insert.run(
      meeting,
      entry.seq,
      entry.at,
      kind,
      JSON.stringify(data),
      entry.prevHash,
      entry.hash,
    );
  };
  append('b', 'vote.opened', { voteId: 'v1', proposal: '修路', eligible: 3 });
  append('c', 'staff.changed', { staff: [{ name: '王主任', role: 'facilitator' }] });
  append('b', 'ballots.received', { voteId: 'v1', count: 2 });
  append('b', 'vote.closed', { voteId: 'v1', outcome: 'passed' });
  append('c', 'meeting.closed', { from: 'live' });
  append('b', 'meeting.closed', { from: 'live' });
  append('b', 'minutes.frozen', { digest: 'f'.repeat(64) });
  sqlite.prepare(`INSERT INTO records VALUES ('b', '{}', 't')`).run();
  const rows = sqlite.prepare('SELECT * FROM audit_log ORDER BY meeting_id, seq').all() as Row[];
  return { sqlite, migrator, rows, heads };
}

describe('migration 012', () => {
  it('moves the audit log into events and leaves audit_log as the same entries, read-only', async () => {
    const { sqlite, migrator, rows } = await before012();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    expect(sqlite.prepare('SELECT * FROM audit_log ORDER BY meeting_id, seq').all()).toEqual(rows);
    const kinds = sqlite
      .prepare(`SELECT type FROM sqlite_master WHERE name = 'audit_log'`)
      .get() as { type: string };
    expect(kinds.type).toBe('view');
    // Global positions follow the order the entries were written in, across meetings.
    const order = sqlite.prepare('SELECT meeting_id, seq FROM events ORDER BY position').all();
    expect(order).toEqual([
      { meeting_id: 'b', seq: 1 },
      { meeting_id: 'c', seq: 1 },
      { meeting_id: 'b', seq: 2 },
      { meeting_id: 'b', seq: 3 },
      { meeting_id: 'c', seq: 2 },
      { meeting_id: 'b', seq: 4 },
      { meeting_id: 'b', seq: 5 },
    ]);
    // Every chain still verifies from the rows as they now are.
    for (const meeting of ['b', 'c']) {
      const entries = (
        sqlite
          .prepare('SELECT * FROM events WHERE meeting_id = ? ORDER BY seq')
          .all(meeting) as (Row & {
          prev_hash: string;
          hash: string;
        })[]
      ).map((r) => ({
        seq: r.seq,
        at: r.at,
        kind: r.kind as EventKind,
        data: JSON.parse(r.data_json) as unknown,
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
      expect(verifyChain(entries, entries.at(-1)!.hash)).toEqual([]);
    }
    // The record consumer starts just before c's close: c has no record yet, b has one.
    expect(sqlite.prepare('SELECT * FROM event_cursors').all()).toEqual([
      { consumer: 'record', position: 4 },
    ]);
    expect(() => sqlite.prepare(`DELETE FROM audit_log`).run()).toThrow(/view/);
  });

  it('refuses raw UPDATE and DELETE on events, and any insert off the head of a chain', async () => {
    const { sqlite, migrator, heads } = await before012();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(() =>
      sqlite.prepare(`UPDATE events SET data_json = '{"outcome":"failed"}' WHERE seq = 3`).run(),
    ).toThrow(/never altered/);
    expect(() => sqlite.prepare(`DELETE FROM events WHERE meeting_id = 'b'`).run()).toThrow(
      /never deleted/,
    );
    const insert = sqlite.prepare(
      `INSERT INTO events (meeting_id, seq, at, kind, data_json, prev_hash, hash)
       VALUES (?, ?, 't', 'quorum.set', '{}', ?, ?)`,
    );
    const head = heads.get('b')!;
    // A gap, a rewritten seq, a broken link: all refused.
    expect(() => insert.run('b', head.seq + 2, head.hash, 'x')).toThrow(/at the head/);
    expect(() => insert.run('b', head.seq, head.prevHash, 'x')).toThrow();
    expect(() => insert.run('b', head.seq + 1, '0'.repeat(64), 'x')).toThrow(/at the head/);
    expect(() => insert.run('new', 1, 'e'.repeat(64), 'x')).toThrow(/at the head/);
    insert.run('b', head.seq + 1, head.hash, 'x');
    insert.run('new', 1, '0'.repeat(64), 'y');
  });
});
