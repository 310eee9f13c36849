import { parentPort } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type JoinResult } from '../../../shared/protocol';
import { pool, serve } from '../lib/workers';

/**
 * Phones for the join-storm scenario: each joins over REST (as the phone page does), then
 * opens its socket with the token and stays connected; `concurrency` phones at a time per
 * worker. Every frame a phone receives after its handshake is counted (events and bytes).
 */
const sockets: Socket[] = [];
let frames = 0;
let bytes = 0;
const byEvent: Record<string, number> = {};

serve(parentPort!, {
  async run({
    url,
    code,
    names,
    concurrency,
  }: {
    url: string;
    code: string;
    names: string[];
    concurrency: number;
  }) {
    await pool(names, concurrency, async (name) => {
      const res = await fetch(`${url}/api/meetings/${code}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, attendance: 'room' }),
      });
      const ack = (await res.json()) as { ok: boolean; data: JoinResult; message?: string };
      if (!ack.ok) throw new Error(`join failed: ${ack.message}`);
      const socket = io(url, {
        auth: {
          protocolVersion: PROTOCOL_VERSION,
          meetingCode: code,
          as: 'participant',
          token: ack.data.token,
        },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      socket.onAny((event: string) => {
        frames += 1;
        byEvent[event] = (byEvent[event] ?? 0) + 1;
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => {
          socket.io.engine.on('data', (data: unknown) => {
            bytes += typeof data === 'string' ? Buffer.byteLength(data) : (data as Buffer).length;
          });
          resolve();
        });
        socket.once('connect_error', (err) => reject(err));
      });
    });
    return sockets.length;
  },
  counts() {
    return { phones: sockets.length, frames, bytes, byEvent };
  },
  close() {
    for (const socket of sockets.splice(0)) socket.close();
    return true;
  },
});
