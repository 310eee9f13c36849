import {
  ERROR_CODES,
  type AgendaItem,
  type CreateMeetingBody,
  type Meeting,
  type MeetingPhase,
  type MeetingSettingsBody,
  type Participant,
  type ParticipantPatch,
  type RoomState,
  type StaffAssignment,
  type TimerAction,
  type TimerState,
  type User,
} from '../../shared/protocol';
import { AppError } from '../errors';
import { newId, newMeetingCode, nowIso } from '../ids';
import type { EventLog } from '../events/log';
import type { Db } from '../storage/db';
import type { MeetingBus } from './bus';
import { isOpen, nextPhase, type PhaseCommand } from './phase';
import { checkRosterEdit } from './roster-rules';
import { MeetingRepo, toMeeting } from './repo';
import type { MeetingRoom } from './room';
import type { RoomRegistry } from './rooms';
import { applyTimer, idleTimer, nextAgendaItem } from './timer';

/** A fresh timer for `item`; it runs from `now` when the meeting is live and says so. */
const itemTimer = (
  meeting: Pick<Meeting, 'timerWithItem' | 'phase'>,
  item: AgendaItem | null,
  now: number,
): TimerState => {
  const fresh = idleTimer((item?.durationMin ?? 0) * 60);
  const runs = meeting.timerWithItem && meeting.phase === 'live';
  return item && runs && item.durationMin > 0 ? applyTimer(fresh, 'start', now) : fresh;
};

export const assertOpen = (room: MeetingRoom): void => {
  if (!isOpen(room.meeting.phase)) {
    throw new AppError(ERROR_CODES.MEETING_CLOSED, 'The meeting is closed');
  }
};

/** Meetings, participants and the live room state (phase, current item, timer). */
export class MeetingService {
  constructor(
    private readonly repo: MeetingRepo,
    private readonly rooms: RoomRegistry,
    private readonly bus: MeetingBus,
    private readonly events: EventLog,
  ) {}

  async create(
    input: CreateMeetingBody & { topic: string; place: string },
    user: User,
  ): Promise<Meeting> {
    let code = newMeetingCode();
    for (let attempt = 0; await this.repo.codeTaken(code); attempt += 1) {
      if (attempt > 50) throw new AppError(ERROR_CODES.INTERNAL, 'No free meeting code');
      code = newMeetingCode();
    }
    const row = {
      id: newId(),
      code,
      title: input.title,
      topic: input.topic,
      place: input.place,
      level: input.level,
      date: input.date,
      phase: 'scheduled',
      facilitator_id: user.id,
      current_item_id: null,
      timer_json: JSON.stringify(idleTimer()),
      created_at: nowIso(),
      closed_at: null,
      speakers_json: '{}',
      // The safe defaults (issue 9): roster + admission by staff, record for staff only.
      admission: 'roster',
      record_access: 'staff',
      screen_json: '{"mode":"auto"}',
      item_since: null,
      timer_with_item: 1,
    };
    await this.repo.insert(row);
    // The creator is the meeting's first facilitator (issue 9: staff act only where assigned).
    const staff: StaffAssignment[] = [{ userId: user.id, role: 'facilitator' }];
    await this.repo.setStaff(row.id, staff, row.created_at);
    return toMeeting(row, staff);
  }

  /** An administrator sees every meeting (to assign its staff); other accounts theirs. */
  async list(user: User): Promise<Meeting[]> {
    const rows = await this.repo.list(user.role === 'admin' ? null : user.id);
    const staff = await this.repo.staffOf(rows.map((r) => r.id));
    return rows.map((r) => toMeeting(r, staff.get(r.id) ?? []));
  }

  /** Admission and record access, chosen by the facilitator; the safe values are the default. */
  setSettings(room: MeetingRoom, patch: MeetingSettingsBody): Promise<Meeting> {
    return room.serial.run(async () => {
      const next = {
        admission: patch.admission ?? room.meeting.admission,
        recordAccess: patch.recordAccess ?? room.meeting.recordAccess,
        timerWithItem: patch.timerWithItem ?? room.meeting.timerWithItem,
      };
      await this.repo.transaction(async (trx) => {
        await this.repo.saveSettings(room.id, next, trx);
        await this.events.append(trx, room.id, { kind: 'settings.changed', data: next });
      });
      room.meeting = { ...room.meeting, ...next };
      return room.meeting;
    });
  }

  participant(room: MeetingRoom, participantId: string): Participant {
    const participant = room.participants.get(participantId);
    if (!participant) throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
    return { ...participant, online: room.isOnline(participantId) };
  }

