import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 9, finding 2: secret ballots could be linked to voters from a copy of the file.
 * Rows of `voters` and `secret_ballots` were written in the same order, and SQLite keeps
 * cells in insertion order inside a page, so their physical order matched. From here on a
 * secret vote is one row of `secret_sets` holding three sorted sets (see voting/secret-set.ts),
 * rewritten whole per group commit; db.ts turns on secure_delete so replaced versions are
 * zeroed, and checkpoints truncate the WAL (storage/checkpoint.ts).
 *
 * The triggers keep 003's guarantees for the new table: written only while the vote is open,
 * never deleted, and an update may add voters, ballots and ballot ids but never remove one
 * (a ballot's choice may change: the voter showed their token). Existing secret votes are
 * moved over (choices lose their channel, which only narrowed the anonymity set), their ballot
 * ids leave `ballot_ids`, and the old tables are dropped; secure_delete zeroes their pages.
 */
/** The row format of 007, frozen here: a migration never changes with today's code. */
interface SecretSet {
  voters: Map<string, string>;
  ballots: Map<string, string>;
  ballotIds: Set<string>;
}
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const encode = (set: SecretSet) => ({
  voters: JSON.stringify([...set.voters].map(([id, channel]) => `${id}:${channel}`).sort(byString)),
  ballots: JSON.stringify([...set.ballots].sort((a, b) => byString(a[0], b[0]))),
  ballot_ids: JSON.stringify([...set.ballotIds].sort(byString)),
});

export const secretSets007: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE secret_sets (
        vote_id TEXT PRIMARY KEY REFERENCES votes(id),
        voters TEXT NOT NULL,
        ballots TEXT NOT NULL,
        ballot_ids TEXT NOT NULL)`.execute(db);

    const sets = new Map<string, SecretSet>();
    const of = (voteId: string) => {
      let set = sets.get(voteId);
      if (!set)
        sets.set(voteId, (set = { voters: new Map(), ballots: new Map(), ballotIds: new Set() }));
      return set;
    };
    const voters = await sql<{ vote_id: string; participant_id: string; channel: string }>`
      SELECT vote_id, participant_id, channel FROM voters`.execute(db);
    for (const v of voters.rows) {
      of(v.vote_id).voters.set(v.participant_id, v.channel);
    }
    const ballots = await sql<{ vote_id: string; token_hash: string; choice: string }>`
      SELECT vote_id, token_hash, choice FROM secret_ballots`.execute(db);
    for (const b of ballots.rows) of(b.vote_id).ballots.set(b.token_hash, b.choice);
    const ids = await sql<{ vote_id: string; ballot_id: string }>`
      SELECT b.vote_id, b.ballot_id FROM ballot_ids b JOIN votes v ON v.id = b.vote_id
      WHERE v.secret = 1`.execute(db);
    for (const b of ids.rows) of(b.vote_id).ballotIds.add(b.ballot_id);
    for (const [voteId, set] of sets) {
      const row = encode(set);
      await sql`INSERT INTO secret_sets (vote_id, voters, ballots, ballot_ids)
        VALUES (${voteId}, ${row.voters}, ${row.ballots}, ${row.ballot_ids})`.execute(db);
    }

    for (const statement of [
      sql`DROP TRIGGER ballot_ids_no_delete`,
      sql`DELETE FROM ballot_ids WHERE vote_id IN (SELECT id FROM votes WHERE secret = 1)`,
      sql`CREATE TRIGGER ballot_ids_no_delete BEFORE DELETE ON ballot_ids
            BEGIN SELECT RAISE(ABORT, 'ballot_ids rows are never deleted'); END`,
      sql`DROP TABLE voters`,
      sql`DROP TABLE secret_ballots`,
      sql`CREATE TRIGGER secret_sets_insert_open BEFORE INSERT ON secret_sets
            WHEN (SELECT status FROM votes WHERE id = NEW.vote_id) IS NOT 'open'
            BEGIN SELECT RAISE(ABORT, 'the vote is closed'); END`,
      sql`CREATE TRIGGER secret_sets_update_open BEFORE UPDATE ON secret_sets
            WHEN (SELECT status FROM votes WHERE id = OLD.vote_id) IS NOT 'open'
            BEGIN SELECT RAISE(ABORT, 'the vote is closed'); END`,
      sql`CREATE TRIGGER secret_sets_only_grow BEFORE UPDATE ON secret_sets
            WHEN NEW.vote_id <> OLD.vote_id
              OR EXISTS (SELECT 1 FROM json_each(OLD.voters) o
                         WHERE o.value NOT IN (SELECT value FROM json_each(NEW.voters)))
              OR EXISTS (SELECT 1 FROM json_each(OLD.ballots) o
                         WHERE json_extract(o.value, '$[0]') NOT IN
                           (SELECT json_extract(value, '$[0]') FROM json_each(NEW.ballots)))
              OR EXISTS (SELECT 1 FROM json_each(OLD.ballot_ids) o
                         WHERE o.value NOT IN (SELECT value FROM json_each(NEW.ballot_ids)))
            BEGIN SELECT RAISE(ABORT, 'secret voters, ballots and ballot ids are never removed'); END`,
      sql`CREATE TRIGGER secret_sets_no_delete BEFORE DELETE ON secret_sets
            BEGIN SELECT RAISE(ABORT, 'secret_sets rows are never deleted'); END`,
    ]) {
      await statement.execute(db);
    }
  },
};
