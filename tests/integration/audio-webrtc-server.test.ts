import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createLiveMeeting } from './helpers/api';
import { joinAudio, ok } from './helpers/audio';
import { connectSocket, emitAck, type TestSocket } from './helpers/realtime';
import { startTestServer, type TestServer } from './helpers/server';

// Firewall-friendly mode: every transport of a worker shares one UDP/TCP port.
let PORT = 0;
let server: TestServer;
let socket: TestSocket;

/** A port free for both UDP and TCP right now, above the worker's own range. */
async function freePort(): Promise<number> {
  for (let port = 50_000 + Math.floor(Math.random() * 5000); ; port += 1) {
    const udp = createSocket('udp4');
    const tcp = createServer();
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => {
        tcp.once('error', () => resolve(false));
        tcp.listen(port, '127.0.0.1', () => resolve(true));
      });
    });
    udp.close();
    tcp.close();
    if (free) return port;
  }
}

beforeAll(async () => {
  PORT = await freePort();
  server = await startTestServer(undefined, { AUDIO_WEBRTC_SERVER_PORT: String(PORT) });
});
afterAll(async () => {
  socket?.close();
  await server.dispose();
});

describe('audio on a single-port WebRtcServer', () => {
  it('announces the configured port for every transport', async () => {
    const admin = await adminClient(server.url);
    const { meeting } = await createLiveMeeting(admin);
    socket = await connectSocket(
      server.url,
      { meetingCode: meeting.code, as: 'staff' },
      admin.cookie,
    );
    await joinAudio(socket, 'hall');
    const ports = [];
    for (const direction of ['send', 'recv'] as const) {
      const info = await ok(emitAck(socket, 'audio:createTransport', { direction }));
      ports.push(...info.iceCandidates.map((c) => [c.protocol, c.address, c.port]));
    }
    expect(ports).toEqual([
      ['udp', '127.0.0.1', PORT],
      ['tcp', '127.0.0.1', PORT],
      ['udp', '127.0.0.1', PORT],
      ['tcp', '127.0.0.1', PORT],
    ]);
  });
});
