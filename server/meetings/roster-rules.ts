import { canVote, ERROR_CODES, type Participant } from '../../shared/protocol';
import { AppError } from '../errors';

type Entry = Pick<Participant, 'role' | 'kind' | 'onLeave' | 'present'>;

/** 应到 voters: roster entries (never guests) with a voting role, minus those on leave (请假). */
export function isExpectedVoter(p: Entry): boolean {
  return p.kind === 'roster' && !p.onLeave && canVote(p.role);
}

export function expectedVoters(entries: Iterable<Entry>): number {
  let n = 0;
  for (const p of entries) if (isExpectedVoter(p)) n += 1;
  return n;
}

/**
 * People who may raise a hand in the hall: expected voters who are here (实到). `hallCap`
 * then keeps those in the room who did not vote electronically.
 */
export function* presentVoters<T extends Entry>(entries: Iterable<T>): Iterable<T> {
  for (const p of entries) if (isExpectedVoter(p) && p.present) yield p;
}

/** 应到 / 实到 / 请假 for screens and the console. */
export function rosterCounts(entries: Iterable<Entry>): {
  expected: number;
  present: number;
  onLeave: number;
  guests: number;
} {
  const out = { expected: 0, present: 0, onLeave: 0, guests: 0 };
  for (const p of entries) {
    if (p.kind === 'guest') {
      out.guests += 1;
      continue;
    }
    if (p.onLeave) out.onLeave += 1;
    else out.expected += 1;
    if (p.present && !p.onLeave) out.present += 1;
  }
  return out;
}

/**
 * What a roster edit may do. While a vote is open nobody is removed or put on (or taken off)
 * leave: 应到 must not move under a vote by an edit (a newcomer admitted or added still may,
 * which grows 应到 by one and is visible to all). An entry with a phone bound to it stays: its
 * ballots and log entries name it; put it on leave or revoke its link instead.
 */
export function checkRosterEdit(
  before: Pick<Participant, 'onLeave' | 'linked'>,
  change: { remove?: boolean; onLeave?: boolean },
  voteOpen: boolean,
): void {
  if (change.remove) {
    if (voteOpen) throw new AppError(ERROR_CODES.ROSTER_LOCKED, 'A vote is open');
    if (before.linked) {
      throw new AppError(ERROR_CODES.ROSTER_LOCKED, 'A phone joined as this person');
    }
  }
  if (change.onLeave !== undefined && change.onLeave !== before.onLeave && voteOpen) {
    throw new AppError(ERROR_CODES.ROSTER_LOCKED, 'A vote is open');
  }
}
