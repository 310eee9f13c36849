import type { BallotReceipt, Choice } from '../../shared/protocol';
import type { Db } from '../storage/db';
import { decodePicks } from './options';
import { decodeSecretSet, type SecretSet } from './secret-set';
import { tokenHash } from './ballot-secret';

/** What a resent ballot asks about: its id, who sent it, and what it carried. */
export interface ReplayQuery {
  voteId: string;
  participantId: string;
  ballotId: string;
  secretToken?: string;
  /** The pick as sent (a Choice or option indices), echoed for a secret ballot. */
  pick: Choice | readonly number[] | undefined;
}

/** What the receipt says was stored: the Choice, or the option indices. */
export const storedPick = (choice: string): Pick<BallotReceipt, 'choice' | 'options'> =>
  choice.startsWith('o:') ? { options: decodePicks(choice) } : { choice: choice as Choice };

const sentPick = (pick: ReplayQuery['pick']): Pick<BallotReceipt, 'choice' | 'options'> =>
  Array.isArray(pick)
    ? { options: [...(pick as readonly number[])].sort((a, b) => a - b) }
    : { choice: pick as Choice };

/**
 * A secret vote's stored sets, asked whether this phone's ballot id is in them. The answer
 * says no more than the phone knows: that its ballot counted, and the choice stored under its
 * own token (or, without a token, the choice it sent). Who else voted what stays out.
 */
export function secretReplay(set: SecretSet, q: ReplayQuery): BallotReceipt | null {
  if (!set.ballotIds.has(q.ballotId) || !set.voters.has(q.participantId)) return null;
  const underToken = q.secretToken ? set.ballots.get(tokenHash(q.secretToken)) : undefined;
  return {
    voteId: q.voteId,
    ...(underToken ? storedPick(underToken) : sentPick(q.pick)),
    ballotId: q.ballotId,
    storedAt: new Date().toISOString(),
    replay: true,
  };
}

/**
 * After a vote closed: was this ballot id stored for it? Then the receipt of what is stored
 * (`replay: true`), so a phone whose ack was lost hears "counted", never "closed". Read from
 * the tables only on the VOTE_CLOSED path; null means the id was never stored.
 */
export async function replayAfterClose(
  db: Db,
  secret: boolean,
  q: ReplayQuery,
): Promise<BallotReceipt | null> {
  if (secret) {
    const row = await db
      .selectFrom('secret_sets')
      .select(['voters', 'ballots', 'ballot_ids'])
      .where('vote_id', '=', q.voteId)
      .executeTakeFirst();
    return row ? secretReplay(decodeSecretSet(row), q) : null;
  }
  const known = await db
    .selectFrom('ballot_ids')
    .select('ballot_id')
    .where('vote_id', '=', q.voteId)
    .where('ballot_id', '=', q.ballotId)
    .executeTakeFirst();
  if (!known) return null;
  // The participant's ballot as it stands (a later change of theirs replaced this id's).
  const mine = await db
    .selectFrom('ballots')
    .select(['choice', 'cast_at'])
    .where('vote_id', '=', q.voteId)
    .where('participant_id', '=', q.participantId)
    .executeTakeFirst();
  if (!mine) return null;
  return {
    voteId: q.voteId,
    ...storedPick(mine.choice),
    ballotId: q.ballotId,
    storedAt: mine.cast_at,
    replay: true,
  };
}
