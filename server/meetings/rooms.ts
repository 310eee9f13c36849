import type { TimerState } from '../../shared/protocol';
import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { MeetingRepo, toMeeting, toParticipant, toStaff, type MeetingRow } from './repo';
import { MeetingRoom } from './room';
import { idleTimer } from './timer';
import type { AgendaSource } from '../collab/agenda';
import type { MeetingBus } from './bus';

interface Lifetime {
  room: MeetingRoom;
  /** Connections holding the room. */
  holds: number;
  /** Last asked for, or last released (ms). */
  touched: number;
}

/**
 * What a feature restores into a room as it is loaded (the open vote, the queue, the hall
 * screen's direction, the audio status): each feature loads its own part, so the meetings
 * layer knows none of them.
 */
export type RoomLoader = (room: MeetingRoom, row: MeetingRow) => Promise<void> | void;

/**
 * Loads each meeting's room once (concurrent callers share the same promise) and keeps it while
 * it is used; `sweep` lets idle ones go. A restart, like a reload, rebuilds a room from the DB
 * and the meeting's Y.Doc.
 */
export class RoomRegistry {
  /** Each room in memory or loading; `lifetime` once loaded (the synchronous view `sweep` needs). */
  private readonly rooms = new Map<
    string,
    { loading: Promise<MeetingRoom>; lifetime?: Lifetime }
  >();
  /**
   * Features that still need a room in memory say so here (an open temperature check, a doc
   * with unwritten updates); `unloaded` lets them drop what they keep per meeting.
   */
  readonly keepers: { why: string; keeps: (meetingId: string) => boolean }[] = [];

  constructor(
    private readonly meetings: MeetingRepo,
    private readonly agenda: AgendaSource,
    /** Run in order, after the meeting, its people and its agenda. */
    private readonly loaders: readonly RoomLoader[],
    private readonly bus?: MeetingBus,
  ) {}

  /**
   * A connection (a socket, a collab client) keeps its meeting in memory until the returned
   * release is called; releasing twice is harmless.
   */
  hold(meetingId: string): () => void {
    const lifetime = this.rooms.get(meetingId)?.lifetime;
    if (!lifetime) return () => {};
    lifetime.holds += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      lifetime.holds -= 1;
      lifetime.touched = Date.now();
    };
  }

  /**
   * Unloads every room nobody holds, untouched for `idleMs`, with nobody at the door, no
   * command running and no feature keeping it; synchronous, so no request can be handed a
   * room while it leaves. The next request loads it again from the DB, as after a restart.
   */
  sweep(idleMs: number, now = Date.now()): string[] {
    const unloaded: string[] = [];
    for (const [id, { lifetime }] of this.rooms) {
      if (!lifetime || now - lifetime.touched < idleMs || this.keptBy(id).length > 0) continue;
      this.rooms.delete(id);
      this.bus?.emit('meetingUnloaded', id);
      unloaded.push(id);
    }
    return unloaded;
  }

  /** What keeps a loaded meeting in memory now, whatever the time (empty: it may go). */
  keptBy(meetingId: string): string[] {
    const lifetime = this.rooms.get(meetingId)?.lifetime;
    if (!lifetime) return [];
    const { room, holds } = lifetime;
    return [
      ...(holds > 0 ? [`${holds} connection(s)`] : []),
      ...(room.waiting.size > 0 ? ['people at the door'] : []),
      ...(room.serial.idle ? [] : ['a command running']),
      ...this.keepers.filter(({ keeps }) => keeps(meetingId)).map(({ why }) => why),
    ];
  }

  /** The ids of the rooms in memory. */
  loadedIds(): string[] {
    return [...this.rooms].filter(([, entry]) => entry.lifetime).map(([id]) => id);
  }

  /** Every room in memory, already loaded. */
  async all(): Promise<MeetingRoom[]> {
    const settled = await Promise.allSettled([...this.rooms.values()].map((e) => e.loading));
    return settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  }

  async byCode(code: string): Promise<MeetingRoom> {
    const row = await this.meetings.findByCode(code);
    // Echo only a short, printable prefix: the code comes from the network, any length.
    const shown = JSON.stringify(code.slice(0, 16)) + (code.length > 16 ? '…' : '');
    if (!row) throw new AppError(ERROR_CODES.MEETING_NOT_FOUND, `No meeting with code ${shown}`);
    return this.byId(row.id);
  }

  byId(id: string): Promise<MeetingRoom> {
    let entry = this.rooms.get(id);
    if (!entry) {
      const created: { loading: Promise<MeetingRoom>; lifetime?: Lifetime } = {
        loading: this.load(id),
      };
      entry = created;
      this.rooms.set(id, created);
      created.loading.then(
        (room) => (created.lifetime = { room, holds: 0, touched: Date.now() }),
        () => this.rooms.delete(id),
      );
    }
    if (entry.lifetime) entry.lifetime.touched = Date.now();
    return entry.loading;
  }

  /** Rooms already in memory (for broadcasts that must not load anything). */
  async loaded(id: string): Promise<MeetingRoom | null> {
    return (await this.rooms.get(id)?.loading) ?? null;
  }

  private async load(id: string): Promise<MeetingRoom> {
    const row = await this.meetings.findById(id);
    if (!row) throw new AppError(ERROR_CODES.MEETING_NOT_FOUND, 'No such meeting');
    const timer = { ...idleTimer(), ...(JSON.parse(row.timer_json) as Partial<TimerState>) };
    const room = new MeetingRoom(
      toMeeting(row, toStaff(await this.meetings.staff(id))),
      row.current_item_id,
      timer,
    );
    for (const p of await this.meetings.participants(id)) {
      room.participants.set(p.id, toParticipant(p));
      room.linkVersions.set(p.id, p.link_version);
    }
    room.agenda = await this.agenda.agendaOf(id);
    room.itemSince = row.item_since;
    for (const load of this.loaders) await load(room, row);
    return room;
  }
}
