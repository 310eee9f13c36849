import { describe, expect, it } from 'vitest';
import { OpenVote, type VoteHead } from '../../server/voting/open-vote';
import { redactVote } from '../../shared/redact';
import { tally } from '../../server/voting/rules';
import { optionTally } from '../../server/voting/options';
import {
  combineSecret,
  countVoters,
  SECRET_MIN_GROUP,
  stagedRefresh,
} from '../../server/voting/secret-tally';

const head = (secret: boolean, extra: Partial<VoteHead> = {}): VoteHead => ({
  id: 'v',
  meetingId: 'm',
  agendaItemId: null,
  proposal: 'p',
  rule: 'simple_majority',
  secret,
  status: 'open',
  openedAt: 't',
  closedAt: null,
  outcome: null,
  quorum: 0,
  hideResults: false,
  ...extra,
});

describe('secret tallies: combined totals, a minimum group', () => {
  it('keeps totals and the public hall count, zeroes room and remote per choice', () => {
    const t = tally(
      [
        { choice: 'agree', channel: 'room' },
        { choice: 'oppose', channel: 'room' },
      ],
      { agree: 2, oppose: 0, abstain: 1 },
      5,
    );
    const combined = combineSecret(t, { room: 1, remote: 1 });
    expect(combined.totals).toEqual({ agree: 3, oppose: 1, abstain: 1 });
    expect(combined.byChannel.room).toEqual({ agree: 0, oppose: 0, abstain: 0 });
    expect(combined.byChannel.remote).toEqual({ agree: 0, oppose: 0, abstain: 0 });
    expect(combined.byChannel.hall).toEqual({ agree: 2, oppose: 0, abstain: 1 });
    expect(combined.secret).toEqual({
      voters: { room: 1, remote: 1, hall: 3 },
      minGroup: SECRET_MIN_GROUP,
      smallGroup: true,
    });
    expect(combined.cast).toBe(5);
  });

  it('flags a small electronic group only next to a hall count, at the boundary k', () => {
    const hall = { agree: 1, oppose: 0, abstain: 0 };
    const k = SECRET_MIN_GROUP;
    const verdict = (electronic: number, withHall: boolean) =>
      combineSecret(tally([], withHall ? hall : null, 9), { room: electronic, remote: 0 }).secret!
        .smallGroup;
    expect(verdict(k - 1, true)).toBe(true);
    expect(verdict(k, true)).toBe(false);
    expect(verdict(1, true)).toBe(true);
    expect(verdict(0, true)).toBe(false); // nobody electronic: nothing to reveal
    expect(verdict(1, false)).toBe(false); // no hall count: the totals are the group
  });

  it('does the same per option, with turnout by channel as people', () => {
    const spec = { options: ['A', 'B', 'C'], maxChoices: 2 };
    const t = tally([], null, 4);
    t.options = optionTally(
      spec,
      [
        { choice: 'o:0,1', channel: 'room' },
        { choice: 'o:2', channel: 'room' },
      ],
      { options: [1, 0, 0], voters: 1 },
    );
    const combined = combineSecret(t, { room: 1, remote: 1 });
    expect(combined.options!.totals).toEqual([2, 1, 1]);
    expect(combined.options!.byChannel).toEqual({
      room: [0, 0, 0],
      remote: [0, 0, 0],
      hall: [1, 0, 0],
    });
    expect(combined.options!.voters).toEqual({ room: 1, remote: 1, hall: 1 });
    expect(countVoters(['room', 'remote', 'remote'])).toEqual({ room: 1, remote: 2 });
  });

  it('moves the counts staff see only in steps of k ballots; close shows them all', () => {
    const k = SECRET_MIN_GROUP;
    expect(stagedRefresh(0, null)).toBe(true);
    expect(stagedRefresh(k - 1, 0)).toBe(false);
    expect(stagedRefresh(k, 0)).toBe(true);
    const open = new OpenVote(head(true));
    const cast = (i: number, choice: string) => {
      open.voters.set(`p${i}`, i === 0 ? 'remote' : 'room');
      open.secret.set(`h${i}`, { choice });
    };
    expect(open.view(9).tally.totals.oppose).toBe(0); // opened: nothing yet
    cast(0, 'oppose'); // the one remote member
    const one = open.view(9).tally;
    expect(one.totals).toEqual({ agree: 0, oppose: 0, abstain: 0 });
    expect(one.cast).toBe(1); // turnout stays live
    expect(one.secret).toMatchObject({ voters: { room: 0, remote: 1, hall: 0 }, unshown: 1 });
    for (let i = 1; i < k; i++) cast(i, 'agree');
    const step = open.view(9).tally;
    expect(step.totals).toEqual({ agree: k - 1, oppose: 1, abstain: 0 });
    expect(step.secret?.unshown).toBeUndefined();
    // A changed ballot counts towards the next step too.
    open.secret.set('h1', { choice: 'abstain' });
    open.secretChanges += 1;
    expect(open.view(9).tally.totals.abstain).toBe(0);
    expect(open.view(9, [], true).tally.totals).toEqual({ agree: k - 2, oppose: 1, abstain: 1 });
  });

  it('an open secret vote shows no split to staff and turnout only to the public', () => {
    const open = new OpenVote(head(true));
    open.voters.set('a', 'room');
    open.voters.set('b', 'remote');
    open.secret.set('h1', { choice: 'agree' });
    open.secret.set('h2', { choice: 'oppose' });
    const view = open.view(2);
    expect(view.tally.totals).toEqual({ agree: 1, oppose: 1, abstain: 0 });
    expect(view.tally.byChannel.remote).toEqual({ agree: 0, oppose: 0, abstain: 0 });
    expect(view.tally.secret?.voters).toEqual({ room: 1, remote: 1, hall: 0 });
    expect(redactVote(view, 'staff')).toBe(view);
    expect(redactVote(view, 'public').tally).toEqual({
      hidden: true,
      cast: 2,
      eligible: 2,
      voters: { room: 1, remote: 1, hall: 0 },
    });
    const closed = { ...view, status: 'closed' as const };
    expect(redactVote(closed, 'public')).toBe(closed);
    // An open ballot keeps its split: only secret votes combine.
    const plain = new OpenVote(head(false));
    plain.ballots.set('a', { choice: 'agree', channel: 'remote', ballotId: 'x', castAt: 't' });
    expect(plain.view(1).tally.byChannel.remote.agree).toBe(1);
    expect(redactVote(plain.view(1), 'public').tally.hidden).toBeFalsy();
  });
});
