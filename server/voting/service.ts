import {
  canVote,
  ERROR_CODES,
  type BallotReceipt,
  type Choice,
  type Counts,
  type OpenVoteBody,
  type Roll,
  type Vote,
} from '../../shared/protocol';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRoom } from '../meetings/room';
import { assertOpen } from '../meetings/service';
import { Batcher } from '../util/serial';
import { OpenVote } from './open-vote';
import type { BallotRow, VoteRepo } from './repo';
import { decideOutcome } from './rules';

interface CastRequest {
  participantId: string;
  voteId: string;
  choice: Choice;
  ballotId: string;
}

/**
 * Votes: open, cast, hall counts, close. Every mutation of a meeting's vote runs in the
 * room's serial section, and a ballot is acknowledged only after its transaction commits.
 */
export class VotingService {
  private readonly batchers = new WeakMap<MeetingRoom, Batcher<CastRequest, BallotReceipt>>();

  constructor(
    private readonly repo: VoteRepo,
    private readonly bus: MeetingBus,
  ) {}

  open(
    room: MeetingRoom,
    input: OpenVoteBody & { rule: Vote['rule']; secret: boolean },
  ): Promise<Vote> {
    return room.serial.run(async () => {
      assertOpen(room);
      if (room.meeting.phase !== 'live') {
        throw new AppError(ERROR_CODES.WRONG_PHASE, 'Start the meeting before opening a vote');
      }
      if (room.openVote) throw new AppError(ERROR_CODES.VOTE_ALREADY_OPEN, 'Another vote is open');
      const agendaItemId = input.agendaItemId ?? room.currentItemId;
      const item = agendaItemId ? room.agenda.find((i) => i.id === agendaItemId) : undefined;
      if (agendaItemId && !item) {
        throw new AppError(ERROR_CODES.AGENDA_ITEM_NOT_FOUND, 'No such agenda item');
      }
      const head = {
        id: newId(),
        meetingId: room.id,
        agendaItemId: item?.id ?? null,
        proposal: input.proposal,
        rule: input.rule,
        secret: input.secret,
        status: 'open' as const,
        openedAt: nowIso(),
        closedAt: null,
        outcome: null,
      };
      await this.repo.insert({
        id: head.id,
        meeting_id: room.id,
        agenda_item_id: head.agendaItemId,
        // The item's title is frozen with the proposal: later agenda edits don't rewrite it.
        agenda_item_title: item?.title ?? null,
        proposal: head.proposal,
        rule: head.rule,
        secret: head.secret ? 1 : 0,
        status: 'open',
        opened_at: head.openedAt,
        closed_at: null,
        outcome: null,
        result_json: null,
      });
      room.openVote = new OpenVote(head);
      return this.changed(room);
    });
  }

  /** Idempotent per ballotId; a new ballotId replaces the voter's earlier choice. */
  async cast(
    room: MeetingRoom,
    participantId: string,
    voteId: string,
    choice: Choice,
    ballotId: string = newId(),
  ): Promise<BallotReceipt> {
    await this.requireOpen(room, voteId);
    const participant = room.participants.get(participantId);
    if (!participant) throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
    if (!canVote(participant.role)) {
      throw new AppError(ERROR_CODES.NOT_ELIGIBLE, `The role ${participant.role} does not vote`);
    }
    let batcher = this.batchers.get(room);
    if (!batcher) {
      batcher = new Batcher(room.serial, (items) => this.writeBallots(room, items));
      this.batchers.set(room, batcher);
    }
    return batcher.submit({ participantId, voteId, choice, ballotId });
  }

