import type { RoomLoader } from '../meetings/rooms';
import type { VoteRepo } from './repo';

/** Restores a room's open vote, and the last closed one (screens show it until the next). */
export const loadVotes =
  (votes: VoteRepo): RoomLoader =>
  async (room) => {
    room.openVote = await votes.loadOpen(room.id);
    room.lastVote = await votes.lastClosed(room.id);
  };
