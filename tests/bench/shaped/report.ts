import type { Figure } from '../lib/scenario';
import { percentile } from '../lib/stats';
import type { WireStats } from './net';
import type { PhoneSample } from './phones';

/** What the phones measured of the wire itself (see phones.ts `probe`). */
export interface Probe {
  rtts: number[];
  pings: number;
  downBitsPerSec: number;
}

export interface RoundResult {
  samples: PhoneSample[];
  connectMs: number;
  /** Distinct phone addresses the server had connections from. */
  addresses: number;
  /** Rows in `ballots` for the vote, and distinct voters among them. */
  stored: { rows: number; voters: number };
  tallyCast: number;
}

const ACK_GOAL_MS = 10_000;

/** What crossed the wire between two `stats` readings, each way. */
export function traffic(before: [WireStats, WireStats], after: [WireStats, WireStats]): string {
  const way = (i: 0 | 1) => {
    const d = (k: keyof WireStats) => after[i][k] - before[i][k];
    return `${d('packets')} packets ${(d('bytes') / 1024).toFixed(0)} KB (lost ${d('lost')}, tail-dropped ${d('tail_dropped')})`;
  };
  return `up ${way(0)}; down ${way(1)}`;
}

/** Round-trip loss r from two independent ways of loss p each: 1 - r = (1 - p)². */
const oneWayLoss = (p: Probe) => 1 - Math.sqrt(p.rtts.length / p.pings);

export function linkFigures(shaped: Probe, clean: Probe, log: (m: string) => void): Figure[] {
  const describe = (p: Probe) =>
    `RTT p50 ${percentile(p.rtts, 50).toFixed(1)} ms p95 ${percentile(p.rtts, 95).toFixed(1)} ms, ` +
    `${p.pings - p.rtts.length}/${p.pings} pings lost (≈ ${(oneWayLoss(p) * 100).toFixed(1)} % each way), ` +
    `downstream ${(p.downBitsPerSec / 1e6).toFixed(2)} Mbit/s`;
  log(`wire shaped: ${describe(shaped)}`);
  log(`wire clean:  ${describe(clean)}`);
  return [
    {
      name: 'wire RTT p50',
      unit: 'ms',
      ours: [percentile(shaped.rtts, 50)],
      baseline: [percentile(clean.rtts, 50)],
      goal: 'set: 150 ms',
    },
    {
      name: 'wire loss each way',
      unit: '%',
      ours: [oneWayLoss(shaped) * 100],
      baseline: [oneWayLoss(clean) * 100],
      goal: 'set: 3 %',
    },
    {
      name: 'wire downstream rate',
      unit: 'Mbit/s',
      // The clean wire has no rate: what it passes is this machine's speed, not a link's.
      ours: [shaped.downBitsPerSec / 1e6],
      goal: 'set: 1.6 Mbit/s',
    },
  ];
}

interface Measured {
  seenP99: number;
  seenMax: number;
  /** Ack times of phones whose first ack was not swallowed: the link's own doing. */
  undisturbedP99: number;
  undisturbedMax: number;
  lostAckMax: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  late: number;
  lost: number;
  doubled: number;
  resends: number;
  reconnects: number;
}

export function measure(r: RoundResult, phones: number): Measured {
  const acks = r.samples.map((s) => s.ackMs ?? Number.POSITIVE_INFINITY);
  const acked = r.samples.filter((s) => s.ackMs !== null).length;
  const seen = r.samples.map((s) => s.seenMs ?? Number.POSITIVE_INFINITY);
  const of = (lostAck: boolean) =>
    r.samples.filter((s) => s.lostAck === lostAck).map((s) => s.ackMs ?? Number.POSITIVE_INFINITY);
  return {
    seenP99: percentile(seen, 99),
    seenMax: Math.max(...seen),
    undisturbedP99: percentile(of(false), 99),
    undisturbedMax: Math.max(...of(false)),
    lostAckMax: Math.max(...of(true)),
    p50: percentile(acks, 50),
    p95: percentile(acks, 95),
    p99: percentile(acks, 99),
    max: Math.max(...acks),
    late: acks.filter((ms) => ms > ACK_GOAL_MS).length,
    // A ballot is lost when its phone was told it counted and the server has no row for it,
    // or when the phone never got an answer and there is still no row: every phone voted.
    lost: Math.max(0, phones - r.stored.voters, acked - r.stored.voters),
    // Two rows for one voter, or a tally that counts more than the rows.
    doubled: r.stored.rows - r.stored.voters + Math.max(0, r.tallyCast - r.stored.rows),
    resends: r.samples.reduce((n, s) => n + s.sends - 1, 0),
    reconnects: r.samples.reduce((n, s) => n + s.reconnects, 0),
  };
}

export function summarise(r: RoundResult): string {
  const m = measure(r, r.samples.length);
  return (
    `vote on phones p99 ${m.seenP99.toFixed(0)} max ${m.seenMax.toFixed(0)} ms; ` +
    `ack p50 ${m.p50.toFixed(0)} p95 ${m.p95.toFixed(0)} p99 ${m.p99.toFixed(0)} max ${m.max.toFixed(0)} ms ` +
    `(phones whose ack was lost: max ${m.lostAckMax.toFixed(0)} ms; the others: ` +
    `p99 ${m.undisturbedP99.toFixed(0)} max ${m.undisturbedMax.toFixed(0)} ms), ` +
    `${r.samples.length - m.late}/${r.samples.length} within 10 s, stored ${r.stored.rows} rows ` +
    `(${r.stored.voters} voters, tally ${r.tallyCast}), lost ${m.lost}, doubled ${m.doubled}, ` +
    `resends ${m.resends}, reconnects ${m.reconnects}; ${r.addresses} phone addresses seen by ` +
    `the server, all connected ${r.connectMs.toFixed(0)} ms after their joins`
  );
}

export function voteFigures(shaped: RoundResult[], clean: RoundResult[], phones: number): Figure[] {
  const s = shaped.map((r) => measure(r, phones));
  const c = clean.map((r) => measure(r, phones));
  const fig = (name: string, unit: string, k: keyof Measured, goal?: string): Figure => ({
    name,
    unit,
    ours: s.map((m) => m[k]),
    baseline: c.map((m) => m[k]),
    ...(goal ? { goal } : {}),
  });
  const percentLate = (m: Measured) => (m.late / phones) * 100;
  return [
    fig('vote opened → on the phones, p99', 'ms', 'seenP99'),
    fig('vote opened → on the phones, max', 'ms', 'seenMax'),
    fig('ack p50 (tap → receipt)', 'ms', 'p50'),
    fig('ack p95', 'ms', 'p95'),
    fig('ack p99', 'ms', 'p99'),
    fig('ack max', 'ms', 'max'),
    fig('ack p99, phones whose ack was not cut', 'ms', 'undisturbedP99'),
    fig('ack max, phones whose first ack was cut', 'ms', 'lostAckMax'),
    {
      name: 'ballots not acked within 10 s',
      unit: '%',
      ours: s.map(percentLate),
      baseline: c.map(percentLate),
      goal: '≤ 0.1',
    },
    fig('ballots lost', 'n', 'lost', '≤ 0'),
    fig('ballots doubled', 'n', 'doubled', '≤ 0'),
    fig('ballot resends (same ballotId)', 'n', 'resends', 'context'),
    fig('socket reconnects during the vote', 'n', 'reconnects', 'context'),
  ];
}
