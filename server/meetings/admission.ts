import {
  ERROR_CODES,
  type AdmitBody,
  type JoinAnswer,
  type JoinBody,
  type JoinResult,
  type Participant,
  type PersonalLink,
  selfView,
  type TicketStatus,
  type WaitingEntry,
} from '../../shared/protocol';
import type { ParticipantTokens } from '../auth/participant-tokens';
import { AppError } from '../errors';
import { sameNameKey } from '../../shared/text';
import { nowIso } from '../ids';
import type { EventLog } from '../events/log';
import type { MeetingBus } from './bus';
import type { MeetingRepo } from './repo';
import type { MeetingRoom } from './room';
import type { RosterService } from './roster';
import { assertOpen, type MeetingService } from './service';
import type { Waiting } from './waiting';

/**
 * Who gets into a meeting (issue 9). With a personal link: the roster entry it names, the same
 * identity on every scan. With the code alone: in an open meeting a new roster entry, as before;
 * otherwise a place on the waiting list until staff admit (as an entry or a guest) or refuse.
 */
export class Admission {
  constructor(
    private readonly repo: MeetingRepo,
    private readonly meetings: MeetingService,
    private readonly roster: RosterService,
    private readonly tokens: ParticipantTokens,
    private readonly bus: MeetingBus,
    private readonly events: EventLog,
  ) {}

  /** The phone's answer: itself (with its permissions) and its signed token. */
  private joined(room: MeetingRoom, participant: Participant): JoinResult {
    const version = room.linkVersions.get(participant.id) ?? 0;
    return {
      participant: selfView(participant),
      token: this.tokens.issue(participant.id, room.id, version),
    };
  }

  join(
    room: MeetingRoom,
    input: JoinBody & { attendance: 'room' | 'remote' },
  ): Promise<JoinAnswer> {
    return room.serial.run(async () => {
      assertOpen(room);
      if (input.key) {
        const found = this.tokens.checkLinkKey(input.key, room.id, (id) =>
          room.participants.get(id)?.kind === 'roster' ? room.linkVersions.get(id) : undefined,
        );
        if (!found) throw new AppError(ERROR_CODES.LINK_INVALID, 'This join link is not valid');
        return this.checkIn(room, found.participantId, input.attendance);
      }
      const name = input.name!;
      if (room.meeting.admission === 'open') {
        if (!input.allowSameName && someoneHereNamed(room, name)) {
          throw new AppError(
            ERROR_CODES.SAME_NAME,
            'Someone with this name is already here: add a detail, or join anyway',
          );
        }
        const [participant] = await this.roster.insert(room, [
          { name, attendance: input.attendance, present: true, linked: true },
        ]);
        return this.joined(room, participant!);
      }
      const { entry } = room.waiting.add(name, input.attendance, nowIso());
      this.bus.emit('waitingChanged', room.id);
      return { waiting: { ticket: entry.ticket, name } };
    });
  }

  /** The entry's phone is here: checked in (off 请假: they came after all), bound to the phone. */
  private async checkIn(
    room: MeetingRoom,
    participantId: string,
    attendance: 'room' | 'remote',
  ): Promise<JoinResult> {
    const current = this.meetings.participant(room, participantId);
    const next: Participant = {
      ...current,
      attendance,
      present: true,
      onLeave: false,
      linked: true,
      online: false,
    };
    const data = { participantId: current.id, participant: current.name, attendance };
    const same =
      current.present && !current.onLeave && current.linked && current.attendance === attendance;
    // The same phone scanning its link again changes nothing: no event, nothing to tell.
    if (same) return this.joined(room, next);
    await this.repo.transaction(async (trx) => {
      await this.repo.updateParticipant(current.id, next, trx);
      await this.events.append(trx, room.id, { kind: 'participant.checkedIn', data });
    });
    room.participants.set(current.id, next);
    return this.joined(room, next);
  }

  status(room: MeetingRoom, ticket: string): TicketStatus {
    const status = room.waiting.status(ticket);
    if (!status) {
      throw new AppError(ERROR_CODES.TICKET_INVALID, 'Not on the waiting list: ask the staff');
    }
    return status.status === 'admitted' ? { status: 'admitted', ...status.result } : status;
  }

