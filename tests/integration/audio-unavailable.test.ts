import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/protocol';
import { adminClient, createLiveMeeting, join } from './helpers/api';
import { connectSocket, emitAck, type TestSocket } from './helpers/realtime';
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
    const admin = await adminClient(server.url);
    const { meeting } = await createLiveMeeting(admin);
    const state = await admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.audio.available).toBe(false);

    const villager = await join(server.url, meeting.code, '李四', 'remote');
    const socket = await connectSocket(server.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: villager.token,
    });
    sockets.push(socket);
    expect(await emitAck(socket, 'audio:join', { mode: 'member' })).toMatchObject({
      ok: false,
      code: 'AUDIO_UNAVAILABLE',
    });
    // The speakers' queue does not need audio.
    const queue = await emitAck(socket, 'speakers:raise', { raised: true });
    expect(queue).toMatchObject({
      ok: true,
      data: { queue: [{ name: '李四', origin: 'remote' }] },
    });
  });
});