  private async writeBallots(
    room: MeetingRoom,
    items: CastRequest[],
  ): Promise<(BallotReceipt | Error)[]> {
    const open = room.openVote;
    const rows: BallotRow[] = [];
    const castAt = nowIso();
    const results = items.map((item): BallotReceipt | Error => {
      if (!open || open.id !== item.voteId) {
        return new AppError(ERROR_CODES.VOTE_CLOSED, 'The vote closed before this ballot arrived');
      }
      const participant = room.participants.get(item.participantId);
      if (!participant || !canVote(participant.role)) {
        return new AppError(ERROR_CODES.NOT_ELIGIBLE, 'Not eligible to vote');
      }
      const existing = open.ballots.get(item.participantId);
      if (existing?.ballotId === item.ballotId) {
        return {
          voteId: open.id,
          choice: existing.choice,
          ballotId: existing.ballotId,
          storedAt: existing.castAt,
        };
      }
      rows.push({
        vote_id: open.id,
        participant_id: item.participantId,
        choice: item.choice,
        ballot_id: item.ballotId,
        channel: participant.attendance,
        cast_at: castAt,
      });
      return { voteId: open.id, choice: item.choice, ballotId: item.ballotId, storedAt: castAt };
    });
    if (open && rows.length > 0) {
      await this.repo.upsertBallots(rows);
      for (const row of rows) {
        open.ballots.set(row.participant_id, {
          choice: row.choice as Choice,
          channel: row.channel as 'room' | 'remote',
          ballotId: row.ballot_id,
          castAt: row.cast_at,
        });
      }
      this.changed(room);
    }
    return results;
  }

  /** The participant's own choice, so a reloaded phone shows it again (open or closed vote). */
  async mine(
    room: MeetingRoom,
    participantId: string,
    voteId: string,
  ): Promise<{ choice: Choice | null }> {
    const open = room.openVote;
    if (open?.id === voteId) return { choice: open.ballots.get(participantId)?.choice ?? null };
    if (!(await this.repo.find(room.id, voteId))) {
      throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such vote');
    }
    return { choice: await this.repo.choiceOf(voteId, participantId) };
  }

  hallCount(room: MeetingRoom, voteId: string, counts: Counts, enteredBy: string): Promise<Vote> {
    return room.serial.run(async () => {
      const open = await this.requireOpen(room, voteId);
      await this.repo.insertHallCount(open.id, counts, enteredBy, nowIso());
      open.hall = { ...counts };
      return this.changed(room);
    });
  }

  close(room: MeetingRoom, voteId: string): Promise<Vote> {
    return room.serial.run(async () => {
      const open = await this.requireOpen(room, voteId);
      const view = open.view(room.eligibleVoters());
      const closed: Vote = {
        ...view,
        status: 'closed',
        closedAt: nowIso(),
        outcome: decideOutcome(view.rule, view.tally),
      };
      await this.repo.close(closed);
      room.openVote = null;
      room.lastVote = closed;
      this.bus.emit('voteChanged', room.id, closed);
      this.bus.emit('roomChanged', room.id);
      return closed;
    });
  }

  /** Closes whatever vote is open; used when the meeting closes. */
  async closeOpen(room: MeetingRoom): Promise<void> {
    if (room.openVote) await this.close(room, room.openVote.id);
  }

  async list(room: MeetingRoom): Promise<Vote[]> {
    const closed = await this.repo.closedVotes(room.id);
    const votes: Vote[] = closed.map(({ agendaItemTitle: _title, ...vote }) => vote);
    if (room.openVote) votes.push(room.openVote.view(room.eligibleVoters()));
    return votes;
  }

  async roll(room: MeetingRoom, voteId: string): Promise<Roll> {
    const row = await this.repo.find(room.id, voteId);
    if (!row) throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such vote');
    if (row.secret === 1) throw new AppError(ERROR_CODES.FORBIDDEN, 'The ballot is secret');
    const roll: Roll = { agree: [], oppose: [], abstain: [] };
    for (const { name, choice } of await this.repo.roll(voteId)) roll[choice as Choice].push(name);
    return roll;
  }

  private async requireOpen(room: MeetingRoom, voteId: string): Promise<OpenVote> {
    if (room.openVote?.id === voteId) return room.openVote;
    const row = await this.repo.find(room.id, voteId);
    if (!row) throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such vote');
    throw new AppError(ERROR_CODES.VOTE_CLOSED, 'The vote is closed');
  }

  private changed(room: MeetingRoom): Vote {
    const view = room.openVote!.view(room.eligibleVoters());
    this.bus.emit('voteChanged', room.id, view);
    return view;
  }
}
