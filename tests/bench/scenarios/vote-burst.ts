import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Vote } from '../../../shared/protocol';
import {
  adminClient,
  createLiveMeeting,
  join,
  type ApiClient,
} from '../../integration/helpers/api';
import type { BallotSample, PhoneWorkerData } from '../lib/phone-worker';
import { defineScenario, type Figure } from '../lib/scenario';
import { percentile } from '../lib/stats';
import { BENCH_RATE_ENV } from '../lib/rate-env';
import { spawnServer } from '../lib/spawn-server';

/**
 * Issue 4: 1,000 phones (real socket.io-client sockets in worker threads) all voting within
 * one second. Ours: the real server in its own process, ballots committed to SQLite before
 * the ack. Baseline: a bare Socket.IO server in its own process doing emit + ack + counter +
 * coalesced broadcast. Every tenth phone sends its ballot twice at once (a retry), to show
 * nothing is counted twice. Rounds alternate ours / baseline.
 */
const now = () => performance.timeOrigin + performance.now();
const WORKERS = 2;
const SPREAD_MS = 1_000;

interface Round {
  samples: BallotSample[];
  screen: { at: number; cast: number }[];
  finalCast: number;
}

async function burst(
  url: string,
  meetingCode: string,
  voteId: string,
  tokens: string[],
  run: string,
  finalCast: () => Promise<number>,
): Promise<Round> {
  const screenUpdates: { at: number; cast: number }[] = [];
  const screen: Socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, meetingCode, as: 'screen' },
    transports: ['websocket'],
    forceNew: true,
  });
  screen.on('vote:update', (vote: { tally: { cast: number } }) =>
    screenUpdates.push({ at: now(), cast: vote.tally.cast }),
  );
  await new Promise<void>((r) => screen.once('connect', () => r()));

  const per = Math.ceil(tokens.length / WORKERS);
  const workers = Array.from({ length: WORKERS }, (_, w) => {
    const phones = tokens
      .slice(w * per, (w + 1) * per)
      .map((token, i) => ({ index: w * per + i, token }));
    const data: PhoneWorkerData = { url, meetingCode, protocolVersion: PROTOCOL_VERSION, phones };
    // Node won't start a worker from a .ts file; a tiny bootstrap registers tsx first.
    const entry = new URL('../lib/phone-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), {
      workerData: data,
    });
  });
  const message = (w: Worker) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  const ready = await Promise.all(workers.map(message));
  const failed = ready.find((m) => 'error' in m);
  if (failed) throw new Error(String(failed.error));
  const startAt = now() + 300;
  const results = workers.map(message);
  for (const w of workers) {
    w.postMessage({ go: true, voteId, startAt, spreadMs: SPREAD_MS, total: tokens.length, run });
  }
  const samples = (await Promise.all(results)).flatMap((m) => m.samples as BallotSample[]);
  await Promise.all(workers.map((w) => w.terminate()));
  // Let the trailing coalesced broadcast arrive.
  await new Promise((r) => setTimeout(r, 400));
  screen.close();
  return { samples, screen: screenUpdates, finalCast: await finalCast() };
}

function measure(round: Round) {
  const acked = round.samples.filter((s) => s.ok && s.ackAt !== null);
  const ack = acked.map((s) => s.ackAt! - s.scheduledAt);
  // The k-th ballot acknowledged is on screen once a screen shows at least k ballots cast.
  const byAck = [...acked].sort((a, b) => a.ackAt! - b.ackAt!);
  const toScreen: number[] = [];
  byAck.forEach((s, k) => {
    const update = round.screen.find((u) => u.cast >= k + 1);
    if (update) toScreen.push(update.at - s.scheduledAt);
  });
  const unseen = byAck.length - toScreen.length;
  return {
    ackP50: percentile(ack, 50),
    ackP99: percentile(ack, 99),
    screenP99: unseen > 0 ? Number.POSITIVE_INFINITY : percentile(toScreen, 99),
    lost: round.samples.length - acked.length + Math.max(0, acked.length - round.finalCast),
    double: Math.max(0, round.finalCast - acked.length),
  };
}

