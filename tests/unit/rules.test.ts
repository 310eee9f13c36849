import { describe, expect, it } from 'vitest';
import { decideOutcome, tally, type ElectronicBallot } from '../../server/voting/rules';
import type { Choice } from '../../shared/protocol';

const ballots = (
  room: Partial<Record<Choice, number>>,
  remote: Partial<Record<Choice, number>> = {},
) => {
  const list: ElectronicBallot[] = [];
  for (const [channel, counts] of [
    ['room', room],
    ['remote', remote],
  ] as const) {
    for (const [choice, n] of Object.entries(counts)) {
      for (let i = 0; i < (n ?? 0); i += 1) list.push({ channel, choice: choice as Choice });
    }
  }
  return list;
};

describe('tally', () => {
  it('splits electronic ballots and hall hands by channel and sums totals', () => {
    const t = tally(
      ballots({ agree: 3, oppose: 1 }, { agree: 2, abstain: 1 }),
      { agree: 4, oppose: 0, abstain: 2 },
      9,
    );
    expect(t.byChannel.room).toEqual({ agree: 3, oppose: 1, abstain: 0 });
    expect(t.byChannel.remote).toEqual({ agree: 2, oppose: 0, abstain: 1 });
    expect(t.byChannel.hall).toEqual({ agree: 4, oppose: 0, abstain: 2 });
    expect(t.totals).toEqual({ agree: 9, oppose: 1, abstain: 3 });
    expect(t.cast).toBe(13);
    expect(t.eligible).toBe(9);
  });

  it('is empty without ballots', () => {
    const t = tally([], null, 0);
    expect(t.cast).toBe(0);
    expect(t.totals).toEqual({ agree: 0, oppose: 0, abstain: 0 });
  });
});

describe('decideOutcome', () => {
  const outcome = (
    rule: Parameters<typeof decideOutcome>[0],
    agree: number,
    oppose: number,
    abstain: number,
  ) => decideOutcome(rule, { totals: { agree, oppose, abstain }, cast: agree + oppose + abstain });

  it('simple majority needs more than half of all ballots cast, abstentions included', () => {
    expect(outcome('simple_majority', 6, 5, 0)).toBe('passed');
    expect(outcome('simple_majority', 5, 5, 0)).toBe('failed');
    expect(outcome('simple_majority', 5, 3, 2)).toBe('failed');
    expect(outcome('simple_majority', 6, 3, 2)).toBe('passed');
  });

  it('two thirds is reached exactly at two thirds', () => {
    expect(outcome('two_thirds', 2, 1, 0)).toBe('passed');
    expect(outcome('two_thirds', 20, 10, 1)).toBe('failed');
    expect(outcome('two_thirds', 21, 10, 0)).toBe('passed');
  });

  it('consensus means nobody opposes and somebody agrees', () => {
    expect(outcome('consensus', 10, 0, 3)).toBe('passed');
    expect(outcome('consensus', 10, 1, 0)).toBe('no_consensus');
    expect(outcome('consensus', 0, 0, 4)).toBe('no_consensus');
  });

  it('no ballots never passes', () => {
    expect(outcome('simple_majority', 0, 0, 0)).toBe('failed');
    expect(outcome('two_thirds', 0, 0, 0)).toBe('failed');
    expect(outcome('consensus', 0, 0, 0)).toBe('no_consensus');
  });
});
