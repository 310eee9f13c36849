import {
  ERROR_CODES,
  ScreenShowPayload,
  type RoomState,
  type ScreenDirection,
  type TalliedVote,
} from '../../shared/protocol';
import { AppError } from '../errors';
import type { Db } from '../storage/db';
import type { MeetingBus } from './bus';
import type { MeetingRoom } from './room';
import type { RoomLoader } from './rooms';

/** A meeting's closed votes, oldest first (the voting feature answers). */
export type ClosedVotes = (
  meetingId: string,
) => Promise<(TalliedVote & { agendaItemTitle: string | null })[]>;

/**
 * The hall screen the facilitator directs (issue 10): the choice lives in the room (and so in
 * every `room:state`) and in `meetings.screen_json`, so a restart keeps what the hall sees.
 * What the screen then renders is decided by the pure resolver in shared/screen-view.ts.
 */
export class ScreenService {
  constructor(
    private readonly db: Db,
    private readonly closedVotes: ClosedVotes,
    private readonly bus: MeetingBus,
  ) {}

  show(room: MeetingRoom, direction: ScreenDirection): Promise<RoomState> {
    return room.serial.run(async () => {
      const pinned = direction.voteId ? await this.closedVote(room.id, direction.voteId) : null;
      if (direction.voteId && !pinned) {
        throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No closed vote with that id here');
      }
      const next: ScreenDirection = direction.voteId
        ? { mode: direction.mode, voteId: direction.voteId }
        : { mode: direction.mode };
      await this.db
        .updateTable('meetings')
        .set({ screen_json: JSON.stringify(next) })
        .where('id', '=', room.id)
        .execute();
      room.screen = next;
      room.screenVote = pinned;
      this.bus.emit('roomChanged', room.id);
      return room.state('staff');
    });
  }

  /** As a room is loaded: the stored direction, or auto when it is unreadable. */
  readonly load: RoomLoader = (room, row) => this.restore(room, row.screen_json);

  private async restore(room: MeetingRoom, json: string): Promise<void> {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(json);
    } catch {
      // Falls back to auto below.
    }
    const result = ScreenShowPayload.safeParse(parsed);
    room.screen = result.success ? result.data : { mode: 'auto' };
    const voteId = room.screen.voteId;
    room.screenVote = voteId ? await this.closedVote(room.id, voteId) : null;
  }

  private async closedVote(meetingId: string, voteId: string): Promise<TalliedVote | null> {
    const closed = await this.closedVotes(meetingId);
    const vote = closed.find((v) => v.id === voteId);
    if (!vote) return null;
    const { agendaItemTitle: _title, ...rest } = vote;
    return rest;
  }
}
