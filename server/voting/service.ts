import {
  ERROR_CODES,
  type BallotReceipt,
  type Choice,
  type OpenVoteBody,
  type Roll,
  type TalliedVote,
} from '../../shared/protocol';
import type { EventLog } from '../events/log';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import { isExpectedVoter } from '../meetings/roster-rules';
import { assertOpen } from '../meetings/service';
import { Batcher } from '../util/serial';
import { writeBallots, type CastRequest } from './ballots';
import { OpenVote } from './open-vote';
import { assertWithinCap } from './hall-service';
import { closingOutcome, kindFields, rollOf, storedPick } from './kinds';
import { ballotChoice } from './options';
import type { VoteRepo } from './repo';
import type { Checkpointer } from '../storage/checkpoint';

/**
 * Votes: open, cast, close (hall counts are in hall-service.ts). Every mutation of a meeting's vote runs in the
 * room's serial section, is written with its event in one transaction, and is
 * acknowledged only after that transaction commits.
 */
export class VotingService {
  private readonly batchers = new WeakMap<MeetingRoom, Batcher<CastRequest, BallotReceipt>>();

  constructor(
    private readonly repo: VoteRepo,
    private readonly events: EventLog,
    /** Truncates the WAL after secret batches and at close (see storage/checkpoint.ts). */
    private readonly checkpoints?: Checkpointer,
  ) {}

