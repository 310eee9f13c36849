import { sql } from 'kysely';
import type { Db } from '../storage/db';

/** Where Y.Doc updates live. Injected into the DocStore, so tests and PostgreSQL can swap it. */
export interface DocPersistence {
  load(meetingId: string): Promise<Uint8Array[]>;
  append(meetingId: string, update: Uint8Array): Promise<void>;
  /** Replaces every stored update with one merged state, atomically. */
  compact(meetingId: string, state: Uint8Array): Promise<void>;
  count(meetingId: string): Promise<number>;
}

export class SqlDocPersistence implements DocPersistence {
  constructor(private readonly db: Db) {}

  async load(meetingId: string): Promise<Uint8Array[]> {
    const rows = await this.db
      .selectFrom('yjs_updates')
      .select('update')
      .where('meeting_id', '=', meetingId)
      .orderBy('id')
      .execute();
    return rows.map((r) => new Uint8Array(r.update));
  }

  async append(meetingId: string, update: Uint8Array): Promise<void> {
    await this.db.insertInto('yjs_updates').values({ meeting_id: meetingId, update }).execute();
  }

  async compact(meetingId: string, state: Uint8Array): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('yjs_updates').where('meeting_id', '=', meetingId).execute();
      await trx
        .insertInto('yjs_updates')
        .values({ meeting_id: meetingId, update: state })
        .execute();
    });
  }

  async count(meetingId: string): Promise<number> {
    const row = await this.db
      .selectFrom('yjs_updates')
      .select(sql<number>`count(*)`.as('n'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
