import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Pending assisted votes (代为表决) waiting for their witness, so a server restart doesn't
 * lose them. A row is work in progress, not part of the record: it is deleted once the
 * witness confirms (the ballot and its `ballot.assisted` audit entry are the record) or
 * once its vote is no longer open. Only open ballots are stored here: a pending secret one
 * would write the voter's choice next to their id, so it stays in memory (see delegated.ts).
 */
export const assistRequests006: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      sql`CREATE TABLE assist_requests (
            request_id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            vote_id TEXT NOT NULL REFERENCES votes(id),
            voter_id TEXT NOT NULL REFERENCES participants(id),
            witness_id TEXT NOT NULL REFERENCES participants(id),
            choice TEXT NOT NULL,
            by_name TEXT NOT NULL,
            requested_at TEXT NOT NULL)`,
      sql`CREATE INDEX assist_requests_meeting ON assist_requests (meeting_id)`,
    ]) {
      await statement.execute(db);
    }
  },
};
