import {
  ERROR_CODES,
  type Ladder,
  type LadderDecision,
  type LadderLevel,
} from '../../shared/protocol';
import type { EventData } from '../../shared/events';
import type { EventLog } from '../events/log';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import { assertOpen } from '../meetings/service';
import type { Db } from '../storage/db';
import { decide, openLadder, revise, setPosition } from './machine';

/**
 * Consensus ladders: the pure machine in machine.ts, persisted with an event per step in
 * one transaction, inside the meeting's serial section; the event announces it.
 */
export class LadderService {
  private readonly current = new WeakMap<MeetingRoom, Ladder | null>();

  constructor(
    private readonly db: Db,
    private readonly events: EventLog,
  ) {}

  async latest(room: MeetingRoom): Promise<Ladder | null> {
    if (this.current.has(room)) return this.current.get(room) ?? null;
    const row = await this.db
      .selectFrom('ladders')
      .select('state_json')
      .where('meeting_id', '=', room.id)
      .orderBy('opened_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const ladder = row ? (JSON.parse(row.state_json) as Ladder) : null;
    this.current.set(room, ladder);
    return ladder;
  }

  async all(meetingId: string): Promise<Ladder[]> {
    const rows = await this.db
      .selectFrom('ladders')
      .select('state_json')
      .where('meeting_id', '=', meetingId)
      .orderBy('opened_at')
      .execute();
    return rows.map((r) => JSON.parse(r.state_json) as Ladder);
  }

  open(room: MeetingRoom, text: string): Promise<Ladder> {
    return room.serial.run(async () => {
      assertOpen(room);
      const existing = await this.latest(room);
      if (existing?.status === 'open') {
        throw new AppError(ERROR_CODES.VOTE_ALREADY_OPEN, 'A consensus ladder is already open');
      }
      const ladder = openLadder(newId(), room.id, text, nowIso());
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('ladders')
          .values({
            id: ladder.id,
            meeting_id: room.id,
            status: 'open',
            state_json: JSON.stringify(ladder),
            opened_at: ladder.openedAt,
          })
          .execute();
        const data = { ladderId: ladder.id, text };
        await this.events.append(trx, room.id, { kind: 'ladder.opened', data }, ladder.openedAt);
      });
      return this.changed(room, ladder);
    });
  }

  position(
    room: MeetingRoom,
    ladderId: string,
    participantId: string,
    level: LadderLevel,
    reason?: string,
    positionId?: string,
  ) {
    const participant = room.participants.get(participantId);
    if (!participant) throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
    const who = { participantId, name: participant.name };
    return this.step(room, ladderId, (l) => setPosition(l, who, level, reason, positionId), {
      kind: 'ladder.position',
      data: { ladderId, name: participant.name, level, reason: reason ?? null },
    });
  }

  revise(room: MeetingRoom, ladderId: string, text: string): Promise<Ladder> {
    return this.step(room, ladderId, (l) => revise(l, text, nowIso()), {
      kind: 'ladder.revised',
      data: { ladderId, text },
    });
  }

  decide(room: MeetingRoom, ladderId: string, decision: LadderDecision): Promise<Ladder> {
    return this.step(room, ladderId, (l) => decide(l, decision, nowIso()), {
      kind: 'ladder.decided',
      data: { ladderId, decision },
    });
  }

  private step(
    room: MeetingRoom,
    ladderId: string,
    transition: (ladder: Ladder) => Ladder,
    event: LadderStep,
  ): Promise<Ladder> {
    return room.serial.run(async () => {
      const ladder = await this.latest(room);
      if (!ladder || ladder.id !== ladderId) {
        throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such consensus ladder');
      }
      const next = transition(ladder);
      // A step that changes nothing (a position resent with the same id) is not written,
      // appended or broadcast again.
      if (next === ladder) return ladder;
      const at = nowIso();
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('ladders')
          .set({ status: next.status, state_json: JSON.stringify(next) })
          .where('id', '=', ladderId)
          .execute();
        await this.events.append(trx, room.id, event, at);
      });
      return this.changed(room, next);
    });
  }

  /** Its event tells everyone (ladderChanged, server/realtime/notices.ts). */
  private changed(room: MeetingRoom, ladder: Ladder): Ladder {
    this.current.set(room, ladder);
    return ladder;
  }
}

type LadderStep =
  | { kind: 'ladder.position'; data: EventData<'ladder.position'> }
  | { kind: 'ladder.revised'; data: EventData<'ladder.revised'> }
  | { kind: 'ladder.decided'; data: EventData<'ladder.decided'> };
