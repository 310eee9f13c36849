import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A member's own vote prevails over their proxy (issue #4): when the mandator votes after
 * their holder did, the proxy marker of that ballot is cleared. `ballot_marks` stays
 * append-only (its rows are never altered or deleted, by trigger), so the clearing is a row
 * of its own, written while the vote is open and never changed afterwards; the record and
 * the open vote read a mark as cleared when such a row exists.
 */
export const proxyReplaced005: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      sql`CREATE TABLE ballot_mark_clears (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            participant_id TEXT NOT NULL REFERENCES participants(id),
            cleared_at TEXT NOT NULL,
            PRIMARY KEY (vote_id, participant_id)) WITHOUT ROWID`,
      sql`CREATE TRIGGER ballot_mark_clears_insert_open BEFORE INSERT ON ballot_mark_clears
            WHEN (SELECT status FROM votes WHERE id = NEW.vote_id) <> 'open'
            BEGIN SELECT RAISE(ABORT, 'the vote is closed'); END`,
      sql`CREATE TRIGGER ballot_mark_clears_no_update BEFORE UPDATE ON ballot_mark_clears
            BEGIN SELECT RAISE(ABORT, 'ballot_mark_clears rows are never altered'); END`,
      sql`CREATE TRIGGER ballot_mark_clears_no_delete BEFORE DELETE ON ballot_mark_clears
            BEGIN SELECT RAISE(ABORT, 'ballot_mark_clears rows are never deleted'); END`,
    ]) {
      await statement.execute(db);
    }
  },
};
