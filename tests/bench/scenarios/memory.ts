import { startBenchServer, type ServerKind, type ServerStats } from '../lib/child';
import { joinParticipants, liveMeeting, split } from '../lib/meeting';
import { defineScenario, type Figure } from '../lib/scenario';
import { sleep, startWorker } from '../lib/workers';

const PER_WORKER = 2_500;
/** LIMITS.participantsPerMeeting is 5,000: the 10,000 are spread over meetings of that size. */
const PER_MEETING = 5_000;
const KB = 1024;

/**
 * Issue 5, scenario 3: N idle participants connected; the server's heap (after a full GC)
 * and RSS per connection. Ours: participants joined over REST, then connected with their
 * tokens (the connection figure excludes the participant records, which are reported apart).
 * Baseline: a bare Socket.IO server with the same number of idle sockets.
 */
export default defineScenario({
  name: 'memory',
  description: 'idle participants connected; server heap and RSS per connection',
  async run({ rounds, quick, log }) {
    const total = quick ? 2_000 : 10_000;
    const figures = new Map<string, { ours: number[]; baseline: number[]; goal?: string }>();
    const record = (name: string, kind: ServerKind, value: number, goal?: string) => {
      const entry = figures.get(name) ?? { ours: [], baseline: [], goal };
      (kind === 'ours' ? entry.ours : entry.baseline).push(value);
      figures.set(name, entry);
    };
    // 10,000 sockets per server take a while to set up: at most 2 rounds.
    for (let round = 0; round < Math.min(rounds, 2); round += 1) {
      for (const kind of ['ours', 'socketio'] as const) {
        const server = await startBenchServer(kind);
        const workers = Array.from({ length: Math.ceil(total / PER_WORKER) }, () =>
          startWorker('sio-clients'),
        );
        try {
          let auths: Record<string, unknown>[] = Array.from({ length: total }, () => ({}));
          let joined: ServerStats | null = null;
          const start = await server.stats();
          if (kind === 'ours') {
            auths = [];
            let admin;
            for (let m = 0; m * PER_MEETING < total; m += 1) {
              const meeting = await liveMeeting(server.url, admin);
              admin = meeting.admin;
              const n = Math.min(PER_MEETING, total - m * PER_MEETING);
              auths.push(...(await joinParticipants(server.url, meeting.code, n)));
            }
            joined = await server.stats();
          }
          const before = joined ?? start;
          const slices = split(auths, workers.length);
          const t0 = Date.now();
          await Promise.all(
            workers.map((w, i) => w.call('connect', { url: server.url, auths: slices[i] })),
          );
          log(`round ${round + 1} ${kind}: ${total} sockets connected in ${Date.now() - t0} ms`);
          await sleep(2_000); // presence broadcasts and handshake garbage settle
          const after = await server.stats();
          record(
            'heap per connection',
            kind,
            (after.heapUsed - before.heapUsed) / total / KB,
            '≤ 10 KB',
          );
          record('RSS per connection', kind, (after.rss - before.rss) / total / KB);
          if (joined) {
            record(
              'heap per joined participant (record)',
              kind,
              (joined.heapUsed - start.heapUsed) / total / KB,
            );
          }
          record('server RSS with all connected', kind, after.rss / KB / KB);
        } finally {
          await Promise.all(workers.map((w) => w.call('close').then(() => w.stop())));
          await server.stop();
        }
      }
    }
    return [...figures].map(([name, f]): Figure => ({
      name: `${name} (N=${total})`,
      unit: name.startsWith('server RSS') ? 'MB' : 'KB',
      ours: f.ours,
      baseline: f.baseline.length > 0 ? f.baseline : undefined,
      goal: f.goal,
    }));
  },
});
