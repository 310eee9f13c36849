import type { ClientErrorCode } from './api';
import type { Choice } from './protocol';

/** What the phone's ballot store holds (see state/ballot.svelte.ts). */
export interface BallotState {
  choice: Choice | null;
  picks: number[] | null;
  pending: Choice | null;
  pendingPicks: number[] | null;
  queued: boolean;
  error: ClientErrorCode | null;
  receipt: { storedAt: string; ballotId: string } | null;
}

/** A ballot as the server holds it: a Choice, or option indices. */
export type Held = { choice: Choice } | { picks: number[] };

/**
 * What the phone says about its ballot, always what the server holds for it:
 * - `queued`: the (new) choice is saved on the phone and goes out when the connection is back;
 * - `sending`: on its way, no answer yet;
 * - `refused`: the server said no (`code`); `held` is what still counts, if anything;
 * - `counted`: the server stored `held` (a receipt, or what `vote:mine` says);
 * - `none`: nothing cast yet.
 */
export type BallotView =
  | { kind: 'queued' | 'sending'; next: Held }
  | { kind: 'refused'; code: ClientErrorCode; held: Held | null }
  | { kind: 'counted'; held: Held; receipt: BallotState['receipt'] }
  | { kind: 'none' };

const heldOf = (s: BallotState): Held | null =>
  s.choice ? { choice: s.choice } : s.picks?.length ? { picks: s.picks } : null;

export function ballotView(s: BallotState): BallotView {
  const next: Held | null = s.pending
    ? { choice: s.pending }
    : s.pendingPicks
      ? { picks: s.pendingPicks }
      : null;
  if (next) return { kind: s.queued ? 'queued' : 'sending', next };
  const held = heldOf(s);
  if (s.error) return { kind: 'refused', code: s.error, held };
  return held ? { kind: 'counted', held, receipt: s.receipt } : { kind: 'none' };
}

/** The choice the buttons mark: the one on its way if any (never the replaced one), else the held. */
export const shownChoice = (s: BallotState): Choice | null => s.pending ?? s.choice;
