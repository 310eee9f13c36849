import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';

/**
 * A worker thread holding a slice of the simulated phones: real socket.io-client sockets
 * over loopback. Each phone sends one ballot at its scheduled instant within the burst and
 * records when the ack arrives, on a clock comparable across threads (timeOrigin + now).
 */
export interface PhoneWorkerData {
  url: string;
  meetingCode: string;
  protocolVersion: number;
  phones: { index: number; token: string }[];
}
export interface BallotSample {
  index: number;
  ballotId: string;
  scheduledAt: number;
  ackAt: number | null;
  ok: boolean;
}

const data = workerData as PhoneWorkerData;
const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];

const connectAll = () =>
  Promise.all(
    data.phones.map(
      (phone) =>
        new Promise<void>((resolve, reject) => {
          const socket = io(data.url, {
            auth: {
              protocolVersion: data.protocolVersion,
              meetingCode: data.meetingCode,
              as: 'participant',
              token: phone.token,
            },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
          });
          sockets.push(socket);
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        }),
    ),
  );

parentPort!.on(
  'message',
  (msg: {
    go: true;
    voteId: string;
    startAt: number;
    spreadMs: number;
    total: number;
    run: string;
  }) => {
    const samples: BallotSample[] = [];
    let pending = data.phones.length;
    data.phones.forEach((phone, i) => {
      const socket = sockets[i]!;
      const scheduledAt = msg.startAt + (phone.index / msg.total) * msg.spreadMs;
      const sample: BallotSample = {
        index: phone.index,
        ballotId: `bench-${msg.run}-${phone.index}`,
        scheduledAt,
        ackAt: null,
        ok: false,
      };
      samples.push(sample);
      const payload = {
        voteId: msg.voteId,
        choice: phone.index % 3 === 0 ? 'oppose' : 'agree',
        ballotId: sample.ballotId,
      };
      setTimeout(
        () => {
          // Node timers may fire up to ~1 ms early; latency then counts from the real send.
          sample.scheduledAt = Math.min(sample.scheduledAt, now());
          // Every tenth phone also resends at once, as a flaky network's retry would.
          if (phone.index % 10 === 0) socket.emit('vote:cast', payload, () => undefined);
          socket
            .timeout(10_000)
            .emit('vote:cast', payload, (err: Error | null, ack: { ok: boolean } | undefined) => {
              sample.ackAt = now();
              sample.ok = !err && ack?.ok === true;
              pending -= 1;
              if (pending === 0) {
                for (const s of sockets) s.close();
                parentPort!.postMessage({ samples });
              }
            });
        },
        Math.max(0, scheduledAt - now()),
      );
    });
  },
);

connectAll().then(
  () => parentPort!.postMessage({ ready: true }),
  (err: unknown) => parentPort!.postMessage({ error: String(err) }),
);
