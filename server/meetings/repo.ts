import type { Insertable, Selectable } from 'kysely';
import type {
  Attendance,
  Meeting,
  MeetingPhase,
  Participant,
  ParticipantRole,
  PlatformLevel,
  SpeakersState,
  TimerState,
} from '../../shared/protocol';
import type { Db } from '../storage/db';
import type { Database } from '../storage/schema';

type MeetingRow = Selectable<Database['meetings']>;
type ParticipantRow = Database['participants'];

export const toMeeting = (row: MeetingRow): Meeting => ({
  id: row.id,
  code: row.code,
  title: row.title,
  topic: row.topic,
  place: row.place,
  level: row.level as PlatformLevel,
  date: row.date,
  phase: row.phase as MeetingPhase,
  facilitatorId: row.facilitator_id,
  createdAt: row.created_at,
  closedAt: row.closed_at,
});

export const toParticipant = (row: ParticipantRow, online = false): Participant => ({
  id: row.id,
  meetingId: row.meeting_id,
  name: row.name,
  role: row.role as ParticipantRole,
  attendance: row.attendance as Attendance,
  joinedAt: row.joined_at,
  online,
});

/** SQL access for meetings and participants; no rules here, only rows. */
export class MeetingRepo {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<Database['meetings']>): Promise<void> {
    await this.db.insertInto('meetings').values(row).execute();
  }

  async codeTaken(code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('meetings')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  findByCode(code: string): Promise<MeetingRow | undefined> {
    return this.db.selectFrom('meetings').selectAll().where('code', '=', code).executeTakeFirst();
  }

  findById(id: string): Promise<MeetingRow | undefined> {
    return this.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(facilitatorId: string | null): Promise<MeetingRow[]> {
    let query = this.db.selectFrom('meetings').selectAll().orderBy('created_at', 'desc');
    if (facilitatorId) query = query.where('facilitator_id', '=', facilitatorId);
    return query.execute();
  }

  /** One transaction, so a change and its audit entry commit together. */
  transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async saveLiveState(
    id: string,
    state: {
      phase: MeetingPhase;
      currentItemId: string | null;
      timer: TimerState;
      closedAt?: string;
    },
    trx: Db = this.db,
  ): Promise<void> {
    await trx
      .updateTable('meetings')
      .set({
        phase: state.phase,
        current_item_id: state.currentItemId,
        timer_json: JSON.stringify(state.timer),
        ...(state.closedAt ? { closed_at: state.closedAt } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async saveSpeakers(id: string, speakers: SpeakersState): Promise<void> {
    await this.db
      .updateTable('meetings')
      .set({ speakers_json: JSON.stringify(speakers) })
      .where('id', '=', id)
      .execute();
  }

  async insertParticipant(row: ParticipantRow): Promise<void> {
    await this.db.insertInto('participants').values(row).execute();
  }

  participants(meetingId: string): Promise<ParticipantRow[]> {
    return this.db
      .selectFrom('participants')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('joined_at')
      .execute();
  }

  async updateParticipant(
    id: string,
    patch: { role?: ParticipantRole; attendance?: Attendance },
    trx: Db = this.db,
  ): Promise<void> {
    await trx.updateTable('participants').set(patch).where('id', '=', id).execute();
  }
}
