import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { split } from './lib/meeting';
import { sleep, startWorker } from './lib/workers';

/**
 * `node --import tsx tests/bench/profile-socketio.ts [N]`: the heap per idle connection of a
 * bare Socket.IO server, then with each thing our server adds to a participant's socket
 * (state recovery, 12 listeners, 2 rooms, all of them with socket.data and two emits), to
 * tell Socket.IO's floor from ours. Not part of `npm run bench`.
 */
const VARIANTS = ['bare', 'norequest', 'slim', 'recovery', 'listeners', 'rooms', 'all'] as const;

function child(variant: string): void {
  const http = createServer();
  const recovery = variant === 'recovery' || variant === 'all';
  const io = new Server(http, {
    serveClient: false,
    ...(recovery ? { connectionStateRecovery: { maxDisconnectionDuration: 120_000 } } : {}),
  });
  io.on('connection', (socket) => {
    if (variant === 'norequest' || variant === 'slim') {
      (socket.conn as { request: unknown }).request = null;
    }
    if (variant === 'slim') {
      socket.handshake.headers = {};
      socket.handshake.auth = {};
      socket.handshake.query = {};
    }
    if (variant === 'listeners' || variant === 'all') {
      // Like register(): one async listener per event, plus the presence listener.
      for (let i = 0; i < 11; i += 1) socket.on(`event${i}`, async () => {});
      socket.on('disconnect', () => {});
    }
    if (variant === 'rooms' || variant === 'all') {
      void socket.join('m:meeting');
      void socket.join(`p:${socket.id}`);
    }
    if (variant === 'all') {
      socket.data = { principal: { kind: 'participant', participantId: socket.id } };
      socket.emit('self:update', { id: socket.id, online: true });
      socket.emit('room:state', { phase: 'live' });
    }
  });
  http.listen(0, '127.0.0.1', () =>
    process.send!({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }),
  );
  process.on('message', () => {
    globalThis.gc?.();
    process.send!({ heap: process.memoryUsage().heapUsed });
  });
}

async function measure(total: number): Promise<void> {
  for (const variant of VARIANTS) {
    const server = fork(fileURLToPath(import.meta.url), ['child', variant], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
    });
    const reply = () =>
      new Promise<{ url?: string; heap?: number }>((r) => server.once('message', r as never));
    const { url } = await reply();
    server.send('stats');
    const before = (await reply()).heap!;
    const workers = [startWorker('sio-clients'), startWorker('sio-clients')];
    const auths = split(
      Array.from({ length: total }, () => ({})),
      workers.length,
    );
    await Promise.all(workers.map((w, i) => w.call('connect', { url, auths: auths[i] })));
    await sleep(1_500);
    server.send('stats');
    const after = (await reply()).heap!;
    console.log(`${variant.padEnd(10)} ${((after - before) / total / 1024).toFixed(1)} KB/conn`);
    await Promise.all(workers.map((w) => w.call('close').then(() => w.stop())));
    server.kill();
  }
}

if (process.argv[2] === 'child') child(process.argv[3]!);
else {
  await measure(Number(process.argv[2] ?? 3_000));
  process.exit(0);
}
