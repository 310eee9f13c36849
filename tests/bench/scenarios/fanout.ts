import type { Socket } from 'socket.io-client';
import { connectSocket, emitAck } from '../../integration/helpers/realtime';
import type { RoomState } from '../../../shared/protocol';
import { startBenchServer, type ServerKind } from '../lib/child';
import { joinParticipants, liveMeeting, split } from '../lib/meeting';
import { defineScenario, type Figure } from '../lib/scenario';
import { percentile } from '../lib/stats';
import { now, sleep, startWorker } from '../lib/workers';

const WORKERS = 2;

/**
 * Issue 5, scenario 1: one facilitator event to N connected clients; the time until the last
 * client has it, from the scheduled send time. Ours: `meeting:setCurrentItem` from the
 * facilitator's socket (validation, permission, DB write, then the `room:state` broadcast).
 * Baseline: a bare Socket.IO server that re-broadcasts a payload of the same shape and size.
 */
export default defineScenario({
  name: 'fanout',
  description: 'one facilitator event to N clients; time until the last client has it',
  async run({ rounds, quick, log }) {
    const sizes = quick ? [100, 500] : [100, 500, 1000, 2000];
    const events = quick ? 5 : 10;
    const results = new Map<string, { ours: number[]; baseline: number[] }>();
    const record = (key: string, kind: ServerKind, value: number) => {
      const entry = results.get(key) ?? { ours: [], baseline: [] };
      (kind === 'ours' ? entry.ours : entry.baseline).push(value);
      results.set(key, entry);
    };
    let template: RoomState | null = null;

    for (let round = 0; round < rounds; round += 1) {
      for (const kind of ['ours', 'socketio'] as const) {
        const server = await startBenchServer(kind);
        const workers = Array.from({ length: WORKERS }, () => startWorker('sio-clients'));
        let facilitator: Socket | null = null;
        try {
          const max = sizes[sizes.length - 1]!;
          let auths: Record<string, unknown>[];
          let items: string[] = ['a', 'b'];
          if (kind === 'ours') {
            const meeting = await liveMeeting(server.url);
            items = meeting.itemIds;
            auths = await joinParticipants(server.url, meeting.code, max);
            facilitator = await connectSocket(
              server.url,
              { meetingCode: meeting.code, as: 'staff' },
              meeting.admin.cookie,
            );
            template = await meeting.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
          } else {
            auths = Array.from({ length: max }, () => ({}));
            facilitator = await connectSocket(server.url, { meetingCode: '000000', as: 'screen' });
          }
          let connected = 0;
          let current = 0;
          for (const n of sizes) {
            const batch = split(auths.slice(connected, n), WORKERS);
            await Promise.all(
              workers.map((w, i) => w.call('connect', { url: server.url, auths: batch[i] })),
            );
            connected = n;
            await sleep(500); // let the join storm's presence broadcasts settle
            const last: number[] = [];
            for (let e = 0; e < events; e += 1) {
              current = (current + 1) % 2;
              const marker = items[current]!;
              await Promise.all(workers.map((w) => w.call('arm', { marker })));
              const scheduled = now() + 20;
              await sleep(scheduled - now());
              if (kind === 'ours') {
                void emitAck(facilitator as never, 'meeting:setCurrentItem', { itemId: marker });
              } else {
                facilitator.emit('bench:broadcast', { ...template, currentItemId: marker });
              }
              const got = await Promise.all(
                workers.map((w) =>
                  w.call<{ times: number[]; missing: number }>('collect', { timeoutMs: 10_000 }),
                ),
              );
              const missing = got.reduce((s, g) => s + g.missing, 0);
              if (missing > 0) log(`${kind} N=${n}: ${missing} clients missed an event`);
              last.push(Math.max(...got.flatMap((g) => g.times)) - scheduled);
              await sleep(150); // past the broadcaster's 100 ms coalescing window
            }
            record(`N=${n} last client p50`, kind, percentile(last, 50));
            record(`N=${n} last client p95`, kind, percentile(last, 95));
            log(
              `round ${round + 1} ${kind} N=${n}: last client p50 ${percentile(last, 50).toFixed(1)} ms`,
            );
          }
        } finally {
          facilitator?.close();
          await Promise.all(workers.map((w) => w.call('close').then(() => w.stop())));
          await server.stop();
        }
      }
    }
    return [...results].map(([name, { ours, baseline }]): Figure => ({
      name,
      unit: 'ms',
      ours,
      baseline,
      goal: '≤ 1.2× baseline',
    }));
  },
});
