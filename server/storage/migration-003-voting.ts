import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Voting, issue #4: secret ballots that cannot be linked to a voter, every ballot id ever
 * seen (idempotency), hall counts confirmed by a second person, a per-vote quorum and a
 * hash-chained audit log. Triggers keep the guarantee of 001: nothing of a closed vote
 * changes, nothing is ever deleted.
 *
 * Secrecy (threat model: someone who reads the SQLite file afterwards, or an export of it):
 * - `voters` says who voted (to refuse a second ballot) and nothing about the choice;
 * - `secret_ballots` holds the choices keyed by sha256 of a token only the phone knows: no
 *   participant id, no timestamp, and WITHOUT ROWID so the physical order is the order of
 *   the random key, not of arrival. Both tables are WITHOUT ROWID for the same reason.
 * - the audit log records ballots only as counts per group commit.
 * Residual risks, documented rather than solved: a live, compromised server process sees
 * who sends what; the WAL file keeps page images per commit until checkpointed, so a voter
 * who was alone in a group commit could be linked by forensic reading of the WAL (we
 * checkpoint at close to shorten that window); the channel (room/remote) is kept per
 * secret ballot so turnout by channel can be shown, which narrows the anonymity set to it.
 */
export const voting003: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      sql`ALTER TABLE votes ADD COLUMN quorum REAL NOT NULL DEFAULT 0`,
      sql`ALTER TABLE votes ADD COLUMN hide_results INTEGER NOT NULL DEFAULT 0`,
      sql`CREATE TABLE ballot_ids (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            ballot_id TEXT NOT NULL,
            PRIMARY KEY (vote_id, ballot_id)) WITHOUT ROWID`,
      sql`CREATE TABLE voters (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            participant_id TEXT NOT NULL REFERENCES participants(id),
            channel TEXT NOT NULL,
            PRIMARY KEY (vote_id, participant_id)) WITHOUT ROWID`,
      sql`CREATE TABLE secret_ballots (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            token_hash TEXT NOT NULL,
            choice TEXT NOT NULL,
            channel TEXT NOT NULL,
            PRIMARY KEY (vote_id, token_hash)) WITHOUT ROWID`,
      sql`CREATE TABLE hall_confirmations (
            hall_count_id INTEGER PRIMARY KEY REFERENCES hall_counts(id),
            vote_id TEXT NOT NULL REFERENCES votes(id),
            confirmed_by TEXT NOT NULL,
            confirmed_at TEXT NOT NULL)`,
      sql`CREATE TABLE ladders (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            status TEXT NOT NULL,
            state_json TEXT NOT NULL,
            opened_at TEXT NOT NULL)`,
      sql`CREATE TRIGGER ladders_decided_immutable BEFORE UPDATE ON ladders
            WHEN OLD.status = 'decided'
            BEGIN SELECT RAISE(ABORT, 'a decided ladder is immutable'); END`,
      sql`CREATE TABLE ballot_marks (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            participant_id TEXT NOT NULL REFERENCES participants(id),
            kind TEXT NOT NULL,
            by_name TEXT NOT NULL,
            witness_name TEXT,
            PRIMARY KEY (vote_id, participant_id)) WITHOUT ROWID`,
      sql`CREATE TABLE mandates (
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            grantor_id TEXT NOT NULL REFERENCES participants(id),
            holder_id TEXT NOT NULL REFERENCES participants(id),
            created_at TEXT NOT NULL,
            PRIMARY KEY (meeting_id, grantor_id))`,
      sql`CREATE TABLE meeting_quorum (
            meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
            quorum REAL NOT NULL)`,
      sql`CREATE TABLE audit_log (
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            data_json TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (meeting_id, seq))`,
    ]) {
      await statement.execute(db);
    }
    const whileOpen = (table: string, op: 'INSERT' | 'UPDATE', ref: 'NEW' | 'OLD') =>
      sql.raw(`CREATE TRIGGER ${table}_${op.toLowerCase()}_open BEFORE ${op} ON ${table}
        WHEN (SELECT status FROM votes WHERE id = ${ref}.vote_id) <> 'open'
        BEGIN SELECT RAISE(ABORT, 'the vote is closed'); END`);
    const never = (table: string, op: 'UPDATE' | 'DELETE') =>
      sql.raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
        BEGIN SELECT RAISE(ABORT, '${table} rows are never ${op === 'UPDATE' ? 'altered' : 'deleted'}'); END`);
    for (const statement of [
      whileOpen('ballot_ids', 'INSERT', 'NEW'),
      never('ballot_ids', 'UPDATE'),
      never('ballot_ids', 'DELETE'),
      whileOpen('voters', 'INSERT', 'NEW'),
      never('voters', 'UPDATE'),
      never('voters', 'DELETE'),
      whileOpen('secret_ballots', 'INSERT', 'NEW'),
      // A secret ballot may change (the voter shows their token) only while the vote is open.
      whileOpen('secret_ballots', 'UPDATE', 'OLD'),
      never('secret_ballots', 'DELETE'),
      whileOpen('hall_confirmations', 'INSERT', 'NEW'),
      never('hall_confirmations', 'UPDATE'),
      never('hall_confirmations', 'DELETE'),
      never('hall_counts', 'UPDATE'),
      never('hall_counts', 'DELETE'),
      never('ladders', 'DELETE'),
      whileOpen('ballot_marks', 'INSERT', 'NEW'),
      never('ballot_marks', 'UPDATE'),
      never('ballot_marks', 'DELETE'),
      never('mandates', 'UPDATE'),
      never('mandates', 'DELETE'),
      never('audit_log', 'UPDATE'),
      never('audit_log', 'DELETE'),
    ]) {
      await statement.execute(db);
    }
  },
};
