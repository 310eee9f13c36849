import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 9, findings 4 and 9: staff are assigned per meeting, a meeting has a roster (应到名单)
 * and chooses who is let in and who may read its record.
 *
 * - `meeting_staff`: who runs a meeting (facilitator, recorder, teller). Existing meetings get
 *   their creator as facilitator, which is what they had before.
 * - `participants` become roster entries: `entry_kind` roster | guest (a guest observer never counts
 *   as eligible), `on_leave` (请假, not in 应到), `present` (实到: checked in by a phone or by
 *   staff), `linked` (a phone was bound through the personal link), `link_version` (bumped to
 *   revoke a personal link and every token issued through it). Rows that exist already were
 *   created by joining, so they are present roster entries.
 * - `meetings.admission`: roster (personal links, everyone else waits for staff) or open
 *   (anyone with the code joins, the behaviour before this migration, which existing meetings
 *   keep). `meetings.record_access`: staff | participants | public; existing meetings become
 *   staff-only, the safe default, and a facilitator may open them again.
 */
export const roster008: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      sql`CREATE TABLE meeting_staff (
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            user_id TEXT NOT NULL REFERENCES users(id),
            role TEXT NOT NULL,
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (meeting_id, user_id, role))`,
      sql`CREATE INDEX meeting_staff_user ON meeting_staff (user_id)`,
      sql`INSERT INTO meeting_staff (meeting_id, user_id, role, assigned_at)
            SELECT id, facilitator_id, 'facilitator', created_at FROM meetings`,
      sql`ALTER TABLE participants ADD COLUMN entry_kind TEXT NOT NULL DEFAULT 'roster'`,
      sql`ALTER TABLE participants ADD COLUMN on_leave INTEGER NOT NULL DEFAULT 0`,
      sql`ALTER TABLE participants ADD COLUMN present INTEGER NOT NULL DEFAULT 1`,
      sql`ALTER TABLE participants ADD COLUMN linked INTEGER NOT NULL DEFAULT 0`,
      sql`ALTER TABLE participants ADD COLUMN link_version INTEGER NOT NULL DEFAULT 0`,
      sql`ALTER TABLE meetings ADD COLUMN admission TEXT NOT NULL DEFAULT 'open'`,
      sql`ALTER TABLE meetings ADD COLUMN record_access TEXT NOT NULL DEFAULT 'staff'`,
    ]) {
      await statement.execute(db);
    }
  },
};
