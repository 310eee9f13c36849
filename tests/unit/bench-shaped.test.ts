/**
 * The verdicts of the shaped-network bench (tests/bench/scenarios/shaped-network.ts), which
 * makes `npm run bench` exit non-zero: its goals read as meant, a failing round is never
 * hidden by the median, and a ballot is counted lost or doubled from what the phones were
 * told against what the server stored.
 */
import { describe, expect, it } from 'vitest';
import { goalMet, missedInAnyRound } from '../bench/lib/goals';
import { measure, type RoundResult } from '../bench/shaped/report';
import type { PhoneSample } from '../bench/shaped/phones';

const sample = (ackMs: number | null, extra: Partial<PhoneSample> = {}): PhoneSample => ({
  ackMs,
  seenMs: 100,
  sends: 1,
  reconnects: 0,
  lostAck: false,
  error: null,
  ...extra,
});

const round = (samples: PhoneSample[], rows: number, voters: number, tallyCast = rows) =>
  ({
    samples,
    connectMs: 0,
    addresses: samples.length,
    stored: { rows, voters },
    tallyCast,
  }) satisfies RoundResult;

describe('shaped-network goals', () => {
  it('reads its goals: at most 0.1 % late, none lost or doubled; calibration is context', () => {
    expect(goalMet('≤ 0.1', 0, Number.NaN)).toBe(true);
    expect(goalMet('≤ 0.1', 0.5, Number.NaN)).toBe(false);
    expect(goalMet('≤ 0', 0, Number.NaN)).toBe(true);
    expect(goalMet('≤ 0', 1, Number.NaN)).toBe(false);
    expect(goalMet('set: 150 ms', 151, 300)).toBeUndefined();
    expect(goalMet('context', 20, 1)).toBeUndefined();
  });

  it('fails when one round of several misses, though the median meets it', () => {
    expect(missedInAnyRound('≤ 0', [0, 0, 3], 1)).toBe(true);
    expect(missedInAnyRound('≤ 0', [0, 0, 0], 1)).toBe(false);
    expect(missedInAnyRound('context', [5, 9], 1)).toBe(false);
  });
});

describe('shaped-network accounting', () => {
  it('counts a ballot acked after 10 s as late, one never acked as late and lost', () => {
    const m = measure(round([sample(150), sample(10_001), sample(null)], 2, 2), 3);
    expect(m.late).toBe(2);
    expect(m.lost).toBe(1);
    expect(m.doubled).toBe(0);
    expect(m.max).toBe(Number.POSITIVE_INFINITY);
  });

  it('counts an acked ballot the server does not hold as lost', () => {
    expect(measure(round([sample(150), sample(160)], 1, 1), 2).lost).toBe(1);
  });

  it('counts a second row for a voter, or a tally above the rows, as doubled', () => {
    expect(measure(round([sample(150), sample(160)], 3, 2), 2).doubled).toBe(1);
    expect(measure(round([sample(150), sample(160)], 2, 2, 3), 2).doubled).toBe(1);
  });

  it('counts resends beyond the first send, and separates phones whose ack was cut', () => {
    const m = measure(
      round([sample(150, { sends: 2, reconnects: 1, lostAck: true }), sample(160)], 2, 2),
      2,
    );
    expect(m.resends).toBe(1);
    expect(m.reconnects).toBe(1);
    expect(m.lostAckMax).toBe(150);
    expect(m.undisturbedMax).toBe(160);
  });
});
