import { sql, type Kysely, type Migration } from 'kysely';
import { voting003 } from './migration-003-voting';
import { choices004 } from './migration-004-choices';
import { proxyReplaced005 } from './migration-005-proxy-replaced';
import { assistRequests006 } from './migration-006-assist-requests';
import { secretSets007 } from './migration-007-secret-sets';
import { roster008 } from './migration-008-roster';
import { pulse009 } from './migration-009-pulse';
import { timerWithItem010 } from './migration-010-timer-with-item';
import { screen011 } from './migration-011-screen';
import { events012 } from './migration-012-events';

/**
 * Numbered migrations, applied in order at start-up. Triggers make closed votes, ballots of
 * closed votes and stored records immutable at the database level, not just in code.
 */
export const migrations: Record<string, Migration> = {
  '001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('meetings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('facilitator_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('current_item_id', 'text')
        .addColumn('timer_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema
        .createTable('participants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('attendance', 'text', (c) => c.notNull())
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('participants_meeting')
        .on('participants')
        .column('meeting_id')
        .execute();
      await db.schema
        .createTable('votes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
        .addColumn('agenda_item_id', 'text')
        .addColumn('agenda_item_title', 'text')
        .addColumn('proposal', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('secret', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('outcome', 'text')
        .addColumn('result_json', 'text')
        .execute();
      await db.schema.createIndex('votes_meeting').on('votes').column('meeting_id').execute();
      await db.schema
        .createTable('ballots')
        .addColumn('vote_id', 'text', (c) => c.notNull().references('votes.id'))
        .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id'))
        .addColumn('choice', 'text', (c) => c.notNull())
        .addColumn('ballot_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('cast_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ballots_pk', ['vote_id', 'participant_id'])
        .execute();
      await db.schema
        .createTable('hall_counts')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('vote_id', 'text', (c) => c.notNull().references('votes.id'))
        .addColumn('agree', 'integer', (c) => c.notNull())
        .addColumn('oppose', 'integer', (c) => c.notNull())
        .addColumn('abstain', 'integer', (c) => c.notNull())
        .addColumn('entered_by', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('yjs_updates')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('meeting_id', 'text', (c) => c.notNull())
        .addColumn('update', 'blob', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('yjs_updates_meeting')
        .on('yjs_updates')
        .columns(['meeting_id', 'id'])
        .execute();
      await db.schema
        .createTable('records')
        .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id'))
        .addColumn('record_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      for (const statement of [
        sql`CREATE TRIGGER votes_closed_immutable BEFORE UPDATE ON votes
            WHEN OLD.status = 'closed'
            BEGIN SELECT RAISE(ABORT, 'a closed vote is immutable'); END`,
        sql`CREATE TRIGGER votes_no_delete BEFORE DELETE ON votes
            BEGIN SELECT RAISE(ABORT, 'votes are never deleted'); END`,
        sql`CREATE TRIGGER ballots_closed_insert BEFORE INSERT ON ballots
            WHEN (SELECT status FROM votes WHERE id = NEW.vote_id) <> 'open'
            BEGIN SELECT RAISE(ABORT, 'the vote is closed'); END`,
        sql`CREATE TRIGGER ballots_closed_update BEFORE UPDATE ON ballots
            WHEN (SELECT status FROM votes WHERE id = OLD.vote_id) <> 'open'
            BEGIN SELECT RAISE(ABORT, 'the vote is closed'); END`,
        sql`CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots
            BEGIN SELECT RAISE(ABORT, 'ballots are never deleted'); END`,
        sql`CREATE TRIGGER hall_counts_closed BEFORE INSERT ON hall_counts
            WHEN (SELECT status FROM votes WHERE id = NEW.vote_id) <> 'open'
            BEGIN SELECT RAISE(ABORT, 'the vote is closed'); END`,
        sql`CREATE TRIGGER records_immutable BEFORE UPDATE ON records
            BEGIN SELECT RAISE(ABORT, 'records are never altered'); END`,
        sql`CREATE TRIGGER records_no_delete BEFORE DELETE ON records
            BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END`,
      ]) {
        await statement.execute(db);
      }
    },
  },
  /** The speakers' queue and floor live in the room; a restart must not lose the line. */
  '002_speakers': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('meetings')
        .addColumn('speakers_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
    },
  },
  '003_voting': voting003,
  '004_choices': choices004,
  '005_proxy_replaced': proxyReplaced005,
  '006_assist_requests': assistRequests006,
  '007_secret_sets': secretSets007,
  '008_roster': roster008,
  '009_pulse': pulse009,
  '010_timer_with_item': timerWithItem010,
  '011_screen': screen011,
  '012_events': events012,
};
