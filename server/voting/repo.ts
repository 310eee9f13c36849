import {
  turnoutOf,
  type BallotReceipt,
  type Outcome,
  type Tally,
  type TalliedVote,
  type VoteKind,
  type VoteRule,
} from '../../shared/protocol';
import type { Db } from '../storage/db';
import type { Database } from '../storage/schema';
import { OpenVote, type ElectronicChannel, type VoteHead } from './open-vote';
import { hallState } from './hall-repo';
import { tally } from './rules';
import { replayAfterClose, type ReplayQuery } from './replay';
import { decodeSecretSet, encodeSecretSet, type SecretSet } from './secret-set';

type VoteRow = Database['votes'];
export type BallotRow = Database['ballots'];
type NewVoteRow = VoteRow;

const toHead = (row: VoteRow): VoteHead => ({
  id: row.id,
  meetingId: row.meeting_id,
  agendaItemId: row.agenda_item_id,
  proposal: row.proposal,
  rule: row.rule as VoteRule,
  secret: row.secret === 1,
  status: row.status as TalliedVote['status'],
  openedAt: row.opened_at,
  closedAt: row.closed_at,
  outcome: row.outcome as Outcome | null,
  quorum: row.quorum,
  hideResults: row.hide_results === 1,
  kind: row.kind as VoteKind,
  ...(row.options_json
    ? { options: JSON.parse(row.options_json) as string[], maxChoices: row.max_choices ?? 1 }
    : {}),
});

/** A closed vote's tally was written once at close: read it back, never recompute it. */
const closedVote = (row: VoteRow): TalliedVote => {
  const head = toHead(row);
  const t = row.result_json ? (JSON.parse(row.result_json) as Tally) : tally([], null, 0);
  // Turnout is a pure function of the stored tally: the same numbers as when it closed.
  return { ...head, tally: t, turnout: turnoutOf(t, head) };
};

/** What one group commit of ballots writes. */
export interface BallotBatch {
  /** Ids of the ballots in this batch (open votes store them in `ballot_ids`). */
  ballotIds: string[];
  open: BallotRow[];
  /** A secret vote's whole sets after this batch, rewritten as one row; null otherwise. */
  secret: SecretSet | null;
}

