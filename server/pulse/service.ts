import {
  ERROR_CODES,
  type PulseAnswer,
  type PulseScale,
  type PulseState,
  type RecordPulse,
} from '../../shared/protocol';
import type { EventLog } from '../events/log';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRoom } from '../meetings/room';
import type { Db } from '../storage/db';
import { PulseTally } from './tally';

interface LivePulse {
  room: MeetingRoom;
  tally: PulseTally;
  /** The agenda item current when it opened, for the record. */
  itemTitle: string | null;
}

/**
 * Temperature checks (举牌): one per meeting at a time, in memory while open (a restart
 * forgets an open or unkept check: it was never a vote, and who answered what is never
 * written anywhere). Only a kept check is stored, as counts, with an audit entry.
 * Facilitator steps run in the meeting's serial section; answers are synchronous.
 */
export class PulseService {
  private readonly live = new Map<string, LivePulse>();

  constructor(
    private readonly db: Db,
    private readonly events: EventLog,
    private readonly bus: MeetingBus,
  ) {
    // A meeting that closes drops its check, kept or not decided.
    bus.on('meetingClosed', (meetingId) => {
      const entry = this.live.get(meetingId);
      if (entry) this.drop(entry.room);
    });
    // A closed, unkept check leaves with its idle meeting (as at a restart).
    bus.on('meetingUnloaded', (meetingId) => this.live.delete(meetingId));
  }

  /** An open check keeps its meeting in memory: the answers so far exist nowhere else. */
  isOpen(meetingId: string): boolean {
    return this.live.get(meetingId)?.tally.open === true;
  }

  open(room: MeetingRoom, scale: PulseScale, question: string | undefined): Promise<PulseState> {
    return room.serial.run(async () => {
      assertLive(room);
      const existing = this.live.get(room.id);
      if (existing?.tally.open) {
        throw new AppError(ERROR_CODES.PULSE_ALREADY_OPEN, 'A temperature check is open');
      }
      // A closed check nobody kept is forgotten when the next one opens.
      const item = room.agenda.find((i) => i.id === room.currentItemId) ?? null;
      const asked = question?.trim() || item?.title || null;
      const tally = new PulseTally(newId(), scale, asked, nowIso());
      this.live.set(room.id, { room, tally, itemTitle: item?.title ?? null });
      return this.changed(room, true);
    });
  }

  answer(room: MeetingRoom, pulseId: string, participantId: string, answer: PulseAnswer) {
    const entry = this.live.get(room.id);
    if (!entry || entry.tally.id !== pulseId || room.meeting.phase !== 'live') {
      throw new AppError(ERROR_CODES.PULSE_NOT_OPEN, 'This temperature check is over');
    }
    entry.tally.answer(participantId, answer);
    this.changed(room, false);
    return { answer };
  }

  mine(room: MeetingRoom, pulseId: string, participantId: string) {
    const entry = this.live.get(room.id);
    const answer = entry?.tally.id === pulseId ? entry.tally.mine(participantId) : null;
    return { answer };
  }

  hall(
    room: MeetingRoom,
    pulseId: string,
    counts: Partial<Record<PulseAnswer, number>>,
  ): Promise<PulseState> {
    return room.serial.run(async () => {
      this.current(room, pulseId).setHall(counts);
      return this.changed(room, false);
    });
  }

  close(room: MeetingRoom, pulseId: string): Promise<PulseState> {
    return room.serial.run(async () => {
      this.current(room, pulseId).close(nowIso());
      return this.changed(room, true);
    });
  }

  /** Closes it if open, stores the counts (only) for the record, takes it off screens. */
  keep(room: MeetingRoom, pulseId: string): Promise<RecordPulse> {
    return room.serial.run(async () => {
      assertLive(room);
      const tally = this.current(room, pulseId);
      const { itemTitle } = this.live.get(room.id)!;
      const at = nowIso();
      tally.close(at);
      const { question, scale, counts, phones, hall, openedAt, closedAt } = tally.view();
      const kept: RecordPulse = {
        question,
        agendaItemTitle: itemTitle,
        scale,
        counts,
        phones,
        hall,
        openedAt,
        closedAt: closedAt ?? at,
      };
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('pulses')
          .values({
            id: tally.id,
            meeting_id: room.id,
            state_json: JSON.stringify(kept),
            kept_at: at,
          })
          .execute();
        const data = { pulseId: tally.id, ...kept };
        await this.events.append(trx, room.id, { kind: 'pulse.kept', data }, at);
      });
      this.drop(room);
      return kept;
    });
  }

  /** Takes it off screens, forgotten (closing it first if open). */
  discard(room: MeetingRoom, pulseId: string): Promise<Record<string, never>> {
    return room.serial.run(async () => {
      this.current(room, pulseId);
      this.drop(room);
      return {};
    });
  }

  /** The kept checks of a meeting, oldest first, for the record. */
  async kept(meetingId: string): Promise<RecordPulse[]> {
    const rows = await this.db
      .selectFrom('pulses')
      .select('state_json')
      .where('meeting_id', '=', meetingId)
      .orderBy('kept_at')
      .execute();
    return rows.map((r) => JSON.parse(r.state_json) as RecordPulse);
  }

  private current(room: MeetingRoom, pulseId: string): PulseTally {
    const entry = this.live.get(room.id);
    if (!entry) throw new AppError(ERROR_CODES.PULSE_NOT_OPEN, 'No temperature check is on');
    if (entry.tally.id !== pulseId) {
      throw new AppError(ERROR_CODES.PULSE_NOT_FOUND, 'That temperature check was replaced');
    }
    return entry.tally;
  }

  private drop(room: MeetingRoom): void {
    this.live.delete(room.id);
    this.changed(room, true);
  }

  private changed(room: MeetingRoom, phase: boolean): PulseState {
    const view = this.live.get(room.id)?.tally.view() ?? null;
    room.pulse = view;
    this.bus.emit('pulseChanged', room.id, phase);
    // Phones follow openings and closings through the room state; counts go to watchers.
    if (phase) this.bus.emit('roomChanged', room.id);
    return view!;
  }
}

function assertLive(room: MeetingRoom): void {
  if (room.meeting.phase === 'closed') {
    throw new AppError(ERROR_CODES.MEETING_CLOSED, 'The meeting is closed');
  }
  if (room.meeting.phase !== 'live') {
    throw new AppError(ERROR_CODES.WRONG_PHASE, 'Start the meeting first');
  }
}
