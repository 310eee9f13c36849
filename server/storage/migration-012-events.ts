import { sql, type Kysely, type Migration } from 'kysely';

/** The genesis link of every meeting's chain (server/audit/chain.ts GENESIS_HASH). */
const GENESIS = '0'.repeat(64);

/**
 * Issue 12: every change is a typed domain event in `events`, appended in the transaction of
 * the change (an outbox). `position` is the global order consumers read in; (`meeting_id`,
 * `seq`) with `prev_hash`/`hash` is each meeting's hash chain, exactly as `audit_log` kept it,
 * so existing records still verify. `audit_log` becomes a read-only view of `events`: one
 * writer. `event_cursors` holds how far each durable consumer got (server/events/stream.ts).
 *
 * Existing entries move over in the order they were written (audit_log's rowid). The record
 * consumer starts after them, except at a meeting closed without a stored record (the old code
 * built it on the next read): it starts just before that close, so the record is built.
 * One transaction (a savepoint): a failure leaves audit_log as it was.
 */
export const events012: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`SAVEPOINT migration_012`.execute(db);
    try {
      for (const statement of [
        sql`CREATE TABLE events (
              position INTEGER PRIMARY KEY AUTOINCREMENT,
              meeting_id TEXT NOT NULL REFERENCES meetings(id),
              seq INTEGER NOT NULL,
              at TEXT NOT NULL,
              kind TEXT NOT NULL,
              data_json TEXT NOT NULL,
              prev_hash TEXT NOT NULL,
              hash TEXT NOT NULL,
              UNIQUE (meeting_id, seq))`,
        sql`INSERT INTO events (meeting_id, seq, at, kind, data_json, prev_hash, hash)
              SELECT meeting_id, seq, at, kind, data_json, prev_hash, hash
              FROM audit_log ORDER BY rowid`,
        sql`CREATE TABLE event_cursors (
              consumer TEXT PRIMARY KEY,
              position INTEGER NOT NULL)`,
        sql`INSERT INTO event_cursors (consumer, position)
              SELECT 'record', coalesce(
                (SELECT min(e.position) - 1 FROM events e
                   WHERE e.kind = 'meeting.closed'
                     AND NOT EXISTS (SELECT 1 FROM records r WHERE r.meeting_id = e.meeting_id)),
                (SELECT max(position) FROM events),
                0)`,
        sql`DROP TABLE audit_log`,
        sql`CREATE VIEW audit_log AS
              SELECT meeting_id, seq, at, kind, data_json, prev_hash, hash FROM events`,
        sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
              BEGIN SELECT RAISE(ABORT, 'events are never altered'); END`,
        sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events
              BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END`,
        // Each meeting's chain only grows at its head, linked to the entry before.
        sql.raw(`CREATE TRIGGER events_chained BEFORE INSERT ON events
              WHEN NEW.seq <> coalesce(
                     (SELECT max(seq) FROM events WHERE meeting_id = NEW.meeting_id), 0) + 1
                OR NEW.prev_hash <> coalesce(
                     (SELECT hash FROM events
                        WHERE meeting_id = NEW.meeting_id AND seq = NEW.seq - 1), '${GENESIS}')
              BEGIN SELECT RAISE(ABORT, 'an event extends its meeting''s chain at the head'); END`),
      ]) {
        await statement.execute(db);
      }
      await sql`RELEASE migration_012`.execute(db);
    } catch (err) {
      await sql`ROLLBACK TO migration_012`.execute(db);
      await sql`RELEASE migration_012`.execute(db);
      throw err;
    }
  },
};
