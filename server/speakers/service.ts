import { ERROR_CODES, type SpeakerOrigin, type SpeakersState } from '../../shared/protocol';
import { AppError } from '../errors';
import { newId } from '../ids';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRepo } from '../meetings/repo';
import type { MeetingRoom } from '../meetings/room';
import type { RoomLoader } from '../meetings/rooms';
import { assertOpen } from '../meetings/service';
import * as Q from './queue';

/** Restores the queue and the floor as last stored (a restart keeps them). */
export const loadSpeakers: RoomLoader = (room, row) => {
  room.speakers = Q.parseSpeakers(row.speakers_json);
};

/**
 * The speakers' queue of one meeting: pure transitions from queue.ts applied under the room's
 * mutex, persisted before the ack, announced on the bus (screens and audio follow).
 */
export class SpeakersService {
  constructor(
    private readonly repo: MeetingRepo,
    private readonly bus: MeetingBus,
    /**
     * Runs before the ack (audio opens or closes microphones), so "floor given" means the
     * speaker can be heard, not that they will be shortly.
     */
    private readonly afterChange: (room: MeetingRoom) => Promise<void> = async () => {},
    private readonly now: () => number = Date.now,
  ) {}

  raise(room: MeetingRoom, participantId: string, raised: boolean): Promise<SpeakersState> {
    return this.apply(room, (s) => {
      if (!raised) return Q.lower(s, participantId);
      const participant = room.participants.get(participantId);
      if (!participant)
        throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
      return Q.raise(s, this.entry(participant.name, participant.attendance, participantId));
    });
  }

  /** The facilitator puts someone speaking in the hall (no device) in line, by name. */
  add(room: MeetingRoom, name: string): Promise<SpeakersState> {
    return this.apply(room, (s) => Q.raise(s, this.entry(name, 'hall', null)));
  }

  move(room: MeetingRoom, entryId: string, toIndex: number): Promise<SpeakersState> {
    return this.apply(room, (s) => Q.move(s, this.known(s, entryId), toIndex));
  }

  remove(room: MeetingRoom, entryId: string): Promise<SpeakersState> {
    return this.apply(room, (s) => Q.remove(s, this.known(s, entryId)));
  }

  give(room: MeetingRoom, entryId?: string): Promise<SpeakersState> {
    return this.apply(room, (s) => {
      if (entryId) this.known(s, entryId);
      else if (s.queue.length === 0)
        throw new AppError(ERROR_CODES.QUEUE_EMPTY, 'Nobody is waiting');
      return Q.giveFloor(s, this.now(), entryId);
    });
  }

  take(room: MeetingRoom): Promise<SpeakersState> {
    return this.apply(room, (s) => Q.takeFloor(s));
  }

  speakingTime(room: MeetingRoom, speakingSec: number): Promise<SpeakersState> {
    return this.apply(room, (s) => Q.setSpeakingTime(s, speakingSec));
  }

  private entry(name: string, origin: SpeakerOrigin, participantId: string | null) {
    return { id: newId(), participantId, name, origin, raisedAt: this.now() };
  }

  private known(state: SpeakersState, entryId: string): string {
    if (!state.queue.some((e) => e.id === entryId)) {
      throw new AppError(ERROR_CODES.SPEAKER_NOT_FOUND, 'No such entry in the speakers’ queue');
    }
    return entryId;
  }

  private apply(
    room: MeetingRoom,
    transition: (state: SpeakersState) => SpeakersState,
  ): Promise<SpeakersState> {
    return room.serial.run(async () => {
      assertOpen(room);
      const next = transition(room.speakers);
      if (next === room.speakers) return next;
      await this.repo.saveSpeakers(room.id, next);
      room.speakers = next;
      await this.afterChange(room);
      this.bus.emit('speakersChanged', room.id);
      this.bus.emit('roomChanged', room.id);
      return next;
    });
  }
}
