import {
  canVote,
  ERROR_CODES,
  type AssistRequest,
  type BallotReceipt,
  type Choice,
} from '../../shared/protocol';
import type { EventLog } from '../events/log';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRoom } from '../meetings/room';
import type { Db } from '../storage/db';
import { PendingAssists, visible, type PendingAssist } from './assist-store';
import { ballotChoice, describePick } from './options';
import type { VotingService } from './service';

/**
 * Ballots cast by someone else for a voter, both marked as such in the log and the record:
 * - assisted (代为表决): staff record the choice (同意/反对/弃权, or options) of a villager
 *   without a phone; it is stored only when a witness (another participant, on their own
 *   phone) confirms it. Pending requests survive a restart (assist-store.ts).
 * - proxy (委托表决): a holder casts for a grantor who mandated them (registered by staff).
 */
export class DelegatedVoting {
  private readonly pending: PendingAssists;
  private readonly mandates = new WeakMap<MeetingRoom, Map<string, string>>();

  constructor(
    private readonly db: Db,
    private readonly voting: VotingService,
    private readonly events: EventLog,
    private readonly bus: MeetingBus,
  ) {
    this.pending = new PendingAssists(db);
  }

  async assist(
    room: MeetingRoom,
    input: {
      voteId: string;
      voterId: string;
      witnessId: string;
      choice?: Choice | undefined;
      options?: number[] | undefined;
    },
    by: string,
  ): Promise<AssistRequest> {
    const open = await this.voting.requireOpen(room, input.voteId);
    // Checked now, exactly like the voter's own ballot (and again on cast), so the witness
    // never confirms a choice the vote would refuse.
    const stored = ballotChoice(open.spec, input.options ?? input.choice);
    const voter = room.participants.get(input.voterId);
    const witness = room.participants.get(input.witnessId);
    if (!voter || !witness) throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such person');
    if (!canVote(voter.role)) throw new AppError(ERROR_CODES.NOT_ELIGIBLE, 'Not eligible to vote');
    if (voter.id === witness.id) {
      throw new AppError(ERROR_CODES.SAME_TELLER, 'The witness must be someone else');
    }
    if (open.hasVoted(voter.id)) {
      throw new AppError(ERROR_CODES.ALREADY_VOTED, `${voter.name} has already voted`);
    }
    const request: PendingAssist = {
      requestId: newId(),
      voteId: open.id,
      voterName: voter.name,
      ...describePick(open.spec, stored),
      proposal: open.head.proposal,
      voterId: voter.id,
      witnessId: witness.id,
      by,
    };
    await this.pending.add(room, request, stored, open.head.secret);
    this.bus.emit('assistRequested', witness.id, visible(request));
    return visible(request);
  }

  /** Requests waiting for this participant to witness (a reloaded phone asks again). */
  pendingFor(room: MeetingRoom, witnessId: string): Promise<AssistRequest[]> {
    return this.pending.forWitness(room, witnessId);
  }

  async witness(
    room: MeetingRoom,
    voteId: string,
    requestId: string,
    witnessId: string,
  ): Promise<BallotReceipt> {
    const request = await this.pending.get(room, requestId);
    if (!request || request.voteId !== voteId || request.witnessId !== witnessId) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'No such request for you to witness');
    }
    const witness = room.participants.get(witnessId)!;
    // The request id is the ballot id: a repeated confirmation counts once.
    const receipt = await this.voting.cast(
      room,
      request.voterId,
      voteId,
      request.options ?? request.choice,
      request.requestId,
      undefined,
      { via: { kind: 'assisted', by: request.by, witness: witness.name } },
    );
    // After the ballot is stored: a crash in between leaves a request whose confirmation
    // is a replay of the same ballot id.
    await this.pending.remove(room, requestId);
    return receipt;
  }

  async mandate(room: MeetingRoom, holderId: string, grantorId: string) {
    const holder = room.participants.get(holderId);
    const grantor = room.participants.get(grantorId);
    if (!holder || !grantor)
      throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such person');
    if (holder.id === grantor.id || !canVote(grantor.role)) {
      throw new AppError(ERROR_CODES.NOT_ELIGIBLE, 'This mandate is not allowed');
    }
    const mandates = await this.mandatesOf(room);
    if (mandates.has(grantor.id)) {
      throw new AppError(ERROR_CODES.CONFLICT, `${grantor.name} has already given a mandate`);
    }
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('mandates')
        .values({
          meeting_id: room.id,
          grantor_id: grantor.id,
          holder_id: holder.id,
          created_at: at,
        })
        .execute();
      const data = { grantor: grantor.name, holder: holder.name, holderId: holder.id };
      await this.events.append(trx, room.id, { kind: 'mandate.registered', data }, at);
    });
    mandates.set(grantor.id, holder.id);
    return { grantorId: grantor.id, holderId: holder.id };
  }

  async proxyCast(
    room: MeetingRoom,
    holderId: string,
    input: {
      voteId: string;
      grantorId: string;
      choice?: Choice | undefined;
      options?: number[] | undefined;
      ballotId?: string;
      secretToken?: string;
    },
  ): Promise<BallotReceipt> {
    if ((await this.mandatesOf(room)).get(input.grantorId) !== holderId) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'You hold no mandate from this person');
    }
    const holder = room.participants.get(holderId)!;
    return this.voting.cast(
      room,
      input.grantorId,
      input.voteId,
      input.options ?? input.choice,
      input.ballotId,
      input.secretToken,
      { via: { kind: 'proxy', by: holder.name }, channel: holder.attendance },
    );
  }

  /** Grantors whose mandate this participant holds. */
  async grantorsOf(room: MeetingRoom, holderId: string): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    for (const [grantorId, holder] of await this.mandatesOf(room)) {
      const grantor = room.participants.get(grantorId);
      if (holder === holderId && grantor) out.push({ id: grantor.id, name: grantor.name });
    }
    return out;
  }

  private async mandatesOf(room: MeetingRoom): Promise<Map<string, string>> {
    let map = this.mandates.get(room);
    if (!map) {
      const rows = await this.db
        .selectFrom('mandates')
        .select(['grantor_id', 'holder_id'])
        .where('meeting_id', '=', room.id)
        .execute();
      map = new Map(rows.map((r) => [r.grantor_id, r.holder_id]));
      this.mandates.set(room, map);
    }
    return map;
  }
}
