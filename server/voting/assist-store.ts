import type { AssistRequest } from '../../shared/protocol';
import { nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import type { Db } from '../storage/db';
import { describePick } from './options';

/** An assisted vote waiting for its witness, with what only the server needs to know. */
export interface PendingAssist extends AssistRequest {
  voterId: string;
  witnessId: string;
  by: string;
}

/** What the witness's phone is shown: no ids of the voter or witness, no staff name. */
export const visible = ({ voterId: _v, witnessId: _w, by: _b, ...rest }: PendingAssist) =>
  rest as AssistRequest;

/**
 * Pending assisted votes, per meeting: in memory, and in `assist_requests` so a restart
 * doesn't lose them (migration 006). A request of a secret ballot stays in memory only —
 * stored, it would put the voter's choice next to their id on disk — so after a restart the
 * facilitator asks again; nothing half-done is ever counted either way.
 */
export class PendingAssists {
  private readonly byRoom = new WeakMap<MeetingRoom, Promise<Map<string, PendingAssist>>>();

  constructor(private readonly db: Db) {}

  /** Committed before the facilitator's ack, like everything else about a vote. */
  async add(
    room: MeetingRoom,
    request: PendingAssist,
    /** The checked ballot (see ballotChoice). */
    stored: string,
    secret: boolean,
  ): Promise<void> {
    const map = await this.of(room);
    if (!secret) {
      await this.db
        .insertInto('assist_requests')
        .values({
          request_id: request.requestId,
          meeting_id: room.id,
          vote_id: request.voteId,
          voter_id: request.voterId,
          witness_id: request.witnessId,
          choice: stored,
          by_name: request.by,
          requested_at: nowIso(),
        })
        .execute();
    }
    map.set(request.requestId, request);
  }

  async get(room: MeetingRoom, requestId: string): Promise<PendingAssist | undefined> {
    return (await this.of(room)).get(requestId);
  }

  async remove(room: MeetingRoom, requestId: string): Promise<void> {
    await this.db.deleteFrom('assist_requests').where('request_id', '=', requestId).execute();
    (await this.of(room)).delete(requestId);
  }

  /** Requests still waiting for this witness in the open vote (a reloaded phone asks). */
  async forWitness(room: MeetingRoom, witnessId: string): Promise<AssistRequest[]> {
    const out: AssistRequest[] = [];
    for (const request of (await this.of(room)).values()) {
      if (request.witnessId === witnessId && request.voteId === room.openVote?.id) {
        out.push(visible(request));
      }
    }
    return out;
  }

  private of(room: MeetingRoom): Promise<Map<string, PendingAssist>> {
    let loaded = this.byRoom.get(room);
    if (!loaded) {
      loaded = this.load(room);
      this.byRoom.set(room, loaded);
    }
    return loaded;
  }

  /** After a restart: the requests of the open vote; those of closed votes are dropped. */
  private async load(room: MeetingRoom): Promise<Map<string, PendingAssist>> {
    const open = room.openVote;
    let stale = this.db.deleteFrom('assist_requests').where('meeting_id', '=', room.id);
    if (open) stale = stale.where('vote_id', '<>', open.id);
    await stale.execute();
    const map = new Map<string, PendingAssist>();
    if (!open) return map;
    const rows = await this.db
      .selectFrom('assist_requests')
      .selectAll()
      .where('vote_id', '=', open.id)
      .orderBy('requested_at')
      .execute();
    for (const row of rows) {
      const voter = room.participants.get(row.voter_id);
      if (!voter || !room.participants.has(row.witness_id)) continue;
      map.set(row.request_id, {
        requestId: row.request_id,
        voteId: row.vote_id,
        voterName: voter.name,
        ...describePick(open.spec, row.choice),
        proposal: open.head.proposal,
        voterId: row.voter_id,
        witnessId: row.witness_id,
        by: row.by_name,
      });
    }
    return map;
  }
}