  list(room: MeetingRoom): WaitingEntry[] {
    const byName = new Map<string, Participant[]>();
    for (const p of room.participants.values()) {
      if (p.kind !== 'roster') continue;
      const key = p.name.trim();
      byName.set(key, [...(byName.get(key) ?? []), p]);
    }
    return room.waiting.list().map((w) => ({
      id: w.id,
      name: w.name,
      attendance: w.attendance,
      since: w.since,
      matches: (byName.get(w.name.trim()) ?? []).map(({ id, name, role, linked }) => ({
        id,
        name,
        role,
        linked,
      })),
    }));
  }

  private waitingOf(room: MeetingRoom, id: string): Waiting {
    const waiting = room.waiting.byId(id);
    if (!waiting) throw new AppError(ERROR_CODES.TICKET_INVALID, 'Nobody waiting with this id');
    return waiting;
  }

  admit(room: MeetingRoom, id: string, how: AdmitBody): Promise<Participant> {
    return room.serial.run(async () => {
      assertOpen(room);
      const waiting = this.waitingOf(room, id);
      let result: JoinResult;
      if (how.as === 'entry' && how.entryId) {
        if (room.participants.get(how.entryId)?.kind !== 'roster') {
          throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such roster entry');
        }
        result = await this.checkIn(room, how.entryId, waiting.attendance);
      } else {
        const [participant] = await this.roster.insert(room, [
          {
            name: waiting.name,
            attendance: waiting.attendance,
            present: true,
            linked: true,
            ...(how.as === 'guest' ? { kind: 'guest' as const } : { role: how.role ?? 'resident' }),
          },
        ]);
        result = this.joined(room, participant!);
      }
      room.waiting.decide(waiting, { status: 'admitted', result });
      this.bus.emit('waitingChanged', room.id);
      return result.participant;
    });
  }

  refuse(room: MeetingRoom, id: string): void {
    room.waiting.decide(this.waitingOf(room, id), { status: 'refused' });
    this.bus.emit('waitingChanged', room.id);
  }

  links(room: MeetingRoom, baseUrl: string): PersonalLink[] {
    return [...room.participants.values()]
      .filter((p) => p.kind === 'roster')
      .map((p) => ({
        participantId: p.id,
        name: p.name,
        role: p.role,
        onLeave: p.onLeave,
        url: this.linkUrl(room, p.id, baseUrl),
      }));
  }

  linkUrl(room: MeetingRoom, participantId: string, baseUrl: string): string {
    const version = room.linkVersions.get(participantId);
    if (version === undefined || room.participants.get(participantId)?.kind !== 'roster') {
      throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such roster entry');
    }
    const key = this.tokens.linkKey(participantId, room.id, version);
    return `${baseUrl}/m/${room.meeting.code}?k=${key}`;
  }

  /** A new link for the entry: the old one, and every phone that joined through it, stop. */
  reissue(room: MeetingRoom, participantId: string, baseUrl: string): Promise<PersonalLink> {
    return room.serial.run(async () => {
      const current = this.meetings.participant(room, participantId);
      if (current.kind !== 'roster') {
        throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such roster entry');
      }
      const version = (room.linkVersions.get(participantId) ?? 0) + 1;
      const next = { ...current, linked: false };
      const data = { participantId, participant: current.name };
      await this.repo.transaction(async (trx) => {
        const patch = { linkVersion: version, linked: false };
        await this.repo.updateParticipant(participantId, patch, trx);
        // Its notice ends the old link's sessions (participantRevoked).
        await this.events.append(trx, room.id, { kind: 'link.reissued', data });
      });
      room.linkVersions.set(participantId, version);
      room.participants.set(participantId, next);
      return {
        participantId,
        name: current.name,
        role: current.role,
        onLeave: current.onLeave,
        url: this.linkUrl(room, participantId, baseUrl),
      };
    });
  }
}

/** Someone checked in (实到) under the same name: the hint asks the joiner for a detail. */
function someoneHereNamed(room: MeetingRoom, name: string): boolean {
  const key = sameNameKey(name);
  for (const p of room.participants.values()) {
    if (p.present && !p.onLeave && sameNameKey(p.name) === key) return true;
  }
  return false;
}
