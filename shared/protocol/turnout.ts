import type { Channel, HiddenTally, Tally, VoteRule } from './voting';

const NONE: Readonly<Record<Channel, number>> = { room: 0, remote: 0, hall: 0 };

/**
 * The numbers of a vote every surface shows (hall screen, console, phone, record), computed
 * once on the server and sent on every vote, open, hidden or closed. Nobody re-computes them.
 */
export interface Turnout {
  /**
   * 应投: voters on the roster with a voting role, not on leave (请假), never guests. People in
   * the hall without a phone are on the roster, so their hands are part of it, not on top.
   */
  eligible: number;
  /** 已投: people who voted, all channels (the hall once a second teller confirmed its count). */
  voted: number;
  /** People who voted per channel: a multiple-choice ballot is one person, not its marks. */
  voters: Record<Channel, number>;
  /** Present when the vote asked for a quorum: its share of `eligible`, people needed, met. */
  quorum?: { share: number; required: number; met: boolean };
  /**
   * Approval votes under a majority rule: 同意 needed out of the `voted` ballots (abstentions
   * count as cast). Absent for consensus and option votes.
   */
  majority?: { needed: number; of: number };
}

/**
 * People who voted per channel, from a full tally or a hidden one (which carries only this).
 * Option votes count people, not marks; the hall counts once its entry is confirmed.
 * Zod-free, so phones can import it.
 */
export function votersByChannel(tally: Tally | HiddenTally): Record<Channel, number> {
  if (tally.hidden) return { ...tally.voters };
  if (tally.secret) return { ...tally.secret.voters };
  if (tally.options) return { ...tally.options.voters };
  const out = { ...NONE };
  for (const channel of Object.keys(out) as Channel[]) {
    const c = tally.byChannel[channel];
    out[channel] = c.agree + c.oppose + c.abstain;
  }
  return out;
}

/** 同意 votes a rule needs out of `cast` ballots (null: consensus, decided by no 反对). */
export function agreeNeeded(rule: VoteRule, cast: number): number | null {
  switch (rule) {
    case 'simple_majority':
      return Math.floor(cast / 2) + 1;
    case 'two_thirds':
      return Math.ceil((cast * 2) / 3);
    case 'consensus':
      return null;
  }
}

/**
 * The turnout of a vote from the server's full tally (the only place it is derived). `share`
 * is the vote's quorum share (0 = none); the tally's own `quorum` is what decided it.
 */
export function turnoutOf(
  tally: Tally,
  vote: { rule: VoteRule; quorum?: number | undefined; options?: unknown },
): Turnout {
  const voters = votersByChannel(tally);
  const voted = voters.room + voters.remote + voters.hall;
  const out: Turnout = { eligible: tally.eligible, voted, voters };
  if (tally.quorum) out.quorum = { share: vote.quorum ?? 0, ...tally.quorum };
  const needed = tally.options || vote.options ? null : agreeNeeded(vote.rule, voted);
  if (needed !== null) out.majority = { needed: Math.max(needed, 1), of: voted };
  return out;
}
