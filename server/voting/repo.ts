import type { Choice, Counts, Outcome, Tally, Vote, VoteRule } from '../../shared/protocol';
import type { Db } from '../storage/db';
import type { Database } from '../storage/schema';
import { OpenVote, type VoteHead } from './open-vote';
import { tally } from './rules';

type VoteRow = Database['votes'];
export type BallotRow = Database['ballots'];

const toHead = (row: VoteRow): VoteHead => ({
  id: row.id,
  meetingId: row.meeting_id,
  agendaItemId: row.agenda_item_id,
  proposal: row.proposal,
  rule: row.rule as VoteRule,
  secret: row.secret === 1,
  status: row.status as Vote['status'],
  openedAt: row.opened_at,
  closedAt: row.closed_at,
  outcome: row.outcome as Outcome | null,
});

/** A closed vote's tally was written once at close: read it back, never recompute it. */
const closedVote = (row: VoteRow): Vote => ({
  ...toHead(row),
  tally: row.result_json ? (JSON.parse(row.result_json) as Tally) : tally([], null, 0),
});

export class VoteRepo {
  constructor(private readonly db: Db) {}

  async insert(row: VoteRow): Promise<void> {
    await this.db.insertInto('votes').values(row).execute();
  }

  find(meetingId: string, voteId: string): Promise<VoteRow | undefined> {
    return this.db
      .selectFrom('votes')
      .selectAll()
      .where('id', '=', voteId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
  }

  async closedVotes(meetingId: string): Promise<(Vote & { agendaItemTitle: string | null })[]> {
    const rows = await this.db
      .selectFrom('votes')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'closed')
      .orderBy('opened_at')
      .execute();
    return rows.map((row) => ({ ...closedVote(row), agendaItemTitle: row.agenda_item_title }));
  }

  /** The open vote with its ballots and latest hall count, to rebuild memory after a restart. */
  async loadOpen(meetingId: string): Promise<OpenVote | null> {
    const row = await this.db
      .selectFrom('votes')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (!row) return null;
    const open = new OpenVote(toHead(row));
    const ballots = await this.db
      .selectFrom('ballots')
      .selectAll()
      .where('vote_id', '=', row.id)
      .execute();
    for (const b of ballots) {
      open.ballots.set(b.participant_id, {
        choice: b.choice as Choice,
        channel: b.channel as 'room' | 'remote',
        ballotId: b.ballot_id,
        castAt: b.cast_at,
      });
    }
    open.hall = await this.latestHallCount(row.id);
    return open;
  }

  async latestHallCount(voteId: string): Promise<Counts | null> {
    const row = await this.db
      .selectFrom('hall_counts')
      .select(['agree', 'oppose', 'abstain'])
      .where('vote_id', '=', voteId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ?? null;
  }

  lastClosed(meetingId: string): Promise<Vote | null> {
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

  /** One transaction for a whole batch: one fsync however many ballots arrived together. */
  async upsertBallots(rows: BallotRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await trx
          .insertInto('ballots')
          .values(row)
          .onConflict((oc) =>
            oc.columns(['vote_id', 'participant_id']).doUpdateSet({
              choice: row.choice,
              ballot_id: row.ballot_id,
              channel: row.channel,
              cast_at: row.cast_at,
            }),
          )
          .execute();
      }
    });
  }

  async insertHallCount(
    voteId: string,
    counts: Counts,
    enteredBy: string,
    at: string,
  ): Promise<void> {
    await this.db
      .insertInto('hall_counts')
      .values({ vote_id: voteId, ...counts, entered_by: enteredBy, entered_at: at })
      .execute();
  }

  async close(vote: Vote): Promise<void> {
    await this.db
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
  }

  async choiceOf(voteId: string, participantId: string): Promise<Choice | null> {
    const row = await this.db
      .selectFrom('ballots')
      .select('choice')
      .where('vote_id', '=', voteId)
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    return (row?.choice as Choice | undefined) ?? null;
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
