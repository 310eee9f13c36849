import { startBenchServer, type ServerKind, type ServerStats } from '../lib/child';
import { liveMeeting, split } from '../lib/meeting';
import { defineScenario, type Figure } from '../lib/scenario';
import { median, percentile } from '../lib/stats';
import { lateJoin, openDoc, seedMinutes, type DocTarget } from '../lib/ydoc';
import { now, sleep, startWorker } from '../lib/workers';
import { YDOC_KEYS } from '../../../shared/collab';

const CLIENTS = 50;
const WORKERS = 2;
const PERIOD_MS = 200; // 5 characters per second each
const MINUTES_BYTES = 160 * 1024;
const MB = 1024 * 1024;

/**
 * Issue 5, scenario 2: 50 y-websocket clients typing 5 characters/s each; keystroke-to-other-
 * clients latency from the scheduled keystroke time; server CPU and RSS drift while typing;
 * then a late joiner loading the ~160 KB minutes. Baseline: the stock @y/websocket-server
 * 0.1.1, given the same durability as ours (each update appended to SQLite, WAL,
 * synchronous=FULL) so that the comparison is persistence-ful on both sides. With
 * BENCH_YWS_PERSISTENCE=memory the baseline is the stock server without persistence, which
 * shows what the per-update fsync costs.
 */
export default defineScenario({
  name: 'coedit',
  description: `${CLIENTS} clients typing 5 chars/s into one doc; late joiner on ~160 KB minutes`,
  async run({ rounds, quick, log }) {
    const durationMs = quick ? 10_000 : 60_000;
    const persistence = process.env.BENCH_YWS_PERSISTENCE === 'memory' ? 'in memory' : 'SQLite';
    log(`ours persists to SQLite before relaying; the stock baseline persists ${persistence}`);
    const figures = new Map<
      string,
      { ours: number[]; baseline: number[]; unit: string; goal?: string }
    >();
    const record = (name: string, unit: string, kind: ServerKind, v: number, goal?: string) => {
      const entry = figures.get(name) ?? { ours: [], baseline: [], unit, goal };
      (kind === 'ours' ? entry.ours : entry.baseline).push(v);
      figures.set(name, entry);
    };
    // A minute of typing per server per round: at most 2 rounds (~5 minutes in all).
    for (let round = 0; round < Math.min(rounds, 2); round += 1) {
      for (const kind of ['ours', 'yws'] as const) {
        const server = await startBenchServer(kind);
        const workers = Array.from({ length: WORKERS }, () => startWorker('yjs-clients'));
        try {
          const ws = server.url.replace(/^http/, 'ws');
          let target: DocTarget = { base: ws, room: 'bench-minutes', params: {} };
          if (kind === 'ours') {
            const meeting = await liveMeeting(server.url);
            target = {
              base: `${ws}/collab`,
              room: meeting.code,
              params: {},
              cookie: meeting.admin.cookie,
            };
          }
          const seeder = await openDoc(target);
          const docBytes = seedMinutes(seeder.doc, MINUTES_BYTES);
          const paragraphs = seeder.doc.getXmlFragment(YDOC_KEYS.minutes).length;
          await lateJoin(target, paragraphs); // the seed has reached the server
          // The seeder stays connected, as the recorder would: the doc is live, not reloaded.

          const indices = split(
            Array.from({ length: CLIENTS }, (_, i) => i),
            WORKERS,
          );
          await Promise.all(
            workers.map((w, i) => w.call('connect', { ...target, indices: indices[i] })),
          );
          const start = now() + 1_000;
          const typing = Promise.all(
            workers.map((w) =>
              w.call<{ latencies: number[]; busy: number }>('type', {
                start,
                durationMs,
                periodMs: PERIOD_MS,
                total: CLIENTS,
              }),
            ),
          );
          await sleep(start - now());
          const s0 = await server.stats();
          await sleep(Math.min(10_000, durationMs / 3));
          const s1 = await server.stats();
          const typed = await typing;
          const latencies = typed.flatMap((t) => t.latencies);
          const s2: ServerStats = await server.stats();
          const wallMs = now() - start;
          record('keystroke → others p50', 'ms', kind, percentile(latencies, 50));
          record(
            'keystroke → others p99',
            'ms',
            kind,
            percentile(latencies, 99),
            '≤ 100 ms, ≤ 1.2× baseline',
          );
          record(
            'client threads busy (harness)',
            '%',
            kind,
            (typed.reduce((a, t) => a + t.busy, 0) / typed.length) * 100,
          );
          record('server CPU while typing', '%', kind, ((s2.cpuMs - s0.cpuMs) / wallMs) * 100);
          record('server event loop busy', '%', kind, s2.busy * 100);
          record('server RSS drift while typing', 'MB', kind, (s2.rss - s1.rss) / MB, 'flat');
          record('server heap drift while typing', 'MB', kind, (s2.heapUsed - s1.heapUsed) / MB);
          await Promise.all(workers.map((w) => w.call('close')));
          const joins: number[] = [];
          for (let i = 0; i < 3; i += 1) joins.push(await lateJoin(target, paragraphs));
          record('late joiner loads the minutes', 'ms', kind, median(joins), '≤ 300 ms');
          seeder.provider.destroy();
          log(
            `round ${round + 1} ${kind}: ${latencies.length} deliveries, p99 ${percentile(latencies, 99).toFixed(1)} ms, doc ${(docBytes / 1024).toFixed(0)} KB seed, late join ${median(joins).toFixed(0)} ms`,
          );
        } finally {
          await Promise.all(workers.map((w) => w.stop()));
          await server.stop();
        }
      }
    }
    return [...figures].map(([name, f]): Figure => ({
      name,
      unit: f.unit,
      ours: f.ours,
      baseline: f.baseline,
      goal: f.goal,
    }));
  },
});
