import type { Db } from '../storage/db';
import { nextEntry, type AuditEntry } from './chain';

/**
 * The append-only audit log of a meeting (triggers forbid update and delete). Callers append
 * inside the transaction that makes the change, and inside the meeting's serial section, so
 * the chain and the data it describes commit together and links never race.
 */
export class AuditLog {
  constructor(private readonly db: Db) {}

  async append(trx: Db, meetingId: string, at: string, kind: string, data: unknown) {
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('meeting_id', '=', meetingId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const entry = nextEntry(last ?? null, at, kind, data);
    await trx
      .insertInto('audit_log')
      .values({
        meeting_id: meetingId,
        seq: entry.seq,
        at: entry.at,
        kind: entry.kind,
        data_json: JSON.stringify(entry.data),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
    return entry;
  }

  async entries(meetingId: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      kind: r.kind,
      data: JSON.parse(r.data_json) as unknown,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }
}
