import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { now, serve } from '../lib/workers';

interface Client {
  index: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/**
 * y-websocket clients for the co-editing scenario. Client g types into its own Y.Text
 * `type-<g>` on a fixed schedule (keystroke k at start + g·period/total + k·period), so any
 * receiver can compute the scheduled send time of the k-th character it sees from g alone,
 * without trusting the sender's clock or event loop.
 */
// y-websocket adds a process 'exit' listener per provider in Node: 25 is not a leak.
process.setMaxListeners(0);
const clients: Client[] = [];
let latencies: number[] = [];
let timers: NodeJS.Timeout[] = [];

function connectOne(
  base: string,
  room: string,
  index: number,
  params: Record<string, string>,
  cookie?: string,
) {
  const doc = new Y.Doc();
  class HeaderWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  }
  const provider = new WebsocketProvider(base, room, doc, {
    WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  });
  return { index, doc, provider };
}

serve(parentPort!, {
  async connect(args: {
    base: string;
    room: string;
    indices: number[];
    params: Record<string, string>;
    cookie?: string;
  }) {
    for (const index of args.indices) {
      const client = connectOne(args.base, args.room, index, args.params, args.cookie);
      clients.push(client);
      await new Promise<void>((resolve) => {
        if (client.provider.synced) resolve();
        else client.provider.once('sync', () => resolve());
      });
    }
    return clients.length;
  },
  /** Types for `durationMs`; records, for every other client's keystroke, receive − scheduled. */
  async type(args: { start: number; durationMs: number; periodMs: number; total: number }) {
    const { start, durationMs, periodMs, total } = args;
    const offset = (g: number) => start + (g * periodMs) / total;
    latencies = [];
    for (const client of clients) {
      for (let g = 0; g < total; g += 1) {
        if (g === client.index) continue;
        const text = client.doc.getText(`type-${g}`);
        let seen = text.length;
        text.observe(() => {
          const t = now();
          for (let k = seen; k < text.length; k += 1)
            latencies.push(t - (offset(g) + k * periodMs));
          seen = text.length;
        });
      }
      const own = client.doc.getText(`type-${client.index}`);
      const keystrokes = Math.floor(durationMs / periodMs);
      let k = 0;
      const tick = () => {
        own.insert(own.length, String.fromCharCode(0x4e00 + (k % 2000)));
        k += 1;
        if (k < keystrokes) schedule();
      };
      const schedule = () => {
        timers.push(setTimeout(tick, Math.max(0, offset(client.index) + k * periodMs - now())));
      };
      schedule();
    }
    await new Promise((r) => setTimeout(r, start - now()));
    // This thread's own busy share: if the clients saturate, latency is theirs, not the server's.
    const before = performance.eventLoopUtilization();
    await new Promise((r) => setTimeout(r, durationMs));
    const busy = performance.eventLoopUtilization(before).utilization;
    await new Promise((r) => setTimeout(r, 2_000));
    return { latencies, busy };
  },
  close() {
    for (const timer of timers) clearTimeout(timer);
    timers = [];
    for (const { provider, doc } of clients.splice(0)) {
      provider.destroy();
      doc.destroy();
    }
    return true;
  },
});
