import type { TimerState } from '../../shared/protocol';
import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { MeetingRepo, toMeeting, toParticipant, toStaff } from './repo';
import { MeetingRoom } from './room';
import type { VoteRepo } from '../voting/repo';
import { idleTimer } from './timer';
import { parseSpeakers } from '../speakers/queue';
import type { AgendaSource } from '../collab/agenda';

/**
 * Loads each meeting's room once (concurrent callers share the same promise) and keeps it.
 * A restart rebuilds every room from the DB and the meeting's Y.Doc.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<MeetingRoom>>();

  constructor(
    private readonly meetings: MeetingRepo,
    private readonly votes: VoteRepo,
    private readonly agenda: AgendaSource,
    /** Lets other features (audio) decorate a room as it is loaded. */
    private readonly onLoad?: (room: MeetingRoom) => void,
    /** Restores the hall screen's direction (server/meetings/screen.ts). */
    private readonly onScreen?: (room: MeetingRoom, json: string) => Promise<void>,
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
    room.openVote = await this.votes.loadOpen(id);
    room.lastVote = await this.votes.lastClosed(id);
    room.agenda = await this.agenda.agendaOf(id);
    room.speakers = parseSpeakers(row.speakers_json);
    room.itemSince = row.item_since;
    await this.onScreen?.(room, row.screen_json);
    this.onLoad?.(room);
    return room;
  }
}
