import type { Channel, Counts, SecretTurnout, Tally } from '../../shared/protocol';
import { emptyCounts } from './rules';
import type { ElectronicChannel } from './open-vote';

/**
 * The minimum group size for a secret tally (issue 9, finding 3). A secret vote's result is
 * published only as combined per-option totals: counts per channel (现场 / 线上 / 举手) per
 * option are never computed from the anonymous ballots (they carry no channel). Turnout by
 * channel — who voted, not how — stays.
 *
 * Combined totals still reveal a group when the rest of the sum is known: the hall's hands
 * are counted in public by tellers, so totals − hall = the electronic ballots' choices. When
 * fewer than SECRET_MIN_GROUP people voted electronically next to a hall count (one remote
 * member and a show of hands, say), those few choices can be worked out. Nothing can merge
 * them away — the hall count is public and the totals must be — so the tally says so
 * (`smallGroup`): the console warns before close, the screens and the record carry a note.
 * Live counts are the same problem in time: every update is the group of ballots since the
 * last one, often one person, and turnout by channel says which channel it came from. So
 * while a secret vote is open the public (phones, the hall screen) sees turnout only
 * (redact.ts), and staff see counts that move only in steps of at least SECRET_MIN_GROUP
 * ballots cast or changed (`stagedRefresh`); everyone gets the exact result at close.
 */
export const SECRET_MIN_GROUP = 5;

const zeros = (): Record<Channel, Counts> => ({
  room: emptyCounts(),
  remote: emptyCounts(),
  hall: emptyCounts(),
});

const sum = (c: Counts): number => c.agree + c.oppose + c.abstain;

/**
 * A secret vote's tally as published: `tally` was computed with every electronic ballot under
 * one placeholder channel; `voters` is who voted electronically, per channel. Returns a tally
 * whose room and remote counts per choice/option are zero, whose totals are the combined
 * counts, and whose `secret` carries turnout and the minimum-group verdict.
 */
export function combineSecret(
  tally: Tally,
  voters: Record<ElectronicChannel, number>,
  /** Ballots cast or changed since the counts in `tally` were staged (open votes). */
  unshown = 0,
  minGroup = SECRET_MIN_GROUP,
): Tally {
  const hallVoters = tally.options ? tally.options.voters.hall : sum(tally.byChannel.hall);
  const electronic = voters.room + voters.remote;
  const secret: SecretTurnout = {
    voters: { room: voters.room, remote: voters.remote, hall: hallVoters },
    minGroup,
    smallGroup: electronic > 0 && electronic < minGroup && hallVoters > 0,
    ...(unshown > 0 ? { unshown } : {}),
  };
  const byChannel = zeros();
  byChannel.hall = { ...tally.byChannel.hall };
  // Turnout is people and stays live (the quorum needs it); the counts may be staged.
  const cast = electronic + hallVoters;
  const out: Tally = { ...tally, byChannel, totals: { ...tally.totals }, cast, secret };
  if (tally.options) {
    const n = tally.options.labels.length;
    out.options = {
      ...tally.options,
      byChannel: {
        room: new Array<number>(n).fill(0),
        remote: new Array<number>(n).fill(0),
        hall: [...tally.options.byChannel.hall],
      },
      voters: { ...secret.voters },
      totals: [...tally.options.totals],
      ranking: [...tally.options.ranking],
    };
  }
  return out;
}

/**
 * Whether an open secret vote's shown counts may move to the current ones: at the first look
 * (nothing shown yet: the vote just opened, or the server restarted) and once at least
 * `minGroup` ballots were cast or changed since the counts last moved.
 */
export function stagedRefresh(
  progress: number,
  shownAt: number | null,
  minGroup = SECRET_MIN_GROUP,
): boolean {
  return shownAt === null || progress - shownAt >= minGroup;
}

/** Electronic voters per channel, from a secret vote's set of who voted. */
export function countVoters(
  voters: Iterable<ElectronicChannel>,
): Record<ElectronicChannel, number> {
  const out = { room: 0, remote: 0 };
  for (const channel of voters) out[channel] += 1;
  return out;
}
