import {
  ERROR_CODES,
  type AgendaItem,
  type CreateMeetingBody,
  type JoinBody,
  type JoinResult,
  type Meeting,
  type Participant,
  type ParticipantPatch,
  type RoomState,
  type TimerAction,
  type User,
} from '../../shared/protocol';
import { LIMITS } from '../../shared/limits';
import { AppError } from '../errors';
import { newId, newMeetingCode, nowIso } from '../ids';
import type { ParticipantTokens } from '../auth/participant-tokens';
import type { AuditLog } from '../audit/log';
import type { MeetingBus } from './bus';
import { isOpen, nextPhase, type PhaseCommand } from './phase';
import { MeetingRepo, toMeeting, toParticipant } from './repo';
import type { MeetingRoom } from './room';
import type { RoomRegistry } from './rooms';
import { applyTimer, idleTimer } from './timer';

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
    private readonly tokens: ParticipantTokens,
    private readonly bus: MeetingBus,
    private readonly audit: AuditLog,
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
    };
    await this.repo.insert(row);
    return toMeeting(row);
  }

  async list(user: User): Promise<Meeting[]> {
    const rows = await this.repo.list(
      user.role === 'admin' || user.role === 'recorder' ? null : user.id,
    );
    return rows.map(toMeeting);
  }

  /** A new participant with a signed token. Identity is kept by the client re-sending it. */
  async join(room: MeetingRoom, input: Required<JoinBody>): Promise<JoinResult> {
    assertOpen(room);
    if (room.participants.size >= LIMITS.participantsPerMeeting) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'The meeting is full');
    }
    const row = {
      id: newId(),
      meeting_id: room.id,
      name: input.name,
      role: 'resident',
      attendance: input.attendance,
      joined_at: nowIso(),
    };
    await this.repo.insertParticipant(row);
    const participant = toParticipant(row);
    room.participants.set(participant.id, participant);
    this.bus.emit('participantsChanged', room.id);
    this.bus.emit('roomChanged', room.id);
    return { participant, token: this.tokens.issue(participant.id, room.id) };
  }

  participant(room: MeetingRoom, participantId: string): Participant {
    const participant = room.participants.get(participantId);
    if (!participant) throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
    return { ...participant, online: room.isOnline(participantId) };
  }

  updateParticipant(
    room: MeetingRoom,
    patch: Omit<ParticipantPatch, 'participantId'> & { participantId: string },
  ): Promise<Participant> {
    return room.serial.run(async () => {
      assertOpen(room);
      const current = this.participant(room, patch.participantId);
      const next = {
        ...current,
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.attendance ? { attendance: patch.attendance } : {}),
      };
      await this.repo.transaction(async (trx) => {
        await this.repo.updateParticipant(
          current.id,
          { role: next.role, attendance: next.attendance },
          trx,
        );
        // Roles decide who votes and who edits: every change is in the signed record's chain.
        await this.audit.append(trx, room.id, nowIso(), 'participant.changed', {
          participant: current.name,
          role: next.role,
          attendance: next.attendance,
          was: { role: current.role, attendance: current.attendance },
        });
      });
      room.participants.set(current.id, { ...next, online: false });
      this.bus.emit('participantChanged', next);
      this.bus.emit('participantsChanged', room.id);
      this.bus.emit('roomChanged', room.id);
      const vote = room.openVoteView();
      if (vote) this.bus.emit('voteChanged', room.id, vote);
      return next;
    });
  }

  transition(room: MeetingRoom, command: PhaseCommand): Promise<RoomState> {
    return room.serial.run(async () => {
      const next = nextPhase(room.meeting.phase, command);
      if (!next) {
        throw new AppError(
          room.meeting.phase === 'closed' ? ERROR_CODES.MEETING_CLOSED : ERROR_CODES.WRONG_PHASE,
          `Cannot ${command} a meeting that is ${room.meeting.phase}`,
        );
      }
      const at = nowIso();
      const closedAt = next === 'closed' ? at : undefined;
      await this.repo.transaction(async (trx) => {
        await this.repo.saveLiveState(
          room.id,
          { phase: next, currentItemId: room.currentItemId, timer: room.timer, closedAt },
          trx,
        );
        await this.audit.append(
          trx,
          room.id,
          at,
          `meeting.${command === 'start' ? 'started' : 'closed'}`,
          {
            from: room.meeting.phase,
          },
        );
      });
      room.meeting = { ...room.meeting, phase: next, closedAt: closedAt ?? room.meeting.closedAt };
      this.bus.emit('roomChanged', room.id);
      if (next === 'closed') this.bus.emit('meetingClosed', room.id);
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
      room.currentItemId = itemId;
      room.timer = idleTimer((item?.durationMin ?? 0) * 60);
      await this.saveLive(room);
      return room.state('staff');
    });
  }

  timer(room: MeetingRoom, action: TimerAction, durationSec?: number): Promise<RoomState> {
    return room.serial.run(async () => {
      assertOpen(room);
      const itemDuration = room.agenda.find((i) => i.id === room.currentItemId)?.durationMin;
      const duration = durationSec ?? (room.timer.durationSec || (itemDuration ?? 0) * 60);
      room.timer = applyTimer(room.timer, action, Date.now(), duration);
      await this.saveLive(room);
      return room.state('staff');
    });
  }

  private async saveLive(room: MeetingRoom): Promise<void> {
    await this.repo.saveLiveState(room.id, {
      phase: room.meeting.phase,
      currentItemId: room.currentItemId,
      timer: room.timer,
    });
    this.bus.emit('roomChanged', room.id);
  }
}
