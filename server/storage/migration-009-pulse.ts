import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 10: temperature checks (举牌) the facilitator kept for the record. Only kept ones are
 * stored, as counts (never who answered what); an open check lives in memory. Kept rows are
 * part of the record and, like it, never change.
 */
export const pulse009: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      sql`CREATE TABLE pulses (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            state_json TEXT NOT NULL,
            kept_at TEXT NOT NULL)`,
      sql`CREATE INDEX pulses_meeting ON pulses (meeting_id, kept_at)`,
      sql`CREATE TRIGGER pulses_immutable_update BEFORE UPDATE ON pulses
            BEGIN SELECT RAISE(ABORT, 'kept temperature checks are immutable'); END`,
      sql`CREATE TRIGGER pulses_immutable_delete BEFORE DELETE ON pulses
            BEGIN SELECT RAISE(ABORT, 'kept temperature checks are immutable'); END`,
    ]) {
      await statement.execute(db);
    }
  },
};
