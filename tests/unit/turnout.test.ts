import { describe, expect, it } from 'vitest';
import { agreeNeeded, turnoutOf, type Participant } from '../../shared/protocol';
import { expectedVoters, presentVoters } from '../../server/meetings/roster-rules';
import { OpenVote, type VoteHead } from '../../server/voting/open-vote';
import { redactVote } from '../../shared/redact';
import { decideOutcome } from '../../server/voting/rules';

/**
 * The numbers every surface shows (issue 10, "已投 6 / 应投 9" where the record said 6): one
 * pure formula on the server, `turnoutOf`, fed by the roster rules and the open vote.
 */

const head = (extra: Partial<VoteHead> = {}): VoteHead => ({
  id: 'v',
  meetingId: 'm',
  agendaItemId: null,
  proposal: 'p',
  rule: 'simple_majority',
  secret: false,
  status: 'open',
  openedAt: 't',
  closedAt: null,
  outcome: null,
  quorum: 0,
  hideResults: false,
  ...extra,
});

type Entry = Pick<Participant, 'id' | 'role' | 'kind' | 'onLeave' | 'present' | 'attendance'>;
const person = (id: string, extra: Partial<Entry> = {}): Entry => ({
  id,
  role: 'resident',
  kind: 'roster',
  onLeave: false,
  present: true,
  attendance: 'room',
  ...extra,
});

/** Six phones, three people without a phone in the hall, one on leave, one guest. */
const ROSTER: Entry[] = [
  ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => person(id)),
  ...['h1', 'h2', 'h3'].map((id) => person(id)),
  person('leave', { onLeave: true }),
  person('guest', { kind: 'guest', role: 'observer' }),
];

const view = (open: OpenVote, roster: Entry[] = ROSTER, final = false) =>
  open.view(expectedVoters(roster), presentVoters(roster), final);

const ballot = (channel: 'room' | 'remote', choice: string) => ({
  choice,
  channel,
  ballotId: `${channel}-${choice}-${Math.random()}`,
  castAt: 't',
});

