import type { RoomRegistry } from '../meetings/rooms';
import type { MeetingBus } from '../meetings/bus';
import { channels, type IoServer } from './context';
import { selfView, type TalliedVote, type WaitingEntry } from '../../shared/protocol';
import type { MeetingRoom } from '../meetings/room';
import { redactVote } from '../../shared/redact';
import { RoomDeltas } from './room-deltas';

/** Tallies and presence change in bursts (1,000 phones voting); screens need ~10 frames/s. */
const THROTTLE_MS = 100;

/**
 * Turns service events into socket broadcasts. Bursty events are coalesced per meeting:
 * the first goes out at once, later ones within the window are folded into one trailing send.
 * The room and the participant list go out as deltas from what each audience was last sent
 * (room-deltas.ts).
 */
export class Broadcaster {
  readonly deltas: RoomDeltas;
  private readonly windows = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
  private readonly pendingVotes = new Map<string, TalliedVote>();
  private readonly unsubscribers: (() => void)[];

  constructor(
    private readonly io: IoServer,
    private readonly rooms: RoomRegistry,
    bus: MeetingBus,
    private readonly waitingList: (room: MeetingRoom) => WaitingEntry[],
    /**
     * Benchmarks only (`BENCH_NO_ROOM_BROADCAST`): room and participant changes are not
     * broadcast at all, clients get only their snapshot on connect: the join-storm baseline.
     */
    silentRoom = false,
  ) {
    this.deltas = new RoomDeltas(io, rooms);
    const unless = (subscribe: () => () => void) => (silentRoom ? () => {} : subscribe());
    this.unsubscribers = [
      unless(() =>
        bus.on('roomChanged', (id) =>
          this.throttled(`room:${id}`, () => this.deltas.flushRoom(id)),
        ),
      ),
      bus.on('voteChanged', (id, vote) => {
        this.pendingVotes.set(id, vote);
        this.throttled(`vote:${id}`, () => this.sendVote(id), vote.status === 'closed');
      }),
      // The online count is part of the room's head counts (phones get it at most once a second).
      unless(() =>
        bus.on('presenceChanged', (id) =>
          this.throttled(`room:${id}`, () => this.deltas.flushRoom(id)),
        ),
      ),
      unless(() =>
        bus.on('participantsChanged', (id) =>
          this.throttled(`participants:${id}`, () => this.deltas.flushParticipants(id)),
        ),
      ),
      bus.on('waitingChanged', (id) => this.throttled(`waiting:${id}`, () => this.sendWaiting(id))),
      bus.on('speaking', (id, owners) => {
        this.io.to(channels.meeting(id)).emit('audio:speaking', { owners });
      }),
      // 500 phones tapping: screens and consoles get at most ~10 count updates a second;
      // phones learn only of opening and closing, through the room state.
      bus.on('pulseChanged', (id, phase) =>
        this.throttled(`pulse:${id}`, () => this.sendPulse(id), phase),
      ),
      bus.on('ladderChanged', (ladder) => {
        this.io.to(channels.meeting(ladder.meetingId)).emit('ladder:update', ladder);
      }),
      bus.on('assistRequested', (witnessId, request) => {
        this.io.to(channels.participant(witnessId)).emit('assist:request', request);
      }),
      bus.on('mandatesChanged', (holderId) => {
        this.io.to(channels.participant(holderId)).emit('mandates:changed');
      }),
      bus.on('participantChanged', (participant) => {
        this.io.to(channels.participant(participant.id)).emit('self:update', selfView(participant));
      }),
      bus.on('meetingUnloaded', (id) => {
        this.pendingVotes.delete(id);
        this.votePhases.delete(id);
      }),
    ];
  }

  private throttled(key: string, send: () => void | Promise<void>, immediate = false): void {
    const window = this.windows.get(key);
    if (immediate) {
      if (window) clearTimeout(window.timer);
      this.windows.delete(key);
      void send();
      return;
    }
    if (window) {
      window.dirty = true;
      return;
    }
    void send();
    const opened = {
      dirty: false,
      timer: setTimeout(() => {
        this.windows.delete(key);
        if (opened.dirty) this.throttled(key, send);
      }, THROTTLE_MS),
    };
    this.windows.set(key, opened);
  }

  /**
   * Phones need a vote only when it opens or closes; the live tally goes to screens and staff.
   * With 1,000 phones that is 10,000 messages a second fewer during a burst, and voters are
   * not swayed by a running count.
   */
  private sendVote(meetingId: string): void {
    const vote = this.pendingVotes.get(meetingId);
    if (!vote) return;
    const phase = `${vote.id}:${vote.status}`;
    const changedPhase = this.votePhases.get(meetingId) !== phase;
    if (changedPhase) this.votePhases.set(meetingId, phase);
    const to = changedPhase ? channels.meeting(meetingId) : channels.watchers(meetingId);
    const open = redactVote(vote, 'public');
    if (open === vote) {
      this.io.to(to).emit('vote:update', vote);
      return;
    }
    // Results hidden until close: staff get the counts, everyone else turnout only.
    const staff = channels.staff(meetingId);
    this.io.to(to).except(staff).emit('vote:update', open);
    this.io.to(staff).emit('vote:update', vote);
  }
  private readonly votePhases = new Map<string, string>();

  private async sendPulse(meetingId: string): Promise<void> {
    const room = await this.rooms.loaded(meetingId);
    if (room) this.io.to(channels.watchers(meetingId)).emit('pulse:update', room.pulse);
  }

  /** The door's waiting list, to staff consoles only (never the tickets). */
  private async sendWaiting(meetingId: string): Promise<void> {
    const staff = channels.staff(meetingId);
    if (!this.io.sockets.adapter.rooms.get(staff)?.size) return;
    const room = await this.rooms.loaded(meetingId);
    if (room) this.io.to(staff).emit('waiting:list', this.waitingList(room));
  }

  stop(): void {
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
    this.deltas.stop();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }
}
