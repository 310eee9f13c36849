import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 10, "a console that follows the meeting": a meeting setting that starts the current
 * item's timer when the facilitator makes it current (or moves to the next item). On by
 * default, existing meetings included: a time-box that doesn't run was the complaint.
 */
export const timerWithItem010: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE meetings ADD COLUMN timer_with_item INTEGER NOT NULL DEFAULT 1`.execute(
      db,
    );
  },
};
