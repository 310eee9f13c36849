import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 10: the hall screen the facilitator directs. `meetings.screen_json` keeps the choice
 * (`{ mode, voteId? }`, auto by default) so a restart does not change what the hall sees;
 * `meetings.item_since` is when the current agenda item was set, so a result decided before
 * it is known to be stale.
 */
export const screen011: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      sql`ALTER TABLE meetings ADD COLUMN screen_json TEXT NOT NULL DEFAULT '{"mode":"auto"}'`,
      sql`ALTER TABLE meetings ADD COLUMN item_since TEXT`,
    ]) {
      await statement.execute(db);
    }
  },
};
