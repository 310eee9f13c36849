import { randomId } from '../ids';
import type { BallotReceipt, Choice } from '../protocol';

/**
 * The phone's durable memory of its ballot in one vote, in localStorage so that a ballot cast
 * offline survives a reload or a flat battery and is sent when the phone is back:
 * - `pending`: cast, not yet acknowledged; resent with the same ballotId (counted once);
 * - `receipt`: what the server stored, shown to the voter;
 * - `secretToken`: for secret votes, the token whose hash keys the anonymous ballot. Only
 *   this phone knows it; it lets the voter change their mind before close.
 */
export interface BallotMemory {
  /** `options`: the picked option indices of a single/multiple-choice vote. */
  pending: { choice?: Choice; options?: number[]; ballotId: string } | null;
  receipt: BallotReceipt | null;
  secretToken: string;
}

const key = (voteId: string) => `yuanba.ballot.${voteId}`;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // private mode or disabled storage: the ballot still works, just not durably
  }
}

export function loadBallot(voteId: string): BallotMemory {
  const raw = storage()?.getItem(key(voteId));
  if (raw) {
    try {
      return JSON.parse(raw) as BallotMemory;
    } catch {
      // fall through to a fresh memory
    }
  }
  return { pending: null, receipt: null, secretToken: randomId(32) };
}

export function saveBallot(voteId: string, memory: BallotMemory): void {
  try {
    storage()?.setItem(key(voteId), JSON.stringify(memory));
  } catch {
    // quota or disabled storage: memory still holds it for this page's life
  }
}