describe('turnout: one formula for every surface', () => {
  it('approval: 应投 is the roster (on leave and guests out), 已投 people by channel', () => {
    const open = new OpenVote(head());
    open.ballots.set('a', ballot('room', 'agree'));
    open.ballots.set('b', ballot('room', 'oppose'));
    open.ballots.set('c', ballot('remote', 'abstain'));
    const v = view(open);
    expect(v.turnout).toEqual({
      eligible: 9,
      voted: 3,
      voters: { room: 2, remote: 1, hall: 0 },
      majority: { needed: 2, of: 3 },
    });
  });

  it('a hall count entered but unconfirmed counts for nothing; confirmed, it is part of 应投', () => {
    const open = new OpenVote(head());
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) open.ballots.set(id, ballot('room', 'agree'));
    open.hallPending = {
      id: 1,
      counts: { agree: 2, oppose: 1, abstain: 0 },
      enteredBy: 'teller',
      enteredAt: 't',
    };
    const pending = view(open).turnout;
    expect(pending).toMatchObject({ eligible: 9, voted: 6, voters: { hall: 0 } });
    // Confirmed by a second teller: the three are on the roster, so 应投 stays 9 (the bug
    // was 6 + 3 on top), and 已投 becomes 9.
    open.hall = { agree: 2, oppose: 1, abstain: 0 };
    open.hallPending = null;
    const confirmed = view(open).turnout;
    expect(confirmed).toEqual({
      eligible: 9,
      voted: 9,
      voters: { room: 6, remote: 0, hall: 3 },
      majority: { needed: 5, of: 9 },
    });
    // Nobody can claim more hands than people in the room without a ballot.
    expect(view(open).tally.hallCap).toBe(3);
  });

  it('multiple choice counts people, not marks', () => {
    const open = new OpenVote(head({ kind: 'multiple', options: ['A', 'B', 'C'], maxChoices: 2 }));
    open.ballots.set('a', ballot('room', 'o:0,2'));
    open.ballots.set('b', ballot('remote', 'o:0,1'));
    open.hall = { agree: 0, oppose: 0, abstain: 0 };
    open.hallOptions = { options: [2, 1, 2], voters: 3 };
    const t = view(open).turnout;
    expect(t).toEqual({ eligible: 9, voted: 5, voters: { room: 1, remote: 1, hall: 3 } });
    // No majority rule for option votes.
    expect(t.majority).toBeUndefined();
  });

  it('secret: counts hidden from the public until close, the turnout identical for all', () => {
    const open = new OpenVote(head({ secret: true }));
    open.voters.set('a', 'room');
    open.voters.set('b', 'remote');
    open.secret.set('x', { choice: 'agree' });
    open.secret.set('y', { choice: 'oppose' });
    const staff = view(open);
    const publicView = redactVote(staff, 'public');
    expect(publicView.tally.hidden).toBe(true);
    expect(publicView.tally.totals).toBeUndefined();
    expect(publicView.turnout).toEqual(staff.turnout);
    expect(staff.turnout).toMatchObject({ voted: 2, voters: { room: 1, remote: 1, hall: 0 } });
    const closed = { ...view(open, ROSTER, true), status: 'closed' as const };
    expect(redactVote(closed, 'public').turnout).toEqual(staff.turnout);
  });

  it('a proxy ballot counts its grantor once, on the holder device’s channel', () => {
    const open = new OpenVote(head());
    open.ballots.set('a', ballot('remote', 'agree'));
    // 'a' holds 'b''s mandate: b's ballot is stored under b, sent from a's remote phone.
    open.ballots.set('b', ballot('remote', 'oppose'));
    open.proxied.set('b', 'a');
    // Changing it again replaces it: still one person.
    open.ballots.set('b', ballot('remote', 'agree'));
    expect(view(open).turnout).toMatchObject({
      eligible: 9,
      voted: 2,
      voters: { room: 0, remote: 2, hall: 0 },
    });
  });

  it('people on leave and guests are never 应投, and the hall cap skips them', () => {
    const roster = [
      person('a'),
      person('b', { onLeave: true }),
      person('g', { kind: 'guest' }),
      person('r', { role: 'recorder' }),
    ];
    const open = new OpenVote(head());
    const v = view(open, roster);
    expect(v.turnout.eligible).toBe(1);
    expect(v.tally.hallCap).toBe(1);
  });

  it('the quorum and majority it reports are the ones that decide the outcome', () => {
    const open = new OpenVote(head({ quorum: 0.5, rule: 'two_thirds' }));
    for (const id of ['a', 'b', 'c', 'd']) open.ballots.set(id, ballot('room', 'agree'));
    open.ballots.set('e', ballot('room', 'oppose'));
    const v = view(open);
    expect(v.turnout.quorum).toEqual({ share: 0.5, required: 5, met: true });
    expect(v.turnout.majority).toEqual({ needed: 4, of: 5 });
    expect(decideOutcome('two_thirds', v.tally)).toBe('passed');
    // One 同意 fewer than `needed` fails, exactly at the threshold passes.
    for (const rule of ['simple_majority', 'two_thirds'] as const) {
      for (let cast = 1; cast <= 12; cast++) {
        const needed = agreeNeeded(rule, cast)!;
        const at = (agree: number) =>
          decideOutcome(rule, { cast, totals: { agree, oppose: cast - agree, abstain: 0 } });
        expect(at(needed)).toBe('passed');
        expect(at(needed - 1)).toBe('failed');
      }
    }
    expect(agreeNeeded('consensus', 5)).toBeNull();
  });

  it('a closed vote read back from its stored tally gives the same turnout', () => {
    const open = new OpenVote(head({ quorum: 0.5 }));
    open.ballots.set('a', ballot('room', 'agree'));
    const v = view(open, ROSTER, true);
    const stored = JSON.parse(JSON.stringify(v.tally)) as typeof v.tally;
    expect(turnoutOf(stored, { rule: v.rule, quorum: v.quorum })).toEqual(v.turnout);
  });
});