  open(
    room: MeetingRoom,
    input: OpenVoteBody & {
      rule: TalliedVote['rule'];
      secret: boolean;
      quorum?: number;
      hideResults?: boolean;
    },
  ): Promise<TalliedVote> {
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
        quorum: input.quorum ?? (await this.repo.meetingQuorum(room.id)) ?? 0,
        hideResults: input.hideResults ?? false,
        ...kindFields(input),
      };
      await this.repo.transaction(async (trx) => {
        await this.repo.insert(
          {
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
            quorum: head.quorum,
            hide_results: head.hideResults ? 1 : 0,
            kind: head.kind,
            options_json: head.options ? JSON.stringify(head.options) : null,
            max_choices: head.maxChoices ?? null,
          },
          trx,
        );
        const data = {
          voteId: head.id,
          proposal: head.proposal,
          rule: head.rule,
          secret: head.secret,
          quorum: head.quorum,
          eligible: room.eligibleVoters(),
          // Option votes log their options, so the chain alone says what was on the ballot.
          ...(head.options
            ? { kind: head.kind, options: head.options, maxChoices: head.maxChoices }
            : {}),
        };
        await this.events.append(trx, room.id, { kind: 'vote.opened', data }, head.openedAt);
      });
      room.openVote = new OpenVote(head);
      return this.current(room);
    });
  }

  /** The meeting's quorum rule; each vote copies it when it opens (unless it sets its own). */
  setQuorum(room: MeetingRoom, quorum: number): Promise<{ quorum: number }> {
    return room.serial.run(async () => {
      assertOpen(room);
      await this.repo.transaction(async (trx) => {
        await this.repo.setMeetingQuorum(trx, room.id, quorum);
        await this.events.append(trx, room.id, { kind: 'quorum.set', data: { quorum } });
      });
      return { quorum };
    });
  }

  async quorum(room: MeetingRoom): Promise<{ quorum: number }> {
    return { quorum: (await this.repo.meetingQuorum(room.id)) ?? 0 };
  }

  /** Idempotent per ballotId (every id ever stored for the vote); a new id changes the choice. */
  async cast(
    room: MeetingRoom,
    participantId: string,
    voteId: string,
    pick: Choice | readonly number[] | undefined,
    ballotId: string = newId(),
    secretToken?: string,
    delegated: Pick<CastRequest, 'via' | 'channel'> = {},
  ): Promise<BallotReceipt> {
    try {
      return await this.castOpen(
        room,
        participantId,
        voteId,
        pick,
        ballotId,
        secretToken,
        delegated,
      );
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== ERROR_CODES.VOTE_CLOSED) throw err;
      // The vote closed: a resend of a ballot stored before close (its ack was lost) is
      // acknowledged with what is stored; an id never stored stays refused.
      const row = await this.repo.find(room.id, voteId);
      const receipt = row
        ? await this.repo.replayAfterClose(row.secret === 1, {
            voteId,
            participantId,
            ballotId,
            ...(secretToken ? { secretToken } : {}),
            pick,
          })
        : null;
      if (!receipt) throw err;
      return receipt;
    }
  }

  private async castOpen(
    room: MeetingRoom,
    participantId: string,
    voteId: string,
    pick: Choice | readonly number[] | undefined,
    ballotId: string,
    secretToken: string | undefined,
    delegated: Pick<CastRequest, 'via' | 'channel'>,
  ): Promise<BallotReceipt> {
    const open = await this.requireOpen(room, voteId);
    // A ballot that doesn't fit the vote (too many options, …) is refused before it is queued.
    const choice = ballotChoice(open.spec, pick);
    const participant = room.participants.get(participantId);
    if (!participant) throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
    // Eligibility comes from the roster entry (issue 9): a voting role, on the roster (never a
    // guest), not on leave. Every path goes through here: own, assisted and proxy ballots.
    if (!isExpectedVoter(participant)) {
      throw new AppError(
        ERROR_CODES.NOT_ELIGIBLE,
        participant.onLeave
          ? 'On leave: not expected to vote'
          : `The role ${participant.role} does not vote`,
      );
    }
    let batcher = this.batchers.get(room);
    if (!batcher) {
      batcher = new Batcher(room.serial, async (items) => {
        const results = await writeBallots(this.repo, this.events, room, items);
        if (room.openVote && results.some((r) => !(r instanceof Error) && !r.replay)) {
          // Off the ack path: the WAL images of this commit go once the burst is quiet.
          if (room.openVote.head.secret) this.checkpoints?.soon();
        }
        return results;
      });
      this.batchers.set(room, batcher);
    }
    return batcher.submit({ participantId, voteId, choice, ballotId, secretToken, ...delegated });
  }

  /** The participant's own choice, so a reloaded phone shows it again (never for secret votes). */
  async mine(
    room: MeetingRoom,
    participantId: string,
    voteId: string,
  ): Promise<{ choice: Choice | null; options?: number[] }> {
    const open = room.openVote;
    if (open?.id === voteId) return storedPick(open.ballots.get(participantId)?.choice ?? null);
    if (!(await this.repo.find(room.id, voteId))) {
      throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such vote');
    }
    return storedPick(await this.repo.choiceOf(voteId, participantId));
  }

  /**
   * Phones may vote after the hall count was confirmed (someone counted in the hall then
   * voted by phone too): closing re-checks the cap, so a result never claims more voters than
   * were present. The facilitator corrects the count first. Closing the whole meeting skips
   * the check (`force`), because the meeting must close; the audit log then shows the excess.
   */
  close(room: MeetingRoom, voteId: string, force = false): Promise<TalliedVote> {
    return room.serial.run(async () => {
      const open = await this.requireOpen(room, voteId);
      if (!force && open.hall) {
        assertWithinCap(room, open, {
          counts: open.hall,
          ...(open.hallOptions ? { optionCounts: open.hallOptions } : {}),
        });
      }
      const view = open.view(room.eligibleVoters(), room.hallRoster(), true);
      const closed: TalliedVote = {
        ...view,
        status: 'closed',
        closedAt: nowIso(),
        outcome: closingOutcome(view),
        // An unconfirmed entry never counts; the log keeps it.
        hallPending: null,
      };
      await this.repo.transaction(async (trx) => {
        await this.repo.close(trx, closed);
        const data = {
          voteId: closed.id,
          outcome: closed.outcome!,
          tally: closed.tally,
          // Closed by the meeting's close (openVote: 'close'), not by its own close (issue 10).
          ...(force ? { closedBy: 'meetingClose' as const } : {}),
        };
        await this.events.append(trx, room.id, { kind: 'vote.closed', data }, closed.closedAt!);
      });
      room.openVote = null;
      room.lastVote = closed;
      // A closed secret vote leaves no history in the WAL, whatever happens next.
      if (closed.secret) await this.checkpoint();
      return closed;
    });
  }

  /**
   * Folds the WAL into the file and truncates it (vote close, meeting close). A failure (the
   * file busy for seconds in another process) never fails the close: it is logged and tried
   * again shortly.
   */
  async checkpoint(): Promise<void> {
    try {
      await this.checkpoints?.now();
    } catch (err) {
      this.checkpoints?.retry(err);
    }
  }

  /** Closes whatever vote is open; used when the meeting closes. */
  async closeOpen(room: MeetingRoom): Promise<void> {
    if (room.openVote) await this.close(room, room.openVote.id, true);
  }

  async list(room: MeetingRoom): Promise<TalliedVote[]> {
    const closed = await this.repo.closedVotes(room.id);
    const votes: TalliedVote[] = closed.map(({ agendaItemTitle: _title, ...vote }) => vote);
    if (room.openVote) votes.push(this.view(room, room.openVote));
    return votes;
  }

  async roll(room: MeetingRoom, voteId: string): Promise<Roll> {
    const row = await this.repo.find(room.id, voteId);
    if (!row) throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such vote');
    if (row.secret === 1) throw new AppError(ERROR_CODES.FORBIDDEN, 'The ballot is secret');
    const options = row.options_json ? (JSON.parse(row.options_json) as string[]) : null;
    return rollOf(await this.repo.roll(voteId), options);
  }

  async requireOpen(room: MeetingRoom, voteId: string): Promise<OpenVote> {
    if (room.openVote?.id === voteId) return room.openVote;
    const row = await this.repo.find(room.id, voteId);
    if (!row) throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such vote');
    throw new AppError(ERROR_CODES.VOTE_CLOSED, 'The vote is closed');
  }

  private view(room: MeetingRoom, open: OpenVote): TalliedVote {
    return open.view(room.eligibleVoters(), room.hallRoster());
  }

  /** The open vote as staff see it now (its event tells everyone else, server/realtime/notices.ts). */
  current(room: MeetingRoom): TalliedVote {
    return this.view(room, room.openVote!);
  }
}
