import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectMeetingWithoutAudio } from './helpers/audio';
import type { TestSocket } from './helpers/realtime';
import { startTestServer, type TestServer } from './helpers/server';

// A worker binary that cannot start (this file runs in its own process, before mediasoup loads).
process.env.MEDIASOUP_WORKER_BIN = '/nonexistent/mediasoup-worker';

let server: TestServer;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.dispose();
});

describe('a meeting without audio', () => {
  it('says audio is unavailable, refuses to join it, and everything else goes on', async () => {
    await expectMeetingWithoutAudio(server.url, sockets);
  });
});
