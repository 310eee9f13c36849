import type { Participant, RoomPatch, RoomState } from '../../shared/protocol';
import type { MeetingRoom } from '../meetings/room';
import type { RoomRegistry } from '../meetings/rooms';
import { redactRoomState } from '../../shared/redact';
import { channels, type IoServer } from './context';
import { isEmptyDelta, SentBaseline, type Fingerprint } from './sent-baseline';

/**
 * Who a room state is shaped for: staff consoles (every count), hall screens and phones (both
 * redacted for the public). Phones are apart because they show less (see phoneFingerprint).
 */
export type Viewer = 'staff' | 'screen' | 'phone';
const VIEWERS: Viewer[] = ['staff', 'screen', 'phone'];

/**
 * What a phone is sent again: it shows no head counts, so a join storm or a 1,000-ballot
 * burst sends it nothing (it keeps its snapshot's counts); and a vote's counts only once it is
 * closed, so while one is open it needs the vote when it opens or closes, not every tally.
 * Everything else is compared whole.
 */
const phoneFingerprint: Fingerprint = (key, value) => {
  if (key === 'attendance') return '';
  if (key !== 'vote' || value === null || typeof value !== 'object') return JSON.stringify(value);
  const { id, status } = value as { id: string; status: string };
  return status === 'open' ? `open:${id}` : JSON.stringify(value);
};

interface MeetingDeltas {
  room: Record<Viewer, SentBaseline>;
  participants: SentBaseline;
}

const fields = (state: RoomState): [string, unknown][] =>
  Object.entries(state).filter(([key]) => key !== 'serverNow');
const people = (list: Participant[]): [string, unknown][] => list.map((p) => [p.id, p]);

/**
 * Snapshots once, deltas after (issue 12). Each audience of each meeting has a baseline of
 * what it was last sent; a flush sends only the fields that differ from it (`room:patch`,
 * `participants:patch`), computed from the state as that audience may see it, so redaction
 * holds for deltas exactly as for snapshots. Where a delta cannot say it (no baseline, a field
 * gone), the audience gets a snapshot instead.
 */
export class RoomDeltas {
  private readonly meetings = new Map<string, MeetingDeltas>();

  constructor(
    private readonly io: IoServer,
    private readonly rooms: RoomRegistry,
  ) {}

  /** The room state a connecting client starts from (noted, so deltas follow from it). */
  snapshot(room: MeetingRoom, viewer: Viewer): RoomState {
    const full = room.fullState();
    const state = viewer === 'staff' ? full : redactRoomState(full, 'public');
    this.of(room.id).room[viewer].noteSnapshot(fields(state));
    return state;
  }

  /** The participant list a connecting console starts from. */
  participantsSnapshot(room: MeetingRoom): Participant[] {
    const list = room.participantList();
    this.of(room.id).participants.noteSnapshot(people(list));
    return list;
  }

  async flushRoom(meetingId: string): Promise<void> {
    const room = await this.rooms.loaded(meetingId);
    if (!room) return;
    const now = Date.now();
    const full = room.fullState(now);
    const open = redactRoomState(full, 'public');
    for (const viewer of VIEWERS) {
      this.sendRoom(meetingId, viewer, viewer === 'staff' ? full : open, now);
    }
  }

  async flushParticipants(meetingId: string): Promise<void> {
    const staff = channels.staff(meetingId);
    const baseline = this.of(meetingId).participants;
    // A join storm with no console open must not build the whole list ten times a second.
    if (!this.size(staff)) return baseline.reset();
    const room = await this.rooms.loaded(meetingId);
    if (!room) return;
    const list = room.participantList();
    if (!baseline.ready) {
      this.io.to(staff).emit('participants:list', list);
      return baseline.noteSnapshot(people(list));
    }
    const delta = baseline.changes(people(list));
    if (isEmptyDelta(delta)) return;
    baseline.accept(delta);
    this.io.to(staff).emit('participants:patch', {
      upsert: delta.changed.map(({ value }) => value as Participant),
      remove: delta.removed,
    });
  }

  private sendRoom(meetingId: string, viewer: Viewer, state: RoomState, now: number): void {
    const meeting = this.of(meetingId);
    const baseline = meeting.room[viewer];
    const target = this.target(meetingId, viewer);
    if (!target) return baseline.reset();
    if (!baseline.ready) {
      target.emit('room:state', state);
      return baseline.noteSnapshot(fields(state));
    }
    const delta = baseline.changes(fields(state));
    if (isEmptyDelta(delta)) return;
    if (delta.removed.length > 0) {
      // A field gone from the state: no patch says that, a snapshot does.
      target.emit('room:state', state);
      baseline.reset();
      return baseline.noteSnapshot(fields(state));
    }
    baseline.accept(delta);
    const patch: Record<string, unknown> = { serverNow: now };
    for (const { key, value } of delta.changed) patch[key] = value;
    target.emit('room:patch', patch as RoomPatch);
  }

  /** The sockets of one audience, or null when it has none. */
  private target(meetingId: string, viewer: Viewer) {
    const staff = channels.staff(meetingId);
    const watchers = channels.watchers(meetingId);
    const all = channels.meeting(meetingId);
    if (viewer === 'staff') return this.size(staff) ? this.io.to(staff) : null;
    // Hall screens: watchers who are not staff. Phones: everyone who is not a watcher.
    if (viewer === 'screen') {
      return this.size(watchers) > this.size(staff) ? this.io.to(watchers).except(staff) : null;
    }
    return this.size(all) > this.size(watchers) ? this.io.to(all).except(watchers) : null;
  }

  private size(channel: string): number {
    return this.io.sockets.adapter.rooms.get(channel)?.size ?? 0;
  }

  private of(meetingId: string): MeetingDeltas {
    let meeting = this.meetings.get(meetingId);
    if (!meeting) {
      meeting = {
        room: {
          staff: new SentBaseline(),
          screen: new SentBaseline(),
          phone: new SentBaseline(phoneFingerprint),
        },
        participants: new SentBaseline(),
      };
      this.meetings.set(meetingId, meeting);
    }
    return meeting;
  }

  /** A socket left: with nobody of the meeting connected, its baselines go (nobody holds them). */
  release(meetingId: string): void {
    if (this.size(channels.meeting(meetingId)) > 0) return;
    this.meetings.delete(meetingId);
  }

  stop(): void {
    this.meetings.clear();
  }
}
