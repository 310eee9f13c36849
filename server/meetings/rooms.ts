import type { TimerState } from '../../shared/protocol';
import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { MeetingRepo, toMeeting, toParticipant, toStaff, type MeetingRow } from './repo';
import { MeetingRoom } from './room';
import { idleTimer } from './timer';
import type { AgendaSource } from '../collab/agenda';

/**
 * What a feature restores into a room as it is loaded (the open vote, the queue, the hall
 * screen's direction, the audio status): each feature loads its own part, so the meetings
 * layer knows none of them.
 */
export type RoomLoader = (room: MeetingRoom, row: MeetingRow) => Promise<void> | void;

/**
 * Loads each meeting's room once (concurrent callers share the same promise) and keeps it.
 * A restart rebuilds every room from the DB and the meeting's Y.Doc.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<MeetingRoom>>();

  constructor(
    private readonly meetings: MeetingRepo,
    private readonly agenda: AgendaSource,
    /** Run in order, after the meeting, its people and its agenda. */
    private readonly loaders: readonly RoomLoader[],
  ) {}

  /** Every room in memory, already loaded. */
  async all(): Promise<MeetingRoom[]> {
    const settled = await Promise.allSettled(this.rooms.values());
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
    let room = this.rooms.get(id);
    if (!room) {
      room = this.load(id);
      this.rooms.set(id, room);
      room.catch(() => this.rooms.delete(id));
    }
    return room;
  }

  /** Rooms already in memory (for broadcasts that must not load anything). */
  async loaded(id: string): Promise<MeetingRoom | null> {
    return (await this.rooms.get(id)) ?? null;
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