/** Keeps statements under SQLite's bound-parameter limit. */
function chunks<T>(rows: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** One multi-row upsert may not touch a row twice: keep each participant's latest ballot. */
function lastPerParticipant(rows: BallotRow[]): BallotRow[] {
  return [...new Map(rows.map((r) => [r.participant_id, r])).values()];
}

export class VoteRepo {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(row: NewVoteRow, trx: Db = this.db): Promise<void> {
    await trx.insertInto('votes').values(row).execute();
  }

  find(meetingId: string, voteId: string): Promise<VoteRow | undefined> {
    return this.db
      .selectFrom('votes')
      .selectAll()
      .where('id', '=', voteId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
  }

  async closedVotes(
    meetingId: string,
  ): Promise<(TalliedVote & { agendaItemTitle: string | null })[]> {
    const rows = await this.db
      .selectFrom('votes')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'closed')
      .orderBy('opened_at')
      .execute();
    return rows.map((row) => ({ ...closedVote(row), agendaItemTitle: row.agenda_item_title }));
  }

  /** The open vote with its ballots and hall counts, to rebuild memory after a restart. */
  async loadOpen(meetingId: string): Promise<OpenVote | null> {
    const row = await this.db
      .selectFrom('votes')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (!row) return null;
    const open = new OpenVote(toHead(row));
    const byVote = { vote: row.id };
    for (const b of await this.db
      .selectFrom('ballots')
      .selectAll()
      .where('vote_id', '=', byVote.vote)
      .execute()) {
      open.ballots.set(b.participant_id, {
        choice: b.choice,
        channel: b.channel as ElectronicChannel,
        ballotId: b.ballot_id,
        castAt: b.cast_at,
      });
    }
    const secretRow = await this.db
      .selectFrom('secret_sets')
      .select(['voters', 'ballots', 'ballot_ids'])
      .where('vote_id', '=', row.id)
      .executeTakeFirst();
    if (secretRow) {
      const set = decodeSecretSet(secretRow);
      for (const [id, channel] of set.voters) open.voters.set(id, channel);
      for (const [hash, choice] of set.ballots) open.secret.set(hash, { choice });
      for (const id of set.ballotIds) open.seen.add(id);
    }
    for (const b of await this.db
      .selectFrom('ballot_ids')
      .select('ballot_id')
      .where('vote_id', '=', row.id)
      .execute()) {
      open.seen.add(b.ballot_id);
    }
    for (const m of await this.db
      .selectFrom('ballot_marks')
      .select(['participant_id', 'by_name'])
      .where('vote_id', '=', row.id)
      .where('kind', '=', 'proxy')
      .where('participant_id', 'not in', (eb) =>
        eb.selectFrom('ballot_mark_clears').select('participant_id').where('vote_id', '=', row.id),
      )
      .execute()) {
      open.proxied.set(m.participant_id, m.by_name);
    }
    const hall = await hallState(this.db, row.id);
    open.hall = hall.confirmed;
    open.hallOptions = hall.confirmedOptions;
    open.hallPending = hall.pending;
    return open;
  }

  lastClosed(meetingId: string): Promise<TalliedVote | null> {
    return this.db
      .selectFrom('votes')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'closed')
      .orderBy('closed_at', 'desc')
      .limit(1)
      .executeTakeFirst()
      .then((row) => (row ? closedVote(row) : null));
  }

  /** One transaction for a whole batch (the caller's): one fsync however many arrived. */
  async writeBatch(trx: Db, batch: BallotBatch, voteId: string): Promise<void> {
    // Multi-row statements: a burst of 1,000 ballots is a handful of statements, not thousands.
    if (batch.secret) {
      const row = { vote_id: voteId, ...encodeSecretSet(batch.secret) };
      await trx
        .insertInto('secret_sets')
        .values(row)
        .onConflict((oc) =>
          oc.column('vote_id').doUpdateSet({
            voters: row.voters,
            ballots: row.ballots,
            ballot_ids: row.ballot_ids,
          }),
        )
        .execute();
      return;
    }
    for (const ids of chunks(batch.ballotIds)) {
      const rows = ids.map((ballot_id) => ({ vote_id: voteId, ballot_id }));
      await trx.insertInto('ballot_ids').values(rows).execute();
    }
    for (const rows of chunks(lastPerParticipant(batch.open))) {
      await trx
        .insertInto('ballots')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['vote_id', 'participant_id']).doUpdateSet((eb) => ({
            choice: eb.ref('excluded.choice'),
            ballot_id: eb.ref('excluded.ballot_id'),
            channel: eb.ref('excluded.channel'),
            cast_at: eb.ref('excluded.cast_at'),
          })),
        )
        .execute();
    }
  }

  async meetingQuorum(meetingId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('meeting_quorum')
      .select('quorum')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return row?.quorum ?? null;
  }

  async setMeetingQuorum(trx: Db, meetingId: string, quorum: number): Promise<void> {
    await trx
      .insertInto('meeting_quorum')
      .values({ meeting_id: meetingId, quorum })
      .onConflict((oc) => oc.column('meeting_id').doUpdateSet({ quorum }))
      .execute();
  }

  async insertMark(trx: Db, mark: Database['ballot_marks']): Promise<void> {
    await trx
      .insertInto('ballot_marks')
      .values(mark)
      .onConflict((oc) => oc.columns(['vote_id', 'participant_id']).doNothing())
      .execute();
  }

  /** The voter's own ballot replaced their proxy's: the mark no longer counts (it stays). */
  async clearMark(trx: Db, voteId: string, participantId: string, at: string): Promise<void> {
    await trx
      .insertInto('ballot_mark_clears')
      .values({ vote_id: voteId, participant_id: participantId, cleared_at: at })
      .onConflict((oc) => oc.columns(['vote_id', 'participant_id']).doNothing())
      .execute();
  }

  /** Assisted and proxy ballots of a vote, by voter name, for the record. */
  async marks(voteId: string) {
    return this.db
      .selectFrom('ballot_marks')
      .innerJoin('participants', 'participants.id', 'ballot_marks.participant_id')
      .leftJoin('ballot_mark_clears as cleared', (join) =>
        join
          .onRef('cleared.vote_id', '=', 'ballot_marks.vote_id')
          .onRef('cleared.participant_id', '=', 'ballot_marks.participant_id'),
      )
      .select(['participants.name as voter', 'kind', 'by_name', 'witness_name'])
      .where('ballot_marks.vote_id', '=', voteId)
      .where('cleared.participant_id', 'is', null)
      .orderBy('participants.name')
      .execute();
  }

  async close(trx: Db, vote: TalliedVote): Promise<void> {
    await trx
      .updateTable('votes')
      .set({
        status: 'closed',
        closed_at: vote.closedAt,
        outcome: vote.outcome,
        result_json: JSON.stringify(vote.tally),
      })
      .where('id', '=', vote.id)
      .where('status', '=', 'open')
      .execute();
    // An assisted vote not witnessed by now is never counted: its pending request goes too.
    await trx.deleteFrom('assist_requests').where('vote_id', '=', vote.id).execute();
  }

  /** A closed vote's receipt for a ballot id stored before close, or null (see replay.ts). */
  replayAfterClose(secret: boolean, q: ReplayQuery): Promise<BallotReceipt | null> {
    return replayAfterClose(this.db, secret, q);
  }

  /** A Choice, or encoded option picks (see options.ts). */
  async choiceOf(voteId: string, participantId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('ballots')
      .select('choice')
      .where('vote_id', '=', voteId)
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    return row?.choice ?? null;
  }

  /** Names per choice for open ballots (记名表决). */
  async roll(voteId: string): Promise<{ name: string; choice: string }[]> {
    return this.db
      .selectFrom('ballots')
      .innerJoin('participants', 'participants.id', 'ballots.participant_id')
      .select(['participants.name', 'ballots.choice'])
      .where('ballots.vote_id', '=', voteId)
      .orderBy('participants.name')
      .execute();
  }
}
