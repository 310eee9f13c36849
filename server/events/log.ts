import { DomainEvent, type EventKind } from '../../shared/events';
import { ERROR_CODES } from '../../shared/protocol';
import { nextEntry, type AuditEntry } from '../audit/chain';
import { AppError } from '../errors';
import { nowIso } from '../ids';
import type { Db } from '../storage/db';
import type { Selectable } from 'kysely';
import type { Database } from '../storage/schema';

/** An event as stored: its global position and its link in the meeting's hash chain. */
export type StoredEvent = DomainEvent & {
  position: number;
  meetingId: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
};

/** Told, right after a commit, what it appended (in position order). */
export type CommitListener = (events: readonly StoredEvent[]) => void;

const toStored = (r: Selectable<Database['events']>): StoredEvent =>
  ({
    position: r.position,
    meetingId: r.meeting_id,
    seq: r.seq,
    at: r.at,
    kind: r.kind as EventKind,
    data: JSON.parse(r.data_json) as unknown,
    prevHash: r.prev_hash,
    hash: r.hash,
  }) as StoredEvent;

/**
 * The events table: the outbox and every meeting's hash chain (migration 012; triggers forbid
 * update and delete and keep each chain linked). A change appends its typed event inside the
 * transaction that makes it, and inside the meeting's serial section, so the event and the data
 * it describes commit together and links never race. After the commit (storage/busy.ts hooks)
 * the appended events go to the listener: the event stream (./stream.ts).
 */
export class EventLog {
  private pending: StoredEvent[] = [];
  private listener: CommitListener = () => {};

  constructor(private readonly db: Db) {}

  /** Who is told after each commit that appended events (the stream, the test-fault seam). */
  onCommit(listener: CommitListener): void {
    this.listener = listener;
  }

  async append(
    trx: Db,
    meetingId: string,
    event: DomainEvent,
    at: string = nowIso(),
  ): Promise<StoredEvent> {
    if (!trx.isTransaction) {
      throw new AppError(ERROR_CODES.INTERNAL, 'An event is appended in the change’s transaction');
    }
    const valid = DomainEvent.safeParse(event);
    if (!valid.success) {
      throw new AppError(ERROR_CODES.INTERNAL, `Malformed ${event.kind} event: ${valid.error}`);
    }
    const last = await trx
      .selectFrom('events')
      .select(['seq', 'hash'])
      .where('meeting_id', '=', meetingId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const entry = nextEntry(last ?? null, at, event.kind, event.data);
    const { position } = await trx
      .insertInto('events')
      .values({
        meeting_id: meetingId,
        seq: entry.seq,
        at: entry.at,
        kind: entry.kind,
        data_json: JSON.stringify(entry.data),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .returning('position')
      .executeTakeFirstOrThrow();
    const stored = { ...entry, ...event, position, meetingId } as StoredEvent;
    this.pending.push(stored);
    return stored;
  }

  /** storage/busy.ts, after COMMIT: what this transaction appended is now durable. */
  committed(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.listener(events);
  }

  /** storage/busy.ts, after ROLLBACK: what this transaction appended never happened. */
  rolledBack(): void {
    this.pending = [];
  }

  /** Events after `position`, in order (consumers catching up). */
  async after(position: number, limit = 500): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('position', '>', position)
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map(toStored);
  }

  /** The position of the last event (0 when there is none). */
  async head(): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('position').as('head'))
      .executeTakeFirst();
    return Number(row?.head ?? 0);
  }

  /** A meeting's chain, as the record carries it. */
  async entries(meetingId: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('seq')
      .execute();
    // The chain's own fields only: the record carries exactly these.
    return rows
      .map(toStored)
      .map(({ seq, at, kind, data, prevHash, hash }) => ({ seq, at, kind, data, prevHash, hash }));
  }

  /** A meeting's events of one kind, oldest first. */
  async ofKind<K extends EventKind>(meetingId: string, kind: K): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('kind', '=', kind)
      .orderBy('seq')
      .execute();
    return rows.map(toStored);
  }
}
