import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Option votes (issue #4): single or multiple choice among 2–10 labels. A ballot's picks go
 * in the existing `choice` columns (encoded, see server/voting/options.ts), so the secret
 * ballot tables and their triggers apply unchanged. Hall counts get the hands per option and
 * the number of people who raised them (the hall cap is about people, not marks). Existing
 * rows become approval votes; nothing of 003 is altered.
 */
export const choices004: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      sql`ALTER TABLE votes ADD COLUMN kind TEXT NOT NULL DEFAULT 'approval'`,
      sql`ALTER TABLE votes ADD COLUMN options_json TEXT`,
      sql`ALTER TABLE votes ADD COLUMN max_choices INTEGER`,
      sql`ALTER TABLE hall_counts ADD COLUMN options_json TEXT`,
      sql`ALTER TABLE hall_counts ADD COLUMN voters INTEGER`,
    ]) {
      await statement.execute(db);
    }
  },
};
