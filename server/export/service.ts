import { createHash } from 'node:crypto';
import { YDOC_KEYS } from '../../shared/collab';
import {
  ERROR_CODES,
  type MeetingRecord,
  type MinutesBlock,
  type Roll,
} from '../../shared/protocol';
import type { UserService } from '../auth/users';
import type { DocStore } from '../collab/docs';
import { AppError } from '../errors';
import { nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import type { RoomRegistry } from '../meetings/rooms';
import type { Db } from '../storage/db';
import type { VoteRepo } from '../voting/repo';
import type { VotingService } from '../voting/service';
import { readAgenda } from '../collab/agenda';
import { minutesFromXmlFragment } from './minutes';
import { buildRecord } from './record';
import { normaliseDeep } from '../../shared/text';
import type { LadderService } from '../ladder/service';
import type { PulseService } from '../pulse/service';
import type { RecordSigner } from '../audit/signing';
import { canonicalJson } from '../audit/chain';
import { minutesDigest } from '../audit/verify';
import type { EventLog } from '../events/log';
import type { Consumer, EventStream } from '../events/stream';

/** The record's consumer name in `event_cursors`. */
export const RECORD_CONSUMER = 'record';

/**
 * The record (纪要) of a closed meeting, and the one writer of `records`. It is a durable
 * consumer of `meeting.closed` (server/meetings/close.ts commits it): it builds the record once,
 * from the DB and the frozen doc, signs and stores it with a `record.signed` event in one
 * transaction. A trigger makes the stored record immutable.
 */
export class RecordService {
  constructor(
    private readonly db: Db,
    private readonly rooms: RoomRegistry,
    private readonly voting: VotingService,
    private readonly votes: VoteRepo,
    private readonly users: UserService,
    private readonly docs: DocStore,
    private readonly events: EventLog,
    private readonly stream: EventStream,
    private readonly ladders: LadderService,
    private readonly signer: RecordSigner,
    private readonly pulses: PulseService,
  ) {}

  /** The consumer to register on the event stream. */
  consumer(): Consumer {
    return {
      name: RECORD_CONSUMER,
      durable: true,
      kinds: ['meeting.closed'],
      handle: async (events) => {
        for (const e of events) await this.build(e.meetingId);
      },
    };
  }

  /**
   * The stored record. Just after the close it may still be in the making: this waits until
   * the record consumer has passed the meeting's `meeting.closed`.
   */
  async stored(room: MeetingRoom): Promise<MeetingRecord> {
    if (room.meeting.phase !== 'closed') {
      throw new AppError(ERROR_CODES.WRONG_PHASE, 'The record exists once the meeting is closed');
    }
    const ready = await this.read(room.id);
    if (ready) return ready;
    const closed = (await this.events.ofKind(room.id, 'meeting.closed')).at(-1);
    if (closed) await this.stream.reached(RECORD_CONSUMER, closed.position);
    const record = await this.read(room.id);
    if (!record) throw new AppError(ERROR_CODES.INTERNAL, 'The record could not be built');
    return record;
  }

  /**
   * What closing answers: the record once its consumer stored it, and then the WAL truncated
   * (the record's own commit included), so nothing of the meeting's votes stays in it.
   */
  async afterClose(room: MeetingRoom): Promise<MeetingRecord> {
    const record = await this.stored(room);
    await this.voting.checkpoint();
    return record;
  }

  /** The minutes as they are now, normalised as the record will carry them. */
  async minutes(meetingId: string): Promise<MinutesBlock[]> {
    const shared = await this.docs.get(meetingId);
    await shared.flushed();
    return normaliseDeep(minutesFromXmlFragment(shared.doc.getXmlFragment(YDOC_KEYS.minutes)));
  }

  /** What the close commits to (`minutes.frozen`): see server/meetings/close.ts. */
  async minutesDigest(meetingId: string): Promise<string> {
    return minutesDigest(await this.minutes(meetingId));
  }

  private async read(meetingId: string): Promise<MeetingRecord | null> {
    const row = await this.db
      .selectFrom('records')
      .select('record_json')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.record_json) as MeetingRecord) : null;
  }

  /** Builds, signs and stores the record once; idempotent (an event may come twice). */
  private async build(meetingId: string): Promise<void> {
    if (await this.read(meetingId)) return;
    const room = await this.rooms.byId(meetingId);
    await room.serial.run(async () => {
      if (await this.read(meetingId)) return;
      const minutes = await this.minutes(meetingId);
      // Closed before migration 012 (the old code froze the minutes while building): now.
      if ((await this.events.ofKind(meetingId, 'minutes.frozen')).length === 0) {
        const data = { digest: minutesDigest(minutes) };
        await this.db
          .transaction()
          .execute((trx) => this.events.append(trx, meetingId, { kind: 'minutes.frozen', data }));
      }
      const record = this.signer.sign(await this.assemble(room, minutes));
      const data = {
        headHash: record.audit!.headHash,
        digest: createHash('sha256').update(canonicalJson(record)).digest('hex'),
        fingerprint: this.signer.info.fingerprint,
      };
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('records')
          .values({
            meeting_id: meetingId,
            record_json: JSON.stringify(record),
            created_at: record.generatedAt,
          })
          .execute();
        await this.events.append(trx, meetingId, { kind: 'record.signed', data });
      });
    });
  }

  private async assemble(room: MeetingRoom, minutes: MinutesBlock[]): Promise<MeetingRecord> {
    const shared = await this.docs.get(room.id);
    const votes = await this.votes.closedVotes(room.id);
    const rolls = new Map<string, Roll>();
    const marks = new Map<string, Awaited<ReturnType<VoteRepo['marks']>>>();
    for (const vote of votes) marks.set(vote.id, await this.votes.marks(vote.id));
    for (const vote of votes) {
      if (!vote.secret) rolls.set(vote.id, await this.voting.roll(room, vote.id));
    }
    const facilitator = await this.users.get(room.meeting.facilitatorId);
    return buildRecord({
      meeting: room.meeting,
      facilitatorName: facilitator?.displayName ?? '',
      agenda: readAgenda(shared.doc),
      votes,
      rolls,
      // 出席 and 列席 are the people who were there, not everyone on the roster.
      participants: room.participantList().filter((p) => p.present),
      minutes,
      generatedAt: nowIso(),
      audit: await this.events.entries(room.id),
      ladders: await this.ladders.all(room.id),
      pulses: await this.pulses.kept(room.id),
      marks,
    });
  }
}
