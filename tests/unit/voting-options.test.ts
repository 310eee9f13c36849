import { describe, expect, it } from 'vitest';
import { OpenVote, type VoteHead } from '../../server/voting/open-vote';
import {
  ballotChoice,
  checkHallOptions,
  decideOptionOutcome,
  decodePicks,
  describePick,
  encodePicks,
  optionTally,
  pluralityWinner,
  ranking,
} from '../../server/voting/options';
import { OpenVoteBody } from '../../shared/protocol';

const SITES = ['村委会东侧', '老粮站', '学校旁'];
const single = { options: SITES, maxChoices: 1 };
const multiple = { options: SITES, maxChoices: 2 };

describe('option ballots', () => {
  it('stores picks sorted, and reads them back', () => {
    expect(encodePicks([2, 0])).toBe('o:0,2');
    expect(decodePicks('o:0,2')).toEqual([0, 2]);
    expect(decodePicks('agree')).toEqual([]);
  });

  it('refuses more picks than maxChoices, unknown or repeated options, and the wrong kind', () => {
    expect(ballotChoice(multiple, [2, 1])).toBe('o:1,2');
    const refused = (fn: () => unknown) =>
      expect(fn).toThrow(expect.objectContaining({ code: 'INVALID_BALLOT' }));
    refused(() => ballotChoice(multiple, [0, 1, 2]));
    refused(() => ballotChoice(single, [0, 1]));
    refused(() => ballotChoice(single, [3]));
    refused(() => ballotChoice(multiple, [1, 1]));
    refused(() => ballotChoice(single, 'agree'));
    refused(() => ballotChoice(null, [0]));
    refused(() => ballotChoice(single, undefined));
    expect(ballotChoice(null, 'oppose')).toBe('oppose');
  });

  it('describes a checked ballot to a witness: the choice, or the picks with their labels', () => {
    expect(describePick(null, 'agree')).toEqual({ choice: 'agree' });
    expect(describePick(multiple, ballotChoice(multiple, [2, 0]))).toEqual({
      options: [0, 2],
      labels: ['村委会东侧', '学校旁'],
    });
    expect(describePick(single, 'o:1')).toEqual({ options: [1], labels: ['老粮站'] });
  });

  it('validates the open body: 2–10 distinct options, 1 ≤ maxChoices ≤ options, approval by default', () => {
    expect(OpenVoteBody.parse({ proposal: '修路' })).toMatchObject({ kind: 'approval' });
    const ok = { proposal: '选址', kind: 'multiple', options: SITES, maxChoices: 2 };
    expect(OpenVoteBody.safeParse(ok).success).toBe(true);
    expect(OpenVoteBody.safeParse({ ...ok, maxChoices: 4 }).success).toBe(false);
    expect(OpenVoteBody.safeParse({ ...ok, maxChoices: 0 }).success).toBe(false);
    expect(OpenVoteBody.safeParse({ ...ok, options: ['一'] }).success).toBe(false);
    expect(OpenVoteBody.safeParse({ ...ok, options: ['一', '一'] }).success).toBe(false);
    const eleven = Array.from({ length: 11 }, (_, i) => `选项${i}`);
    expect(OpenVoteBody.safeParse({ ...ok, options: eleven, maxChoices: 1 }).success).toBe(false);
    expect(OpenVoteBody.safeParse({ ...ok, kind: 'single', maxChoices: 2 }).success).toBe(false);
    expect(OpenVoteBody.safeParse({ proposal: '修路', options: SITES }).success).toBe(false);
    expect(OpenVoteBody.safeParse({ proposal: '选址', kind: 'single' }).success).toBe(false);
  });
});

describe('option tallies and outcomes', () => {
  it('merges phones, remote and hall per option and counts people, not marks', () => {
    const t = optionTally(
      multiple,
      [
        { channel: 'room', choice: 'o:0,1' },
        { channel: 'remote', choice: 'o:1' },
      ],
      { options: [1, 2, 0], voters: 2 },
    );
    expect(t.byChannel).toEqual({ room: [1, 1, 0], remote: [0, 1, 0], hall: [1, 2, 0] });
    expect(t.totals).toEqual([2, 4, 0]);
    expect(t.voters).toEqual({ room: 1, remote: 1, hall: 2 });
    expect(t.ranking).toEqual([1, 0, 2]);
  });

  it('ranks by votes, ties in ballot order', () => {
    expect(ranking([1, 3, 3, 0])).toEqual([1, 2, 0, 3]);
  });

  it('chooses the plurality option, and no winner on a tie or without votes', () => {
    expect(pluralityWinner([2, 5, 3])).toBe(1);
    expect(pluralityWinner([4, 4, 1])).toBeNull();
    expect(pluralityWinner([0, 0, 0])).toBeNull();
    const options = { ...optionTally(single, [], null), totals: [1, 2, 0] };
    expect(decideOptionOutcome(true, { options })).toEqual({ outcome: 'chosen', winner: 1 });
    const tied = { ...options, totals: [2, 2, 0] };
    expect(decideOptionOutcome(true, { options: tied })).toEqual({
      outcome: 'no_winner',
      winner: null,
    });
    expect(decideOptionOutcome(false, { options })).toEqual({ outcome: 'ranked', winner: null });
    expect(
      decideOptionOutcome(true, { options, quorum: { required: 5, met: false } }),
    ).toMatchObject({ outcome: 'no_quorum' });
  });

  it('checks a hall entry against the options', () => {
    expect(() => checkHallOptions(multiple, { options: [2, 1, 1], voters: 2 })).not.toThrow();
    const bad = (spec: typeof single, options: number[], voters: number) =>
      expect(() => checkHallOptions(spec, { options, voters })).toThrow(
        expect.objectContaining({ code: 'INVALID_BALLOT' }),
      );
    bad(multiple, [3, 0, 0], 2); // one option above the people counted
    bad(multiple, [2, 2, 1], 2); // more marks than 2 people × 2 choices
    bad(multiple, [1, 1], 2); // not one count per option
    bad(single, [1, 1, 0], 1); // single choice: one hand per person
  });

  it('caps the hall by people present without an electronic vote, not by marks', () => {
    const head: VoteHead = {
      id: 'v',
      meetingId: 'm',
      agendaItemId: null,
      proposal: '选址',
      rule: 'simple_majority',
      secret: true,
      status: 'open',
      openedAt: '',
      closedAt: null,
      outcome: null,
      quorum: 0,
      hideResults: false,
      kind: 'multiple',
      options: SITES,
      maxChoices: 2,
    };
    const open = new OpenVote(head);
    open.voters.set('p1', 'room');
    open.secret.set('hash', { choice: 'o:0,2' });
    open.hallOptions = { options: [2, 1, 1], voters: 2 };
    const roster = ['p1', 'p2', 'p3'].map((id) => ({
      id,
      role: 'resident' as const,
      attendance: 'room' as const,
    }));
    const view = open.view(3, roster);
    expect(view.tally.hallCap).toBe(2);
    expect(view.tally.cast).toBe(3);
    expect(view.tally.options?.totals).toEqual([3, 1, 2]);
    expect(view.tally.totals).toEqual({ agree: 0, oppose: 0, abstain: 0 });
  });
});
