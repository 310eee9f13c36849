import {
  ERROR_CODES,
  LIMITS,
  type Participant,
  type ParticipantRole,
  type RosterEntryInput,
} from '../../shared/protocol';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { EventLog } from '../events/log';
import type { MeetingRepo } from './repo';
import { toParticipant } from './repo';
import type { MeetingRoom } from './room';
import { checkRosterEdit } from './roster-rules';
import { assertOpen, type MeetingService } from './service';

export interface NewEntry {
  name: string;
  role?: ParticipantRole;
  onLeave?: boolean;
  kind?: 'roster' | 'guest';
  attendance?: 'room' | 'remote';
  /** Checked in now (people in the hall, admitted joiners) or only expected (the 应到 list). */
  present?: boolean;
  /** A phone is bound to the entry from the start (admitted or open joiners). */
  linked?: boolean;
}

/** The meeting's roster (应到名单): entries typed, pasted, imported or admitted at the door. */
export class RosterService {
  constructor(
    private readonly repo: MeetingRepo,
    private readonly meetings: MeetingService,
    private readonly events: EventLog,
  ) {}

  /** Adds entries in one transaction; the caller holds room.serial or calls add(). */
  async insert(room: MeetingRoom, entries: readonly NewEntry[]): Promise<Participant[]> {
    assertOpen(room);
    if (room.participants.size + entries.length > LIMITS.participantsPerMeeting) {
      throw new AppError(ERROR_CODES.MEETING_FULL, 'The meeting is full');
    }
    const now = nowIso();
    const rows = entries.map((e) => {
      const guest = e.kind === 'guest';
      const onLeave = !guest && (e.onLeave ?? false);
      return {
        id: newId(),
        meeting_id: room.id,
        name: e.name,
        role: guest ? 'observer' : (e.role ?? 'resident'),
        attendance: e.attendance ?? 'room',
        joined_at: now,
        entry_kind: guest ? 'guest' : 'roster',
        on_leave: onLeave ? 1 : 0,
        present: !onLeave && e.present ? 1 : 0,
        linked: e.linked ? 1 : 0,
        link_version: 0,
      };
    });
    if (rows.length === 0) return [];
    const added = rows.map((r) => toParticipant(r));
    const listed = added.map((p) => ({
      participantId: p.id,
      name: p.name,
      role: p.role,
      kind: p.kind,
      attendance: p.attendance,
      onLeave: p.onLeave,
      present: p.present,
    }));
    await this.repo.transaction(async (trx) => {
      await this.repo.insertParticipants(trx, rows);
      // Who is expected, admitted or walked in is part of the record's chain.
      await this.events.append(
        trx,
        room.id,
        { kind: 'roster.added', data: { entries: listed } },
        now,
      );
    });
    for (const p of added) {
      room.participants.set(p.id, p);
      room.linkVersions.set(p.id, 0);
    }
    return added;
  }

  add(
    room: MeetingRoom,
    entries: readonly RosterEntryInput[] | readonly NewEntry[],
    present = false,
  ) {
    return room.serial.run(() =>
      this.insert(
        room,
        entries.map((e) => ({ ...e, present })),
      ),
    );
  }

  remove(room: MeetingRoom, participantId: string): Promise<void> {
    return room.serial.run(async () => {
      assertOpen(room);
      const current = this.meetings.participant(room, participantId);
      checkRosterEdit(current, { remove: true }, room.openVote !== null);
      const data = { participantId: current.id, participant: current.name };
      try {
        await this.repo.transaction(async (trx) => {
          await this.repo.deleteParticipant(current.id, trx);
          await this.events.append(trx, room.id, { kind: 'roster.removed', data });
        });
      } catch {
        throw new AppError(ERROR_CODES.ROSTER_LOCKED, 'Ballots or mandates name this person');
      }
      room.participants.delete(current.id);
      room.linkVersions.delete(current.id);
    });
  }
}
