import {
  votersByChannel,
  type HiddenTally,
  type RoomState,
  type Tally,
  type TalliedVote,
  type Vote,
} from './protocol';

/**
 * Who receives a vote: staff (the facilitator's and recorder's consoles, the socket channel
 * `staff`) see every count; everyone else (phones, remote browsers, the hall screen) is the
 * public.
 */
export type Audience = 'staff' | 'public';

/** The room's state before redaction: the vote with its full tally. */
export type FullRoomState = Omit<RoomState, 'vote'> & { vote: TalliedVote | null };

export function hiddenTally(tally: Tally): HiddenTally {
  return {
    hidden: true,
    cast: tally.cast,
    eligible: tally.eligible,
    ...(tally.quorum ? { quorum: { ...tally.quorum } } : {}),
    voters: votersByChannel(tally),
  };
}

/**
 * The one place where "results hidden until close" is enforced: every vote leaving the server
 * for someone who is not staff goes through here. While a vote with `hideResults`, or a secret
 * vote, is open the
 * counts per choice, option and channel, and a pending hall entry (counts too), are replaced
 * by turnout; after close everyone gets the result. Returns the same object when nothing is
 * withheld, so callers can tell whether the audiences need different messages.
 */
export function redactVote(vote: TalliedVote, audience: Audience): Vote {
  // An open secret vote hides its counts from the public too: each live update would be the
  // group of ballots since the last one, often a single person (see secret-tally.ts).
  const hide = vote.hideResults || vote.secret;
  if (audience === 'staff' || vote.status !== 'open' || !hide) return vote;
  return { ...vote, tally: hiddenTally(vote.tally), hallPending: null };
}

export function redactRoomState(state: FullRoomState, audience: Audience): RoomState {
  if (!state.vote) return state;
  const vote = redactVote(state.vote, audience);
  return vote === state.vote ? state : { ...state, vote };
}
