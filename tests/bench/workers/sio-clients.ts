import { parentPort } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { now, pool, serve } from '../lib/workers';

/**
 * Socket.IO clients for the fan-out and memory scenarios: many sockets in one thread, each
 * a separate connection (forceNew). A broadcast (a snapshot or a delta) is recognised by its
 * `currentItemId`.
 */
const sockets: Socket[] = [];
let armed: string | null = null;
let receivedAt: number[] = [];

serve(parentPort!, {
  async connect({ url, auths }: { url: string; auths: Record<string, unknown>[] }) {
    await pool(auths, 50, async (auth) => {
      const socket = io(url, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const index = sockets.push(socket) - 1;
      // Ours sends a snapshot on connect and `room:patch` deltas after; the bare server re-emits.
      const onRoom = (state: { currentItemId?: string | null }) => {
        if (armed !== null && state.currentItemId === armed && receivedAt[index] === undefined)
          receivedAt[index] = now();
      };
      socket.on('room:state', onRoom);
      socket.on('room:patch', onRoom);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (err) => reject(err));
      });
    });
    return sockets.length;
  },
  arm({ marker }: { marker: string }) {
    armed = marker;
    receivedAt = new Array<number>(sockets.length);
    return true;
  },
  /** Resolves with every socket's receive time once all have it (or the timeout passes). */
  async collect({ timeoutMs }: { timeoutMs: number }) {
    const deadline = now() + timeoutMs;
    const count = () => receivedAt.filter((t) => t !== undefined).length;
    while (count() < sockets.length && now() < deadline) await new Promise((r) => setTimeout(r, 5));
    armed = null;
    return { times: receivedAt.filter((t) => t !== undefined), missing: sockets.length - count() };
  },
  close() {
    for (const socket of sockets.splice(0)) socket.close();
    return true;
  },
});
