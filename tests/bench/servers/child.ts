import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { startServer } from '../../../server/app';
import { parseConfig } from '../../../server/config';
import { BENCH_RATE_ENV } from '../lib/rate-env';

/**
 * One server under test, in its own process so that its CPU and memory are its own: `ours`
 * (the real Yuanba server), `socketio` (a bare Socket.IO broadcast) or `yws` (the stock
 * @y/websocket-server). It answers the parent over IPC with its resource usage; this probe
 * exists only in the bench harness, never in the product.
 */
const kind = process.argv[2];
const dataDir = mkdtempSync(path.join(tmpdir(), `yuanba-bench-${kind}-`));

async function start(): Promise<{ url: string; close: () => Promise<void> }> {
  if (kind === 'ours') {
    const running = await startServer(
      parseConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        STATIC_DIR: process.env.BENCH_STATIC_DIR ?? path.join(dataDir, 'no-client'),
        ...BENCH_RATE_ENV,
        // The join-storm baseline (bench-only): no room or participant broadcasts.
        BENCH_NO_ROOM_BROADCAST: process.env.BENCH_NO_ROOM_BROADCAST ?? 'false',
      }),
    );
    return { url: running.url, close: () => running.close() };
  }
  const http = createServer((_req, res) => res.end('ok'));
  if (kind === 'socketio') {
    // Default options, no rooms, no validation: the floor any Socket.IO app stands on.
    const io = new Server(http, { serveClient: false });
    io.on('connection', (socket) => {
      socket.on('bench:broadcast', (payload: unknown) => io.emit('room:state', payload));
    });
  } else if (kind === 'yws' && process.env.BENCH_YWS_PERSISTENCE === 'memory') {
    // The stock server as shipped without YPERSISTENCE: in memory only (a reference point).
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)),
    );
  } else if (kind === 'yws') {
    // Same durability as ours: every update appended to SQLite (WAL, synchronous=FULL).
    const db = new Database(path.join(dataDir, 'yws.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE updates (id INTEGER PRIMARY KEY, doc TEXT, u BLOB)');
    const insert = db.prepare('INSERT INTO updates (doc, u) VALUES (?, ?)');
    const load = db.prepare<[string], { u: Buffer }>(
      'SELECT u FROM updates WHERE doc = ? ORDER BY id',
    );
    // The stock server unloads a doc when its last connection closes: load it back on bind.
    setPersistence({
      provider: db,
      bindState: (name: string, doc: Y.Doc) => {
        const stored = load.all(name).map((r) => new Uint8Array(r.u));
        if (stored.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored));
        doc.on('update', (update: Uint8Array) => insert.run(name, update));
      },
      writeState: () => Promise.resolve(),
    } as never);
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)),
    );
  } else throw new Error(`unknown server kind ${kind}`);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

const running = await start();
process.on('unhandledRejection', (err) => console.error('bench server:', err));
let elu = performance.eventLoopUtilization();
process.on('message', (message: { id: number; cmd: 'stats' | 'stop' | 'snapshot' }) => {
  if (message.cmd === 'stats') {
    // The event loop's busy share since the last probe: CPU plus synchronous fsyncs.
    const busy = performance.eventLoopUtilization(elu).utilization;
    elu = performance.eventLoopUtilization();
    // A full GC first, so heap figures are live objects rather than garbage.
    globalThis.gc?.();
    const memory = process.memoryUsage();
    process.send!({ id: message.id, memory, cpu: process.cpuUsage(), busy });
  } else if (message.cmd === 'snapshot') {
    // For tests/bench/profile-memory.ts: where the heap per connection goes.
    process.send!({
      id: message.id,
      file: writeHeapSnapshot(path.join(dataDir, `${Date.now()}.heapsnapshot`)),
    });
  } else if (message.cmd === 'stop') {
    void running.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.send!({ id: message.id }, () => process.exit(0));
    });
  }
});
process.send!({ ready: running.url });