export default defineScenario({
  name: 'vote-burst',
  description: '1,000 phones vote within 1 s (10% resend once); real server vs bare Socket.IO',
  async run({ rounds, quick, log }) {
    const phones = quick ? 200 : 1_000;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'yuanba-bench-'));
    const ours = await spawnServer(['server/main.ts'], {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...BENCH_RATE_ENV,
    });
    const bare = await spawnServer(['tests/bench/lib/bare-server.ts'], {});
    // The same bare server committing each ballot to SQLite before its ack: what "committed
    // before acknowledged" costs on this disk, without anything else of ours.
    const durable = await spawnServer(['tests/bench/lib/bare-server.ts'], {
      BARE_DURABLE_FILE: path.join(dataDir, 'bare-durable.sqlite'),
    });
    try {
      const admin: ApiClient = await adminClient(ours.url);
      const figures = {
        ours: [] as ReturnType<typeof measure>[],
        base: [] as ReturnType<typeof measure>[],
        durable: [] as ReturnType<typeof measure>[],
      };
      for (let r = 0; r < rounds; r += 1) {
        // Ours: a fresh meeting with its roster, then the burst.
        const { meeting } = await createLiveMeeting(admin, ['表决']);
        const tokens: string[] = [];
        for (let i = 0; i < phones; i += 50) {
          const batch = await Promise.all(
            Array.from({ length: Math.min(50, phones - i) }, (_, j) =>
              join(ours.url, meeting.code, `村民${i + j}`, (i + j) % 4 === 0 ? 'remote' : 'room'),
            ),
          );
          tokens.push(...batch.map((b) => b.token));
        }
        // BENCH_SECRET=1: a secret vote (the whole voter/ballot sets rewritten per group
        // commit, WAL checkpoints after batches; issue 9).
        const vote = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
          proposal: '同意修缮村道',
          secret: process.env.BENCH_SECRET === '1',
        });
        const oursRound = await burst(
          ours.url,
          meeting.code,
          vote.id,
          tokens,
          `o${r}`,
          async () => {
            const votes = await admin.ok<Vote[]>('GET', `/meetings/${meeting.code}/votes`);
            return votes.find((v) => v.id === vote.id)!.tally.cast;
          },
        );
        figures.ours.push(measure(oursRound));

        const baseRound = await burst(bare.url, '000000', 'bare', tokens, `b${r}`, async () => 0);
        baseRound.finalCast = baseRound.screen.at(-1)?.cast ?? 0;
        figures.base.push(measure(baseRound));
        const durableRound = await burst(durable.url, '000000', 'bare', tokens, `d${r}`, () =>
          Promise.resolve(0),
        );
        durableRound.finalCast = durableRound.screen.at(-1)?.cast ?? 0;
        figures.durable.push(measure(durableRound));
        const o = figures.ours.at(-1)!;
        const b = figures.base.at(-1)!;
        const d = figures.durable.at(-1)!;
        log(
          `round ${r + 1}: ours ack p50 ${o.ackP50.toFixed(2)} p99 ${o.ackP99.toFixed(1)} screen p99 ${o.screenP99.toFixed(0)} lost ${o.lost} double ${o.double} | bare ack p50 ${b.ackP50.toFixed(2)} p99 ${b.ackP99.toFixed(1)} screen p99 ${b.screenP99.toFixed(0)} double ${b.double} | bare+commit ack p50 ${d.ackP50.toFixed(2)} p99 ${d.ackP99.toFixed(1)}`,
        );
      }
      const pick = (k: keyof ReturnType<typeof measure>, from: ReturnType<typeof measure>[]) =>
        from.map((m) => m[k]);
      const result: Figure[] = [
        {
          name: 'ack p50',
          unit: 'ms',
          ours: pick('ackP50', figures.ours),
          baseline: pick('ackP50', figures.base),
          goal: '≤ 1.5× baseline',
        },
        {
          name: 'ack p50 vs bare + SQLite commit per ballot',
          unit: 'ms',
          ours: pick('ackP50', figures.ours),
          baseline: pick('ackP50', figures.durable),
          goal: 'context: the durable floor',
        },
        {
          name: 'ack p99',
          unit: 'ms',
          ours: pick('ackP99', figures.ours),
          baseline: pick('ackP99', figures.base),
          goal: '≤ 50 ms',
        },
        {
          name: 'vote-to-screen p99',
          unit: 'ms',
          ours: pick('screenP99', figures.ours),
          baseline: pick('screenP99', figures.base),
          goal: '≤ 250 ms',
        },
        {
          name: 'ballots lost',
          unit: 'n',
          ours: pick('lost', figures.ours),
          baseline: pick('lost', figures.base),
          goal: '0',
        },
        {
          name: 'ballots double-counted',
          unit: 'n',
          ours: pick('double', figures.ours),
          baseline: pick('double', figures.base),
          goal: '0',
        },
      ];
      return result;
    } finally {
      ours.child.kill('SIGTERM');
      bare.child.kill('SIGTERM');
      durable.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});
