import { YDOC_KEYS } from '../../shared/collab';
import {
  ERROR_CODES,
  type CloseMeetingPayload,
  type MeetingRecord,
  type MinutesBlock,
  type Roll,
} from '../../shared/protocol';
import type { UserService } from '../auth/users';
import type { DocStore } from '../collab/docs';
import { AppError } from '../errors';
import { nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import type { MeetingService } from '../meetings/service';
import type { Db } from '../storage/db';
import type { VoteRepo } from '../voting/repo';
import type { VotingService } from '../voting/service';
import { readAgenda } from '../collab/agenda';
import { minutesFromXmlFragment } from './minutes';
import { buildRecord } from './record';
import { normaliseDeep } from '../../shared/text';
import type { AuditLog } from '../audit/log';
import type { LadderService } from '../ladder/service';
import type { PulseService } from '../pulse/service';
import type { RecordSigner } from '../audit/signing';
import { minutesDigest } from '../audit/verify';

/**
 * Closing a meeting and its record: the one writer of `records`. A record is derived once,
 * from the DB and the frozen doc, and never altered (a trigger enforces it).
 */
export class RecordService {
  constructor(
    private readonly db: Db,
    private readonly meetings: MeetingService,
    private readonly voting: VotingService,
    private readonly votes: VoteRepo,
    private readonly users: UserService,
    private readonly docs: DocStore,
    private readonly audit: AuditLog,
    private readonly ladders: LadderService,
    private readonly signer: RecordSigner,
    private readonly pulses: PulseService,
  ) {}

  async closeMeeting(
    room: MeetingRoom,
    { openVote }: CloseMeetingPayload = {},
  ): Promise<MeetingRecord> {
    // From the phase change on, the collab server refuses edits: the doc is frozen. The open
    // vote is checked inside the same serial step, so none can open in between.
    await this.meetings.transition(room, 'close', () => {
      const open = room.openVote;
      if (open && openVote !== 'close') {
        throw new AppError(
          ERROR_CODES.VOTE_STILL_OPEN,
          `The vote "${open.head.proposal}" is still open: close it first, or close the meeting with openVote: "close"`,
        );
      }
    });
    await this.voting.closeOpen(room);
    const record = await this.record(room);
    // Nothing of the meeting's votes stays in the WAL once the meeting is closed.
    await this.voting.checkpoint();
    return record;
  }

  /** The stored record; rebuilt from the same sources if a crash hit between close and store. */
  async record(room: MeetingRoom): Promise<MeetingRecord> {
    if (room.meeting.phase !== 'closed') {
      throw new AppError(ERROR_CODES.WRONG_PHASE, 'The record exists once the meeting is closed');
    }
    const stored = await this.db
      .selectFrom('records')
      .select('record_json')
      .where('meeting_id', '=', room.id)
      .executeTakeFirst();
    if (stored) return JSON.parse(stored.record_json) as MeetingRecord;

    const shared = await this.docs.get(room.id);
    await shared.flushed();
    const votes = await this.votes.closedVotes(room.id);
    const rolls = new Map<string, Roll>();
    const marks = new Map<string, Awaited<ReturnType<VoteRepo['marks']>>>();
    for (const vote of votes) marks.set(vote.id, await this.votes.marks(vote.id));
    for (const vote of votes) {
      if (!vote.secret) rolls.set(vote.id, await this.voting.roll(room, vote.id));
    }
    const facilitator = await this.users.get(room.meeting.facilitatorId);
    // Normalised before the chain commits to them, as the record will carry them.
    const minutes = normaliseDeep(
      minutesFromXmlFragment(shared.doc.getXmlFragment(YDOC_KEYS.minutes)),
    );
    await this.logFrozenMinutes(room, minutes);
    const record = buildRecord({
      meeting: room.meeting,
      facilitatorName: facilitator?.displayName ?? '',
      agenda: readAgenda(shared.doc),
      votes,
      rolls,
      // 出席 and 列席 are the people who were there, not everyone on the roster.
      participants: room.participantList().filter((p) => p.present),
      minutes,
      generatedAt: nowIso(),
      audit: await this.audit.entries(room.id),
      ladders: await this.ladders.all(room.id),
      pulses: await this.pulses.kept(room.id),
      marks,
    });
    await this.db
      .insertInto('records')
      .values({
        meeting_id: room.id,
        record_json: JSON.stringify(this.signer.sign(record)),
        created_at: record.generatedAt,
      })
      .onConflict((oc) => oc.column('meeting_id').doNothing())
      .execute();
    // Re-read: if two requests raced, both answer with the one record that was stored.
    return this.record(room);
  }

  /**
   * The chain commits to the minutes as frozen at close, so the signed record's minutes can be
   * checked against it. Logged once (the serial section makes a racing second build see it).
   */
  private logFrozenMinutes(room: MeetingRoom, minutes: MinutesBlock[]): Promise<void> {
    return room.serial.run(async () => {
      const entries = await this.audit.entries(room.id);
      if (entries.some((e) => e.kind === 'minutes.frozen')) return;
      await this.db.transaction().execute((trx) =>
        this.audit.append(trx, room.id, nowIso(), 'minutes.frozen', {
          digest: minutesDigest(minutes),
        }),
      );
    });
  }
}
