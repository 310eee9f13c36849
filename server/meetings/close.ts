import type { CloseMeetingPayload } from '../../shared/protocol';
import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import type { EventLog } from '../events/log';
import { nowIso } from '../ids';
import type { MeetingRepo } from './repo';
import type { MeetingRoom } from './room';
import { allowedPhase } from './service';

/** What closing needs of the votes (server/voting/service.ts provides it). */
export interface VotesAtClose {
  /** Closes the open vote, if any, in its own serial step (forced past the hall cap). */
  closeOpen(room: MeetingRoom): Promise<void>;
  /** Truncates the WAL: nothing of the meeting's votes stays in it once it is closed. */
  checkpoint(): Promise<void>;
}

/** sha256 of the meeting's minutes as they are now (all stored updates), for the chain. */
export type MinutesDigest = (meetingId: string) => Promise<string>;

/**
 * Closing a meeting: a meetings command. It commits `meeting.closed` and `minutes.frozen` (the
 * chain commits to the minutes as frozen at close) in one transaction with the phase change.
 * The record (server/export) is a durable consumer of `meeting.closed`: it builds, signs and
 * stores the record afterwards, and catches up after a crash.
 */
export class MeetingCloser {
  constructor(
    private readonly repo: MeetingRepo,
    private readonly events: EventLog,
    private readonly votes: VotesAtClose,
    private readonly minutesDigest: MinutesDigest,
  ) {}

  /** Resolves with the position of the meeting's `meeting.closed` event. */
  async close(room: MeetingRoom, { openVote }: CloseMeetingPayload = {}): Promise<number> {
    await room.serial.run(async () => this.check(room, openVote));
    await this.votes.closeOpen(room);
    const position = await room.serial.run(async () => {
      // A vote opened meanwhile (the facilitator on two devices) is refused, not closed unseen.
      const from = this.check(room, undefined);
      // From here the collab server refuses edits: the doc is frozen before it is read.
      const before = room.meeting;
      const at = nowIso();
      room.meeting = { ...before, phase: 'closed', closedAt: at };
      try {
        const digest = await this.minutesDigest(room.id);
        return await this.repo.transaction(async (trx) => {
          const state = { phase: 'closed' as const, currentItemId: room.currentItemId };
          await this.repo.saveLiveState(
            room.id,
            { ...state, timer: room.timer, closedAt: at },
            trx,
          );
          const closed = await this.events.append(
            trx,
            room.id,
            { kind: 'meeting.closed', data: { from } },
            at,
          );
          await this.events.append(trx, room.id, { kind: 'minutes.frozen', data: { digest } }, at);
          return closed.position;
        });
      } catch (err) {
        room.meeting = before;
        throw err;
      }
    });
    await this.votes.checkpoint();
    return position;
  }

  /** The phase check first, then the open vote; returns the phase closed from. */
  private check(room: MeetingRoom, openVote: CloseMeetingPayload['openVote']) {
    allowedPhase(room, 'close');
    const open = room.openVote;
    if (open && openVote !== 'close') {
      throw new AppError(
        ERROR_CODES.VOTE_STILL_OPEN,
        `The vote "${open.head.proposal}" is still open: close it first, or close the meeting with openVote: "close"`,
      );
    }
    return room.meeting.phase;
  }
}
