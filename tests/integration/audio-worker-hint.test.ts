import { Writable } from 'node:stream';
import { pino } from 'pino';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app';
import { parseConfig } from '../../server/config';
import { tempDataDir } from './helpers/server';

// A worker binary that exists but does not start (another version, a missing library): this
// file runs in its own process, before mediasoup loads.
process.env.MEDIASOUP_WORKER_BIN = '/bin/false';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

const dataDir = tempDataDir();
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a worker binary that cannot start', () => {
  it('is tried once, not once per core, and one line says how to get audio', async () => {
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: path.join(dataDir, 'no-client'),
      AUDIO_WORKERS: '4',
      AUDIO_LISTEN_IP: '127.0.0.1',
    });
    server = await startServer(config, pino({ level: 'info' }, sink));
    expect(server.audio.pool.available).toBe(false);
    const failures = lines.filter((l) => l.msg === 'mediasoup worker failed to start');
    expect(failures).toHaveLength(1);
    const hints = lines.filter((l) => String(l.msg).startsWith('audio unavailable'));
    expect(hints).toHaveLength(1);
    expect(hints[0]!.audio).toBe('worker-failed');
    expect(String(hints[0]!.msg)).toContain('the mediasoup worker /bin/false did not start');
  });
});