  /** Role, channel, name, 请假 and check-in of one entry; roster rules in roster-rules.ts. */
  updateParticipant(
    room: MeetingRoom,
    patch: Omit<ParticipantPatch, 'participantId'> & { participantId: string },
  ): Promise<Participant> {
    return room.serial.run(async () => {
      assertOpen(room);
      const current = this.participant(room, patch.participantId);
      checkRosterEdit(current, { onLeave: patch.onLeave }, room.openVote !== null);
      const onLeave = patch.onLeave ?? current.onLeave;
      const next: Participant = {
        ...current,
        role: current.kind === 'guest' ? 'observer' : (patch.role ?? current.role),
        attendance: patch.attendance ?? current.attendance,
        name: patch.name ?? current.name,
        onLeave,
        // Someone on leave is not here; checking someone in takes them off leave.
        present: onLeave ? false : (patch.present ?? current.present),
      };
      if (patch.present && current.onLeave && patch.onLeave === undefined) {
        checkRosterEdit(current, { onLeave: false }, room.openVote !== null);
        next.onLeave = false;
        next.present = true;
      }
      await this.repo.transaction(async (trx) => {
        await this.repo.updateParticipant(current.id, next, trx);
        // Roles, 请假 and check-in decide who votes: every change is in the record's chain.
        await this.events.append(trx, room.id, {
          kind: 'participant.changed',
          data: {
            participantId: current.id,
            participant: current.name,
            role: next.role,
            attendance: next.attendance,
            onLeave: next.onLeave,
            present: next.present,
            was: {
              name: current.name,
              role: current.role,
              attendance: current.attendance,
              onLeave: current.onLeave,
              present: current.present,
            },
          },
        });
      });
      room.participants.set(current.id, { ...next, online: false });
      return next;
    });
  }

  /** Starts the meeting (closing is ./close.ts: it freezes the minutes and the record follows). */
  start(room: MeetingRoom): Promise<RoomState> {
    return room.serial.run(async () => {
      const next = allowedPhase(room, 'start');
      const at = nowIso();
      // An item made current before the start begins its time-box with the meeting.
      const item = room.agenda.find((i) => i.id === room.currentItemId) ?? null;
      const fresh = room.timer.runningSince === null && room.timer.elapsedMs === 0;
      const timer =
        next === 'live' && item && fresh
          ? itemTimer({ ...room.meeting, phase: next }, item, Date.now())
          : room.timer;
      await this.repo.transaction(async (trx) => {
        await this.repo.saveLiveState(
          room.id,
          { phase: next, currentItemId: room.currentItemId, timer },
          trx,
        );
        const data = { from: room.meeting.phase };
        await this.events.append(trx, room.id, { kind: 'meeting.started', data }, at);
      });
      room.meeting = { ...room.meeting, phase: next };
      room.timer = timer;
      return room.state('staff');
    });
  }

  setCurrentItem(room: MeetingRoom, itemId: string | null): Promise<RoomState> {
    return room.serial.run(async () => {
      assertOpen(room);
      let item: AgendaItem | undefined;
      if (itemId !== null) {
        item = room.agenda.find((i) => i.id === itemId);
        if (!item) throw new AppError(ERROR_CODES.AGENDA_ITEM_NOT_FOUND, 'No such agenda item');
      }
      return this.makeCurrent(room, item ?? null);
    });
  }

  /** 下一项: the item after the current one (the first when none is current). */
  nextItem(room: MeetingRoom): Promise<RoomState> {
    return room.serial.run(async () => {
      assertOpen(room);
      const next = nextAgendaItem(room.agenda, room.currentItemId);
      if (!next) throw new AppError(ERROR_CODES.NO_NEXT_ITEM, 'The current item is the last one');
      return this.makeCurrent(room, next);
    });
  }

  /** The item becomes current with a fresh time-box, running if the meeting says so. */
  private async makeCurrent(room: MeetingRoom, item: AgendaItem | null): Promise<RoomState> {
    room.currentItemId = item?.id ?? null;
    room.timer = itemTimer(room.meeting, item, Date.now());
    // Results decided before this moment are stale on the hall screen (shared/screen-view.ts).
    room.itemSince = nowIso();
    const data = { itemId: item?.id ?? null, title: item?.title ?? null };
    await this.repo.transaction(async (trx) => {
      await this.saveLive(room, room.itemSince!, trx);
      await this.events.append(trx, room.id, { kind: 'item.changed', data }, room.itemSince!);
    });
    return room.state('staff');
  }

  timer(room: MeetingRoom, action: TimerAction, durationSec?: number): Promise<RoomState> {
    return room.serial.run(async () => {
      assertOpen(room);
      const itemDuration = room.agenda.find((i) => i.id === room.currentItemId)?.durationMin;
      const duration = durationSec ?? (room.timer.durationSec || (itemDuration ?? 0) * 60);
      room.timer = applyTimer(room.timer, action, Date.now(), duration);
      await this.saveLive(room);
      // Not an event: the timer is the room's live state, not a change the record proves.
      this.bus.emit('roomChanged', room.id);
      return room.state('staff');
    });
  }

  private async saveLive(room: MeetingRoom, itemSince?: string, trx?: Db): Promise<void> {
    const state = {
      phase: room.meeting.phase,
      currentItemId: room.currentItemId,
      timer: room.timer,
      itemSince,
    };
    await this.repo.saveLiveState(room.id, state, trx);
  }
}

/** The phase `command` leads to, or the refusal (closed meetings say so). */
export function allowedPhase(room: MeetingRoom, command: PhaseCommand): MeetingPhase {
  const next = nextPhase(room.meeting.phase, command);
  if (!next) {
    throw new AppError(
      room.meeting.phase === 'closed' ? ERROR_CODES.MEETING_CLOSED : ERROR_CODES.WRONG_PHASE,
      `Cannot ${command} a meeting that is ${room.meeting.phase}`,
    );
  }
  return next;
}
