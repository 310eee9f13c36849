import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/protocol';
import { adminClient, ApiClient, createLiveMeeting, join } from './helpers/api';
import { connectSocket, emitAck, type TestSocket } from './helpers/realtime';
import { startTestServer, tempDataDir, type TestServer } from './helpers/server';
import { connectTracked, waitForRoom } from './helpers/room-mirror';

const dataDir = tempDataDir();
let server: TestServer;
let admin: ApiClient;
const sockets: TestSocket[] = [];
const track = (socket: TestSocket) => (sockets.push(socket), socket);

beforeAll(async () => {
  server = await startTestServer(dataDir, { AUDIO_ENABLED: 'false' });
  admin = await adminClient(server.url);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.dispose();
});

describe('the speakers’ queue', () => {
  it('serves hall and remote in one line, checks roles, and survives a restart', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const code = meeting.code;
    const chair = track(
      await connectSocket(server.url, { meetingCode: code, as: 'staff' }, admin.cookie),
    );
    const screen = track(await connectTracked(server.url, { meetingCode: code, as: 'screen' }));
    const phone = await join(server.url, code, '现场王伯', 'room');
    const remote = await join(server.url, code, '线上刘姐', 'remote');
    const phoneSocket = track(
      await connectSocket(server.url, { meetingCode: code, as: 'participant', token: phone.token }),
    );
    const remoteSocket = track(
      await connectSocket(server.url, {
        meetingCode: code,
        as: 'participant',
        token: remote.token,
      }),
    );

    await emitAck(phoneSocket, 'speakers:raise', { raised: true });
    await emitAck(chair, 'speakers:add', { name: '村支书' });
    const seen = waitForRoom(screen, (s: RoomState) => s.speakers.queue.length === 3);
    await emitAck(remoteSocket, 'speakers:raise', { raised: true });
    const state = await seen;
    expect(state.speakers.queue.map((e) => [e.name, e.origin])).toEqual([
      ['现场王伯', 'room'],
      ['村支书', 'hall'],
      ['线上刘姐', 'remote'],
    ]);
    expect(state.audio.available).toBe(false);

    // Only the facilitator runs the queue; the screen only watches.
    const third = state.speakers.queue[2]!.id;
    expect(await emitAck(remoteSocket, 'speakers:give', { entryId: third })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitAck(screen, 'speakers:raise', { raised: true })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(
      await emitAck(chair, 'speakers:move', { entryId: 'no-such-entry', toIndex: 0 }),
    ).toMatchObject({
      ok: false,
      code: 'SPEAKER_NOT_FOUND',
    });

    await emitAck(chair, 'speakers:move', { entryId: third, toIndex: 0 });
    await emitAck(chair, 'speakers:time', { speakingSec: 120 });
    const given = await emitAck(chair, 'speakers:give', {});
    expect(given).toMatchObject({
      ok: true,
      data: { floor: { entry: { name: '线上刘姐' }, durationSec: 120 } },
    });
    await emitAck(chair, 'speakers:remove', { entryId: state.speakers.queue[1]!.id });

    // Restart on the same data: the line and the floor are still there.
    for (const socket of sockets) socket.close();
    await server.close();
    server = await startTestServer(dataDir, { AUDIO_ENABLED: 'false' });
    // Port 0: the restarted server has a new address; the state route needs no login.
    const after = await new ApiClient(server.url).ok<RoomState>('GET', `/meetings/${code}/state`);
    expect(after.speakers.floor?.entry.name).toBe('线上刘姐');
    expect(after.speakers.queue.map((e) => e.name)).toEqual(['现场王伯']);
  });
});
