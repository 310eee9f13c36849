import { createHash } from 'node:crypto';
import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { newId } from '../ids';
import type { CastRequest } from './ballots';
import type { ElectronicChannel, OpenVote } from './open-vote';

export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** What a batch adds to a secret vote, before it commits. */
export interface SecretPlan {
  voters: Map<string, ElectronicChannel>;
  choices: Map<string, string>;
}

/**
 * A first secret ballot needs a token nobody used; a change must show the token of the
 * voter's own ballot. The server can't tell whose token it is (that is the point): a token
 * of 16+ random characters is the proof, and only someone who already voted may change.
 * Nothing here keeps a channel or a time with a choice.
 */
export function planSecret(
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
