import { createHash } from 'node:crypto';
import { ERROR_CODES, type BallotReceipt, type Choice } from '../../shared/protocol';
import { isExpectedVoter } from '../meetings/roster-rules';
import { decodePicks } from './options';
import { precedence } from './precedence';
import { AppError } from '../errors';
import type { AuditLog } from '../audit/log';
import { newId, nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import type { ElectronicChannel, OpenVote } from './open-vote';
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

export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/**
 * Writes one group commit of ballots: every ballot id, the open ballots or the secret
 * (voter, anonymous choice) pairs, and one audit entry with counts only — all in one
 * transaction, so an ack is sent only for what is on disk. Memory is updated after commit.
 */
export async function writeBallots(
  repo: VoteRepo,
  audit: AuditLog,
  room: MeetingRoom,
  items: CastRequest[],
): Promise<(BallotReceipt | Error)[]> {
  const open = room.openVote;
  const castAt = nowIso();
  const batch: BallotBatch = {
    ballotIds: [],
    open: [],
    secret: null,
  };
  /** A secret vote's additions in this batch: voters, and choices by token hash. */
  const plan: SecretPlan = { voters: new Map(), choices: new Map() };
  const apply: (() => void)[] = [];
  // Within one batch, the same participant or id may appear twice (two tabs, a resend).
  const seenNow = new Set<string>();
  const votedNow = new Set<string>();
  /** Proxy markers set (holder's name) or cleared (null) by earlier items of this batch. */
  const proxiedNow = new Map<string, string | null>();
  const marks: MarkChange[] = [];

  const results = items.map((item): BallotReceipt | Error => {
    if (!open || open.id !== item.voteId) {
      return new AppError(ERROR_CODES.VOTE_CLOSED, 'The vote closed before this ballot arrived');
    }
    const participant = room.participants.get(item.participantId);
    if (!participant || !isExpectedVoter(participant)) {
      return new AppError(ERROR_CODES.NOT_ELIGIBLE, 'Not eligible to vote');
    }
    const receipt = { voteId: open.id, ...stored(item.choice), ballotId: item.ballotId };
    if (open.seen.has(item.ballotId) || seenNow.has(item.ballotId)) {
      // A resend of a stored ballot (lost ack, offline queue, replay): acknowledge, count nothing.
      // A secret ballot: the choice stored under the phone's own token (it knows it already).
      const current = open.head.secret
        ? (item.secretToken && open.secret.get(tokenHash(item.secretToken))?.choice) || item.choice
        : open.ballots.get(item.participantId)?.choice;
      return { ...receipt, ...stored(current ?? item.choice), storedAt: castAt, replay: true };
    }
    const rule = precedence({
      byProxy: item.via?.kind === 'proxy',
      secret: open.head.secret,
      voted: open.hasVoted(item.participantId) || votedNow.has(item.participantId),
      proxied: proxiedNow.has(item.participantId)
        ? proxiedNow.get(item.participantId) !== null
        : open.proxied.has(item.participantId),
    });
    if (rule === 'own-prevails') {
      return new AppError(
        ERROR_CODES.OWN_VOTE_PREVAILS,
        `${participant.name} has voted in person; their own ballot prevails over the proxy`,
      );
    }
    if (rule === 'secret-proxied') {
      return new AppError(
        ERROR_CODES.PROXY_ALREADY_VOTED,
        'Your proxy holder already cast your secret ballot; it cannot be replaced without revealing it',
      );
    }
    const channel = item.channel ?? participant.attendance;
    if (open.head.secret) {
      const error = planSecret(open, item, channel, plan, apply, votedNow);
      if (error) return error;
    } else {
      batch.open.push({
        vote_id: open.id,
        participant_id: item.participantId,
        choice: item.choice,
        ballot_id: item.ballotId,
        channel,
        cast_at: castAt,
      });
      apply.push(() =>
        open.ballots.set(item.participantId, {
          choice: item.choice,
          channel,
          ballotId: item.ballotId,
          castAt,
        }),
      );
    }
    if (item.via) {
      marks.push({
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
        apply.push(() => open.proxied.set(item.participantId, holder));
      }
    } else if (rule === 'replace-proxy') {
      const holder = proxiedNow.get(item.participantId) ?? open.proxied.get(item.participantId);
      marks.push({ cleared: { participantId: item.participantId, holder: holder ?? '' } });
      proxiedNow.set(item.participantId, null);
      apply.push(() => open.proxied.delete(item.participantId));
    }
    votedNow.add(item.participantId);
    seenNow.add(item.ballotId);
    batch.ballotIds.push(item.ballotId);
    apply.push(() => open.seen.add(item.ballotId));
    return { ...receipt, storedAt: castAt };
  });

  if (open && batch.ballotIds.length > 0) {
    if (open.head.secret) {
      // The whole sets after this batch: stored as one sorted row (secret-set.ts).
      batch.secret = {
        voters: new Map([...open.voters, ...plan.voters]),
        ballots: new Map([
          ...[...open.secret].map(([k, v]) => [k, v.choice] as const),
          ...plan.choices,
        ]),
        ballotIds: new Set([...open.seen, ...batch.ballotIds]),
      };
    }
    await repo.transaction(async (trx) => {
      await repo.writeBatch(trx, batch, open.id);
      await audit.append(trx, room.id, castAt, 'ballots.received', {
        voteId: open.id,
        count: batch.ballotIds.length,
      });
      // In item order: a proxy ballot and the voter's own in one batch end with no marker.
      for (const change of marks) {
        if (change.cleared) {
          const { participantId, holder } = change.cleared;
          await repo.clearMark(trx, open.id, participantId, castAt);
          await audit.append(trx, room.id, castAt, 'ballot.proxyReplaced', {
            voteId: open.id,
            voter: room.participants.get(participantId)?.name ?? '',
            holder,
          });
          continue;
        }
        const { mark } = change;
        await repo.insertMark(trx, mark);
        // Who cast for whom is logged; the choice is not (the ballot may be secret).
        const voter = room.participants.get(mark.participant_id)?.name ?? '';
        await audit.append(trx, room.id, castAt, `ballot.${mark.kind}`, {
          voteId: open.id,
          voter,
          by: mark.by_name,
          witness: mark.witness_name,
        });
      }
    });
    for (const fn of apply) fn();
  }
  return results;
}

/** What a batch adds to a secret vote, before it commits. */
interface SecretPlan {
  voters: Map<string, ElectronicChannel>;
  choices: Map<string, string>;
}

/**
 * A first secret ballot needs a token nobody used; a change must show the token of the
 * voter's own ballot. The server can't tell whose token it is (that is the point): a token
 * of 16+ random characters is the proof, and only someone who already voted may change.
 * Nothing here keeps a channel or a time with a choice.
 */
function planSecret(
  open: OpenVote,
  item: CastRequest,
  channel: ElectronicChannel,
  plan: SecretPlan,
  apply: (() => void)[],
  votedNow: Set<string>,
): AppError | null {
  // Without a token of the voter's own, the server draws one and forgets it: the ballot is
  // stored anonymously but can no longer be changed.
  const key = tokenHash(item.secretToken ?? newId());
  const existing = open.secret.has(key) || plan.choices.has(key);
  const voted = open.voters.has(item.participantId) || votedNow.has(item.participantId);
  if (!voted) {
    if (existing) {
      return new AppError(ERROR_CODES.FORBIDDEN, 'This secret token is already used');
    }
    votedNow.add(item.participantId);
    plan.voters.set(item.participantId, channel);
    plan.choices.set(key, item.choice);
    apply.push(() => {
      open.voters.set(item.participantId, channel);
      open.secret.set(key, { choice: item.choice });
    });
    return null;
  }
  if (!existing) {
    return new AppError(
      ERROR_CODES.ALREADY_VOTED,
      'You have already voted in this secret ballot (from another device)',
    );
  }
  plan.choices.set(key, item.choice);
  apply.push(() => {
    open.secret.set(key, { choice: item.choice });
    open.secretChanges += 1;
  });
  return null;
}
