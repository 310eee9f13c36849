import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, EventKind } from '../../shared/events';
import { EventLog, type StoredEvent } from '../../server/events/log';
import { EventStream, type Consumer } from '../../server/events/stream';
import { createLogger } from '../../server/logger';
import { openDatabase, type Db } from '../../server/storage/db';

const open: { db: Db; stream: EventStream; dir: string }[] = [];
afterEach(async () => {
  for (const { db, stream, dir } of open.splice(0)) {
    await stream.stop();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The real wiring of server/app.ts on a temporary SQLite file: commit hook → log → stream. */
async function boot(dir = mkdtempSync(path.join(tmpdir(), 'yuanba-stream-')), fresh = true) {
  let log: EventLog | null = null;
  const db = await openDatabase(dir, {
    afterCommit: () => log?.committed(),
    afterRollback: () => log?.rolledBack(),
  });
  log = new EventLog(db);
  const stream = new EventStream(db, log, createLogger('silent'));
  log.onCommit((events) => stream.published(events));
  if (fresh) {
    await sql`INSERT INTO users VALUES ('u', 'u', 'U', 'admin', 'x', 't')`.execute(db);
    await sql`INSERT INTO meetings (id, code, title, topic, place, level, date, phase,
      facilitator_id, timer_json, created_at) VALUES ('m', '123456', 't', 't', 'p', 'village',
      '2026-11-22', 'live', 'u', '{}', 't')`.execute(db);
    // Counts every write of a cursor (a test-only trigger on the real table).
    await sql`CREATE TABLE cursor_writes (consumer TEXT)`.execute(db);
    for (const op of ['INSERT', 'UPDATE']) {
      await sql
        .raw(
          `CREATE TRIGGER count_cursor_${op} AFTER ${op} ON event_cursors
           BEGIN INSERT INTO cursor_writes VALUES (NEW.consumer); END`,
        )
        .execute(db);
    }
  }
  const handle = { db, log, stream, dir };
  open.push(handle);
  return handle;
}

const append = (db: Db, log: EventLog, event: DomainEvent) =>
  db.transaction().execute((trx) => log.append(trx, 'm', event));
const ballots = { kind: 'ballots.received', data: { voteId: 'v', count: 1 } } as const;
const closed = { kind: 'meeting.closed', data: { from: 'live' } } as const;

function recorder(name: string, durable: boolean, kinds?: EventKind[]) {
  const seen: StoredEvent[] = [];
  const consumer: Consumer = {
    name,
    durable,
    ...(kinds ? { kinds } : {}),
    handle: (events) => void seen.push(...events),
  };
  return { consumer, seen };
}

const writes = async (db: Db) =>
  Number(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM cursor_writes`.execute(db)).rows[0]!.n,
  );
const cursorOf = async (db: Db, name: string) =>
  (await db.selectFrom('event_cursors').selectAll().where('consumer', '=', name).executeTakeFirst())
    ?.position;

describe('the event stream', () => {
  it('follows a 1,000-batch burst without writing a cursor, then saves it when it acts', async () => {
    const { db, log, stream } = await boot();
    const record = recorder('record', true, ['meeting.closed']);
    const all = recorder('notices', false);
    stream.register(record.consumer);
    stream.register(all.consumer);
    await stream.start();
    const before = await writes(db);
    let last = 0;
    for (let i = 0; i < 1_000; i += 1) last = (await append(db, log, ballots)).position;
    await stream.reached('record', last);
    await stream.reached('notices', last);
    expect(all.seen).toHaveLength(1_000);
    expect(all.seen.map((e) => e.position)).toEqual(
      [...all.seen.map((e) => e.position)].sort((a, b) => a - b),
    );
    expect(record.seen).toHaveLength(0);
    expect(await writes(db)).toBe(before);

    const close = await append(db, log, closed);
    await stream.reached('record', close.position);
    expect(record.seen.map((e) => e.kind)).toEqual(['meeting.closed']);
    expect(await writes(db)).toBe(before + 1);
    expect(await cursorOf(db, 'record')).toBe(close.position);
  });

  it('a durable consumer catches up from its cursor at start; an in-memory one starts at the head', async () => {
    const first = await boot();
    const before = recorder('record', true, ['meeting.closed']);
    first.stream.register(before.consumer);
    await first.stream.start();
    const handled = await append(first.db, first.log, closed);
    await first.stream.reached('record', handled.position);
    // The process goes before any consumer ran (what the test-fault seam does).
    await first.stream.stop();
    const missed = await append(first.db, first.log, closed);
    expect(await cursorOf(first.db, 'record')).toBe(handled.position);
    open.splice(0);
    await first.db.destroy();

    const again = await boot(first.dir, false);
    const record = recorder('record', true, ['meeting.closed']);
    const notices = recorder('notices', false);
    again.stream.register(record.consumer);
    again.stream.register(notices.consumer);
    await again.stream.start();
    expect(before.seen.map((e) => e.position)).toEqual([handled.position]);
    expect(record.seen.map((e) => e.position)).toEqual([missed.position]);
    expect(notices.seen).toHaveLength(0);
    expect(await cursorOf(again.db, 'record')).toBe(missed.position);
  });

  it('retries a failing durable consumer; its waiters hear of the failure', async () => {
    const { db, log, stream } = await boot();
    let fail = true;
    stream.register({
      name: 'record',
      durable: true,
      handle: () => {
        if (fail) throw new Error('no disk');
      },
    });
    await stream.start();
    const event = await append(db, log, closed);
    await expect(stream.reached('record', event.position)).rejects.toThrow('no disk');
    fail = false;
    await stream.reached('record', event.position);
    expect(await cursorOf(db, 'record')).toBe(event.position);
  });

  it('forgets what a rolled-back transaction appended', async () => {
    const { db, log, stream } = await boot();
    const notices = recorder('notices', false);
    stream.register(notices.consumer);
    await stream.start();
    await expect(
      db.transaction().execute(async (trx) => {
        await log.append(trx, 'm', closed);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const kept = await append(db, log, ballots);
    await stream.reached('notices', kept.position);
    expect(notices.seen.map((e) => e.kind)).toEqual(['ballots.received']);
    expect(kept.seq).toBe(1);
  });
});
