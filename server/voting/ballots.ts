import { ERROR_CODES, type BallotReceipt, type Choice } from '../../shared/protocol';
import { isExpectedVoter } from '../meetings/roster-rules';
import { decodePicks } from './options';
import { precedence } from './precedence';
import { AppError } from '../errors';
import type { EventLog } from '../events/log';
import type { Db } from '../storage/db';
import { nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import type { ElectronicChannel, OpenVote } from './open-vote';
import { planSecret, tokenHash, type SecretPlan } from './ballot-secret';
import type { BallotBatch, VoteRepo } from './repo';
import type { Database } from '../storage/schema';

export interface CastRequest {
  participantId: string;
  voteId: string;
  /** Checked against the vote already: a Choice, or encoded option picks. */
  choice: string;
  ballotId: string;
  secretToken?: string;
  /** Cast by someone else for the voter: assisted (with a witness) or by proxy. */
  via?: { kind: 'assisted' | 'proxy'; by: string; witness?: string };
  /** The device's channel when it isn't the voter's own (a proxy holder's phone). */
  channel?: 'room' | 'remote';
}

/** A marker written for an assisted or proxy ballot, or a proxy marker the voter's own cleared. */
type MarkChange =
  | { mark: Database['ballot_marks']; cleared?: undefined }
  | { cleared: { participantId: string; holder: string } };

/** What the receipt says was stored: the Choice, or the option indices. */
const stored = (choice: string): Pick<BallotReceipt, 'choice' | 'options'> =>
  choice.startsWith('o:') ? { options: decodePicks(choice) } : { choice: choice as Choice };

/** One group commit in the making: what it writes, and what memory learns after the commit. */
interface BatchState {
  open: OpenVote;
  room: MeetingRoom;
  castAt: string;
  batch: BallotBatch;
  /** A secret vote's additions in this batch: voters, and choices by token hash. */
  plan: SecretPlan;
  apply: (() => void)[];
  // Within one batch, the same participant or id may appear twice (two tabs, a resend).
  seenNow: Set<string>;
  votedNow: Set<string>;
  /** Proxy markers set (holder's name) or cleared (null) by earlier items of this batch. */
  proxiedNow: Map<string, string | null>;
  marks: MarkChange[];
}

/**
 * Writes one group commit of ballots: every ballot id, the open ballots or the secret
 * (voter, anonymous choice) pairs, and one `ballots.received` event with counts only — all in
 * one transaction, so an ack is sent only for what is on disk. Memory is updated after commit.
 */
export async function writeBallots(
  repo: VoteRepo,
  events: EventLog,
  room: MeetingRoom,
  items: CastRequest[],
): Promise<(BallotReceipt | Error)[]> {
  const open = room.openVote;
  const castAt = nowIso();
  if (!open) return items.map(() => voteClosed());
  const state: BatchState = {
    open,
    room,
    castAt,
    batch: { ballotIds: [], open: [], secret: null },
    plan: { voters: new Map(), choices: new Map() },
    apply: [],
    seenNow: new Set(),
    votedNow: new Set(),
    proxiedNow: new Map(),
    marks: [],
  };
  const results = items.map((item) => planBallot(state, item));
  if (state.batch.ballotIds.length > 0) {
    if (open.head.secret) state.batch.secret = wholeSecretSets(state);
    await repo.transaction((trx) => commitBatch(repo, events, trx, state));
    for (const fn of state.apply) fn();
  }
  return results;
}

const voteClosed = () =>
  new AppError(ERROR_CODES.VOTE_CLOSED, 'The vote closed before this ballot arrived');

/** One item of the batch: refused, acknowledged as a replay, or staged for the commit. */
function planBallot(state: BatchState, item: CastRequest): BallotReceipt | Error {
  const { open, room, castAt } = state;
  if (open.id !== item.voteId) return voteClosed();
  const participant = room.participants.get(item.participantId);
  if (!participant || !isExpectedVoter(participant)) {
    return new AppError(ERROR_CODES.NOT_ELIGIBLE, 'Not eligible to vote');
  }
  const receipt = { voteId: open.id, ...stored(item.choice), ballotId: item.ballotId };
  if (open.seen.has(item.ballotId) || state.seenNow.has(item.ballotId)) {
    return { ...receipt, ...stored(replayedChoice(open, item)), storedAt: castAt, replay: true };
  }
  const rule = precedenceOf(state, item);
  const refusal = precedenceRefusal(rule, participant.name);
  if (refusal) return refusal;
  const channel = item.channel ?? participant.attendance;
  if (open.head.secret) {
    const error = planSecret(open, item, channel, state.plan, state.apply, state.votedNow);
    if (error) return error;
  } else {
    stageOpenBallot(state, item, channel);
  }
  stageMark(state, item, rule);
  state.votedNow.add(item.participantId);
  state.seenNow.add(item.ballotId);
  state.batch.ballotIds.push(item.ballotId);
  state.apply.push(() => open.seen.add(item.ballotId));
  return { ...receipt, storedAt: castAt };
}

/**
 * A resend of a stored ballot (lost ack, offline queue, replay): acknowledged, nothing counted.
 * A secret ballot: the choice stored under the phone's own token (it knows it already).
 */
function replayedChoice(open: OpenVote, item: CastRequest): string {
  const current = open.head.secret
    ? (item.secretToken && open.secret.get(tokenHash(item.secretToken))?.choice) || item.choice
    : open.ballots.get(item.participantId)?.choice;
  return current ?? item.choice;
}

function precedenceOf(state: BatchState, item: CastRequest) {
  const { open, votedNow, proxiedNow } = state;
  return precedence({
    byProxy: item.via?.kind === 'proxy',
    secret: open.head.secret,
    voted: open.hasVoted(item.participantId) || votedNow.has(item.participantId),
    proxied: proxiedNow.has(item.participantId)
      ? proxiedNow.get(item.participantId) !== null
      : open.proxied.has(item.participantId),
  });
}

function precedenceRefusal(rule: ReturnType<typeof precedence>, name: string): AppError | null {
  if (rule === 'own-prevails') {
    return new AppError(
      ERROR_CODES.OWN_VOTE_PREVAILS,
      `${name} has voted in person; their own ballot prevails over the proxy`,
    );
  }
  if (rule === 'secret-proxied') {
    return new AppError(
      ERROR_CODES.PROXY_ALREADY_VOTED,
      'Your proxy holder already cast your secret ballot; it cannot be replaced without revealing it',
    );
  }
  return null;
}

function stageOpenBallot(state: BatchState, item: CastRequest, channel: ElectronicChannel): void {
  const { open, castAt } = state;
  state.batch.open.push({
    vote_id: open.id,
    participant_id: item.participantId,
    choice: item.choice,
    ballot_id: item.ballotId,
    channel,
    cast_at: castAt,
  });
  state.apply.push(() =>
    open.ballots.set(item.participantId, {
      choice: item.choice,
      channel,
      ballotId: item.ballotId,
      castAt,
    }),
  );
}

/** An assisted or proxy ballot leaves a marker; the voter's own ballot clears a proxy's. */
function stageMark(
  state: BatchState,
  item: CastRequest,
  rule: ReturnType<typeof precedence>,
): void {
  const { open, proxiedNow } = state;
  if (item.via) {
    state.marks.push({
      mark: {
        vote_id: open.id,
        participant_id: item.participantId,
        kind: item.via.kind,
        by_name: item.via.by,
        witness_name: item.via.witness ?? null,
      },
    });
    if (item.via.kind === 'proxy') {
      const holder = item.via.by;
      proxiedNow.set(item.participantId, holder);
      state.apply.push(() => open.proxied.set(item.participantId, holder));
    }
  } else if (rule === 'replace-proxy') {
    const holder = proxiedNow.get(item.participantId) ?? open.proxied.get(item.participantId);
    state.marks.push({ cleared: { participantId: item.participantId, holder: holder ?? '' } });
    proxiedNow.set(item.participantId, null);
    state.apply.push(() => open.proxied.delete(item.participantId));
  }
}

/** The whole sets after this batch: stored as one sorted row (secret-set.ts). */
function wholeSecretSets({ open, plan, batch }: BatchState): BallotBatch['secret'] {
  return {
    voters: new Map([...open.voters, ...plan.voters]),
    ballots: new Map([
      ...[...open.secret].map(([k, v]) => [k, v.choice] as const),
      ...plan.choices,
    ]),
    ballotIds: new Set([...open.seen, ...batch.ballotIds]),
  };
}

async function commitBatch(
  repo: VoteRepo,
  events: EventLog,
  trx: Db,
  state: BatchState,
): Promise<void> {
  const { open, room, castAt, batch } = state;
  await repo.writeBatch(trx, batch, open.id);
  const count = batch.ballotIds.length;
  await events.append(
    trx,
    room.id,
    { kind: 'ballots.received', data: { voteId: open.id, count } },
    castAt,
  );
  // In item order: a proxy ballot and the voter's own in one batch end with no marker.
  for (const change of state.marks) await writeMark(repo, events, trx, state, change);
}

/** Who cast for whom is logged; the choice is not (the ballot may be secret). */
async function writeMark(
  repo: VoteRepo,
  events: EventLog,
  trx: Db,
  { open, room, castAt }: BatchState,
  change: MarkChange,
): Promise<void> {
  const nameOf = (id: string) => room.participants.get(id)?.name ?? '';
  if (change.cleared) {
    const { participantId, holder } = change.cleared;
    await repo.clearMark(trx, open.id, participantId, castAt);
    const data = { voteId: open.id, voter: nameOf(participantId), holder };
    await events.append(trx, room.id, { kind: 'ballot.proxyReplaced', data }, castAt);
    return;
  }
  const { mark } = change;
  await repo.insertMark(trx, mark);
  const data = {
    voteId: open.id,
    voter: nameOf(mark.participant_id),
    by: mark.by_name,
    witness: mark.witness_name,
  };
  const kind = mark.kind === 'proxy' ? 'ballot.proxy' : 'ballot.assisted';
  await events.append(trx, room.id, { kind, data }, castAt);
}
