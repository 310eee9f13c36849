import type { Socket } from 'socket.io-client';
import { connectSocket } from '../../integration/helpers/realtime';
import { startBenchServer } from '../lib/child';
import { liveMeeting, split } from '../lib/meeting';
import { defineScenario, type Figure } from '../lib/scenario';
import { now, sleep, startWorker } from '../lib/workers';

const WORKERS = 2;
/** Phones joining at once, per worker: a steady stream, not one burst. */
const CONCURRENCY = 8;

interface Counts {
  phones: number;
  frames: number;
  bytes: number;
  byEvent: Record<string, number>;
}

/**
 * Issue 12: 5,000 phones join over REST and connect, one after another (16 at a time), while
 * a console and a hall screen follow the meeting. Ours sends each audience small coalesced
 * deltas (`room:patch`, `participants:patch`) after its snapshot. Baseline: the same server
 * and load with `BENCH_NO_ROOM_BROADCAST=true` (bench-only: no room or participant broadcast
 * at all, each client gets only its snapshot on connect), i.e. what joining costs without
 * anyone being told.
 */
export default defineScenario({
  name: 'join-storm',
  description: '5,000 phones join and connect one after another; a console and a screen watch',
  async run({ rounds, quick, log }) {
    const phones = quick ? 1000 : 5000;
    const figures = {
      time: { ours: [] as number[], baseline: [] as number[] },
      perPhone: { ours: [] as number[], baseline: [] as number[] },
      bytesPerPhone: { ours: [] as number[], baseline: [] as number[] },
      total: { ours: [] as number[], baseline: [] as number[] },
      watchers: { ours: [] as number[], baseline: [] as number[] },
      cpu: { ours: [] as number[], baseline: [] as number[] },
    };
    for (let round = 0; round < rounds; round += 1) {
      for (const kind of ['ours', 'baseline'] as const) {
        const server = await startBenchServer(
          'ours',
          kind === 'baseline' ? { BENCH_NO_ROOM_BROADCAST: 'true' } : {},
        );
        const workers = Array.from({ length: WORKERS }, () => startWorker('join-storm-phones'));
        const watchers: Socket[] = [];
        try {
          const meeting = await liveMeeting(server.url);
          let watcherFrames = 0;
          const watch = (socket: Socket) => {
            watchers.push(socket);
            socket.onAny(() => (watcherFrames += 1));
          };
          watch(
            await connectSocket(
              server.url,
              { meetingCode: meeting.code, as: 'staff' },
              meeting.admin.cookie,
            ),
          );
          watch(await connectSocket(server.url, { meetingCode: meeting.code, as: 'screen' }));
          const names = Array.from({ length: phones }, (_, i) => `村民${i + 1}`);
          const cpuBefore = (await server.stats()).cpuMs;
          const started = now();
          await Promise.all(
            split(names, WORKERS).map((batch, i) =>
              workers[i]!.call('run', {
                url: server.url,
                code: meeting.code,
                names: batch,
                concurrency: CONCURRENCY,
              }),
            ),
          );
          const seconds = (now() - started) / 1000;
          // The last coalesced deltas (phones get head counts at most once a second).
          await sleep(1500);
          const cpuMs = (await server.stats()).cpuMs - cpuBefore;
          const counts = await Promise.all(workers.map((w) => w.call<Counts>('counts')));
          const frames = counts.reduce((s, c) => s + c.frames, 0);
          const bytes = counts.reduce((s, c) => s + c.bytes, 0);
          const events: Record<string, number> = {};
          for (const c of counts) {
            for (const [e, n] of Object.entries(c.byEvent)) events[e] = (events[e] ?? 0) + n;
          }
          figures.time[kind].push(seconds);
          figures.perPhone[kind].push(frames / phones);
          figures.bytesPerPhone[kind].push(bytes / phones);
          figures.total[kind].push(frames + watcherFrames);
          figures.watchers[kind].push(watcherFrames);
          figures.cpu[kind].push(cpuMs / 1000);
          log(
            `round ${round + 1} ${kind}: ${phones} phones in ${seconds.toFixed(1)} s, ` +
              `${(frames / phones).toFixed(1)} frames/phone (${JSON.stringify(events)}), ` +
              `console + screen ${watcherFrames} frames, server CPU ${(cpuMs / 1000).toFixed(1)} s`,
          );
        } finally {
          for (const socket of watchers) socket.close();
          await Promise.all(workers.map((w) => w.call('close').then(() => w.stop())));
          await server.stop();
        }
      }
    }
    const figure = (
      name: string,
      unit: string,
      f: { ours: number[]; baseline: number[] },
      goal?: string,
    ): Figure => ({ name, unit, ours: f.ours, baseline: f.baseline, ...(goal ? { goal } : {}) });
    return [
      figure(`${phones} phones joined + connected`, 's', figures.time, '≤ 1.5× baseline'),
      figure('frames per phone', 'frames', figures.perPhone),
      figure('bytes per phone', 'B', figures.bytesPerPhone),
      figure('total frames (phones + console + screen)', 'frames', figures.total),
      figure('frames to the console + screen', 'frames', figures.watchers),
      figure('server CPU during the storm', 's', figures.cpu),
    ];
  },
});
