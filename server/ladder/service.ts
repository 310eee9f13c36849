import {
  ERROR_CODES,
  type Ladder,
  type LadderDecision,
  type LadderLevel,
} from '../../shared/protocol';
import type { AuditLog } from '../audit/log';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRoom } from '../meetings/room';
import { assertOpen } from '../meetings/service';
import type { Db } from '../storage/db';
import { decide, openLadder, revise, setPosition } from './machine';

/**
 * Consensus ladders: the pure machine in machine.ts, persisted with an audit entry per step in
 * one transaction, inside the meeting's serial section; every change is announced on the bus.
 */
export class LadderService {
  private readonly current = new WeakMap<MeetingRoom, Ladder | null>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly bus: MeetingBus,
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
        await this.audit.append(trx, room.id, ladder.openedAt, 'ladder.opened', {
          ladderId: ladder.id,
          text,
        });
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
    return this.step(
      room,
      ladderId,
      (l) => setPosition(l, who, level, reason, positionId),
      'ladder.position',
      {
        name: participant.name,
        level,
        reason: reason ?? null,
      },
    );
  }

  revise(room: MeetingRoom, ladderId: string, text: string): Promise<Ladder> {
    return this.step(room, ladderId, (l) => revise(l, text, nowIso()), 'ladder.revised', { text });
  }

  decide(room: MeetingRoom, ladderId: string, decision: LadderDecision): Promise<Ladder> {
    return this.step(room, ladderId, (l) => decide(l, decision, nowIso()), 'ladder.decided', {
      decision,
    });
  }

  private step(
    room: MeetingRoom,
    ladderId: string,
    transition: (ladder: Ladder) => Ladder,
    kind: string,
    data: Record<string, unknown>,
  ): Promise<Ladder> {
    return room.serial.run(async () => {
      const ladder = await this.latest(room);
      if (!ladder || ladder.id !== ladderId) {
        throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such consensus ladder');
      }
      const next = transition(ladder);
      // A step that changes nothing (a position resent with the same id) is not written,
      // audited or broadcast again.
      if (next === ladder) return ladder;
      const at = nowIso();
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('ladders')
          .set({ status: next.status, state_json: JSON.stringify(next) })
          .where('id', '=', ladderId)
          .execute();
        await this.audit.append(trx, room.id, at, kind, { ladderId, ...data });
      });
      return this.changed(room, next);
    });
  }

  private changed(room: MeetingRoom, ladder: Ladder): Ladder {
    this.current.set(room, ladder);
    this.bus.emit('ladderChanged', ladder);
    return ladder;
  }
}
