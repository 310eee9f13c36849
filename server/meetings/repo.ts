import type { Insertable, Selectable } from 'kysely';
import type {
  AdmissionMode,
  Attendance,
  Meeting,
  MeetingPhase,
  Participant,
  ParticipantRole,
  ParticipantKind,
  PlatformLevel,
  RecordAccess,
  SpeakersState,
  StaffAssignment,
  StaffRole,
  TimerState,
} from '../../shared/protocol';
import type { Db } from '../storage/db';
import type { Database } from '../storage/schema';

export type MeetingRow = Selectable<Database['meetings']>;
type ParticipantRow = Selectable<Database['participants']>;
type StaffRow = Selectable<Database['meeting_staff']>;

export const toStaff = (rows: StaffRow[]): StaffAssignment[] =>
  rows.map((r) => ({ userId: r.user_id, role: r.role as StaffRole }));

export const toMeeting = (row: MeetingRow, staff: StaffAssignment[]): Meeting => ({
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
  staff,
  admission: row.admission as AdmissionMode,
  recordAccess: row.record_access as RecordAccess,
  timerWithItem: row.timer_with_item === 1,
});

export const toParticipant = (row: ParticipantRow, online = false): Participant => ({
  id: row.id,
  meetingId: row.meeting_id,
  name: row.name,
  role: row.role as ParticipantRole,
  attendance: row.attendance as Attendance,
  joinedAt: row.joined_at,
  online,
  kind: row.entry_kind as ParticipantKind,
  onLeave: row.on_leave === 1,
  present: row.present === 1,
  linked: row.linked === 1,
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

  /** Every meeting (staffUserId null: an administrator), or those the account is assigned to. */
  list(staffUserId: string | null): Promise<MeetingRow[]> {
    let query = this.db.selectFrom('meetings').selectAll().orderBy('created_at', 'desc');
    if (staffUserId) {
      query = query.where('id', 'in', (qb) =>
        qb.selectFrom('meeting_staff').select('meeting_id').where('user_id', '=', staffUserId),
      );
    }
    return query.execute();
  }

  staff(meetingId: string): Promise<StaffRow[]> {
    return this.db
      .selectFrom('meeting_staff')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('assigned_at')
      .execute();
  }

  async staffOf(meetingIds: string[]): Promise<Map<string, StaffAssignment[]>> {
    const out = new Map<string, StaffAssignment[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('meeting_staff')
      .selectAll()
      .where('meeting_id', 'in', meetingIds)
      .execute();
    for (const r of rows)
      out.get(r.meeting_id)?.push({ userId: r.user_id, role: r.role as StaffRole });
    return out;
  }

  /** Replaces the meeting's staff in one transaction. */
  /** Replaces the meeting's staff, in the caller's transaction or a new one. */
  async setStaff(meetingId: string, staff: StaffAssignment[], at: string, trx?: Db): Promise<void> {
    if (!trx) return this.transaction((t) => this.setStaff(meetingId, staff, at, t));
    await trx.deleteFrom('meeting_staff').where('meeting_id', '=', meetingId).execute();
    await trx
      .insertInto('meeting_staff')
      .values(
        staff.map((s) => ({
          meeting_id: meetingId,
          user_id: s.userId,
          role: s.role,
          assigned_at: at,
        })),
      )
      .execute();
  }

  async saveSettings(
    id: string,
    settings: { admission: AdmissionMode; recordAccess: RecordAccess; timerWithItem: boolean },
    trx: Db = this.db,
  ): Promise<void> {
    await trx
      .updateTable('meetings')
      .set({
        admission: settings.admission,
        record_access: settings.recordAccess,
        timer_with_item: settings.timerWithItem ? 1 : 0,
      })
      .where('id', '=', id)
      .execute();
  }

  /** One transaction, so a change and its event commit together. */
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
      /** When the current item was set (only when it changes). */
      itemSince?: string;
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
        ...(state.itemSince ? { item_since: state.itemSince } : {}),
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

  async insertParticipant(row: Insertable<Database['participants']>): Promise<void> {
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

  /** In the caller's transaction (with its event). */
  async insertParticipants(trx: Db, rows: Insertable<Database['participants']>[]): Promise<void> {
    // SQLite caps bound variables per statement: insert in chunks.
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('participants')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  async updateParticipant(
    id: string,
    patch: {
      role?: ParticipantRole;
      attendance?: Attendance;
      name?: string;
      onLeave?: boolean;
      present?: boolean;
      linked?: boolean;
      linkVersion?: number;
    },
    trx: Db = this.db,
  ): Promise<void> {
    const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);
    const set = Object.fromEntries(
      Object.entries({
        role: patch.role,
        attendance: patch.attendance,
        name: patch.name,
        on_leave: bit(patch.onLeave),
        present: bit(patch.present),
        linked: bit(patch.linked),
        link_version: patch.linkVersion,
      }).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(set).length === 0) return;
    await trx.updateTable('participants').set(set).where('id', '=', id).execute();
  }

  /** Fails (foreign key) when a ballot, mark or mandate names the participant. */
  async deleteParticipant(id: string, trx: Db = this.db): Promise<void> {
    await trx.deleteFrom('participants').where('id', '=', id).execute();
  }

  async linkVersions(meetingId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('participants')
      .select(['id', 'link_version'])
      .where('meeting_id', '=', meetingId)
      .execute();
    return new Map(rows.map((r) => [r.id, r.link_version]));
  }
}
