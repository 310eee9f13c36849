import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { COLLAB_CLOSE } from '../../shared/collab';
import { PROTOCOL_VERSION, RATE_LIMITS, type Ack } from '../../shared/protocol';
import { adminClient, createLiveMeeting, join, type ApiClient } from '../integration/helpers/api';
import { connectSocket, type TestSocket } from '../integration/helpers/realtime';
import { rmSync } from 'node:fs';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';
import { percentile } from '../bench/lib/stats';
import { closeCodeIn, frame, OPCODE, rawUpgrade, type RawConnection } from './helpers/raw-ws';

/** Finding 10: floods are cut off, per socket and per address, with the defaults in RATE_LIMITS. */
// Its own process: the flooding client must not share the server's event loop.
const dataDir = tempDataDir();
let server: ChildServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startChildServer(dataDir, { AUDIO_ENABLED: 'false' });
  admin = await adminClient(server.url);
}, 30_000);
afterAll(async () => {
  await server?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

const ack = (socket: TestSocket, event: string, payload: unknown): Promise<Ack<unknown>> =>
  new Promise((resolve) =>
    (socket.emit as (e: string, p: unknown, cb: (a: Ack<unknown>) => void) => void)(
      event,
      payload,
      resolve,
    ),
  );

/** A phone at another loopback address (the attacker's own, or a villager's). */
function connectFrom(
  localAddress: string,
  url: string,
  auth: { meetingCode: string; as: 'participant'; token: string },
): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    localAddress,
  } as Parameters<typeof io>[1]);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Round trips of one well-behaved phone (~8 events/s, under its budget) for `ms`. */
async function ackTimes(socket: TestSocket, ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = Date.now() + ms;
  for (let raised = true; Date.now() < end; raised = !raised) {
    const started = performance.now();
    const answer = await ack(socket, 'speakers:raise', { raised });
    expect(answer.ok).toBe(true);
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 120));
  }
  return times;
}

describe('a socket flooding events', () => {
  it('is refused with RATE_LIMITED, then disconnected; another phone keeps its latency', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const flooder = await join(server.url, meeting.code, '捣乱的人');
    const villager = await join(server.url, meeting.code, '李大爷');
    const phone = await connectSocket(server.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: villager.token,
    });
    const baseline = await ackTimes(phone, 2_000);

    // 1,000 speakers:raise a second from the attacker's address (127.0.0.3), reconnecting
    // whenever the server cuts the socket off.
    let refused = 0;
    let disconnects = 0;
    let sent = 0;
    let flooding = true;
    const flood = (async () => {
      while (flooding) {
        let socket: TestSocket;
        try {
          socket = await connectFrom('127.0.0.3', server.url, {
            meetingCode: meeting.code,
            as: 'participant',
            token: flooder.token,
          });
        } catch {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const gone = new Promise<void>((resolve) =>
          socket.once('disconnect', (reason) => {
            if (reason === 'io server disconnect') disconnects += 1;
            resolve();
          }),
        );
        let open = true;
        void gone.then(() => (open = false));
        for (let i = 0; flooding && open; i += 1) {
          for (let j = 0; j < 10; j += 1) {
            sent += 1;
            void ack(socket, 'speakers:raise', { raised: (i + j) % 2 === 0 }).then((a) => {
              if (!a.ok && a.code === 'RATE_LIMITED') refused += 1;
            });
          }
          await new Promise((r) => setTimeout(r, 10));
        }
        socket.close();
      }
    })();
    const during = await ackTimes(phone, 3_000);
    flooding = false;
    await flood;
    phone.close();

    const p99 = (xs: number[]) => percentile(xs, 99);
    console.log(
      `flood: ${sent} events sent, ${refused} refused with RATE_LIMITED, ${disconnects} disconnects; ` +
        `other phone's ack p99 ${p99(baseline).toFixed(1)} ms without, ${p99(during).toFixed(1)} ms during`,
    );
    expect(refused).toBeGreaterThan(0);
    expect(disconnects).toBeGreaterThan(0);
    // Generous: the machine is shared; unbounded, the same flood made it ten times worse.
    expect(p99(during)).toBeLessThan(Math.max(250, 5 * p99(baseline)));
  }, 30_000);

  it('a collab connection flooding messages is closed with 1013 (retry later)', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meeting.code}`, {
      headers: { cookie: admin.cookie },
    });
    const code = await new Promise<number>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('close', (c) => resolve(c));
      ws.on('open', () => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 3); // query awareness: cheap, but still a message
        const message = encoding.toUint8Array(encoder);
        // ~5,000 messages a second until the server closes the connection.
        const timer = setInterval(() => {
          if (ws.readyState !== ws.OPEN) return clearInterval(timer);
          for (let i = 0; i < 50; i += 1) ws.send(message);
        }, 10);
      });
    });
    expect(code).toBe(COLLAB_CLOSE.rateLimited);
  });
});

describe('packets that never become events', () => {
  it('a flood of namespace connects on one engine.io connection closes it', async () => {
    const raw = await rawUpgrade(server.url, '/socket.io/?EIO=4&transport=websocket', {
      localAddress: '127.0.0.4',
    });
    for (let i = 0; i < 2_000 && !raw.socket.destroyed; i += 1) {
      raw.write(frame({ opcode: OPCODE.text, payload: Buffer.from(`40/nope${i},`) }));
      if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    // The server starts the close handshake (and ignores whatever else this client sends).
    await raw.closed(500);
    expect(closeCodeIn(raw.received())).not.toBeNull();
    raw.destroy();
  });
});

describe('many connections from one address', () => {
  const held: RawConnection[] = [];
  afterAll(() => held.forEach((c) => c.destroy()));

  it('refuses unauthenticated sockets past the per-address cap; another address still gets in', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const cap = RATE_LIMITS.connectionsPerAddress;
    const statuses = { socketio: [] as string[], collab: [] as string[] };
    for (let i = 0; i < cap + 10; i += 1) {
      const a = await rawUpgrade(server.url, '/socket.io/?EIO=4&transport=websocket');
      const b = await rawUpgrade(server.url, `/collab/${meeting.code}`);
      held.push(a, b);
      statuses.socketio.push(a.status);
      statuses.collab.push(b.status);
    }
    const count = (xs: string[], s: string) => xs.filter((x) => x.includes(s)).length;
    console.log(
      `socket.io: ${count(statuses.socketio, '101')} accepted, ${count(statuses.socketio, '400')} refused; ` +
        `collab: ${count(statuses.collab, '101')} accepted, ${count(statuses.collab, '429')} refused`,
    );
    expect(count(statuses.socketio, '101')).toBeLessThanOrEqual(cap);
    expect(count(statuses.socketio, '400')).toBeGreaterThanOrEqual(10);
    expect(count(statuses.collab, '101')).toBeLessThanOrEqual(cap);
    expect(count(statuses.collab, '429')).toBeGreaterThanOrEqual(10);

    // A real villager on another address (127.0.0.2) connects and gets the room.
    const villager = await join(server.url, meeting.code, '王大妈');
    const phone = await connectFrom('127.0.0.2', server.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: villager.token,
    });
    phone.close();
    const editor = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${meeting.code}`, {
      headers: { cookie: admin.cookie },
      localAddress: '127.0.0.2',
    });
    await new Promise<void>((resolve, reject) => {
      editor.once('message', () => resolve());
      editor.once('error', reject);
    });
    editor.close();
  }, 60_000);
});
