import { rmSync } from 'node:fs';
import net from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { COLLAB_CLOSE, YDOC_KEYS } from '../../shared/collab';
import { LIMITS } from '../../shared/limits';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';
import { closeCodeIn, frame, OPCODE, rawUpgrade } from './helpers/raw-ws';
import { healthy, meetingWithEditors } from './helpers/meeting';

/**
 * Finding 1: no network input may end the process. The server runs as its own process, so a
 * crash is a real crash; after every attack /healthz must answer and two editors that were
 * connected before must still sync.
 */
const dataDir = tempDataDir();
let server: ChildServer;
let meeting: Awaited<ReturnType<typeof meetingWithEditors>>;
let exited = false;

beforeAll(async () => {
  server = await startChildServer(dataDir, { AUDIO_ENABLED: 'false' });
  server.process.once('exit', () => (exited = true));
  meeting = await meetingWithEditors(server.url);
}, 30_000);
afterAll(async () => {
  meeting?.destroy();
  if (!exited) await server.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

const bytes = (...values: number[]) => new Uint8Array(values);
/** Malformed frames, each of which `ws` refuses by closing the socket and emitting 'error'. */
const MALFORMED: [string, Buffer][] = [
  ['a reserved opcode', frame({ opcode: 0x3, payload: bytes(1, 2, 3) })],
  [
    'invalid UTF-8 in a text frame',
    frame({ opcode: OPCODE.text, payload: bytes(0xff, 0xfe, 0xc3) }),
  ],
  ['an unmasked client frame', frame({ opcode: OPCODE.binary, payload: bytes(0, 0), mask: false })],
  ['a length far over the limit', frame({ opcode: OPCODE.binary, length: 2 ** 40 })],
  ['RSV bits without an extension', frame({ opcode: OPCODE.binary, rsv: 7, payload: bytes(0) })],
  ['a fragmented ping', frame({ opcode: OPCODE.ping, fin: false })],
  [
    'a continuation with nothing to continue',
    frame({ opcode: OPCODE.continuation, payload: bytes(1) }),
  ],
  [
    'a close frame with an invalid code',
    frame({ opcode: OPCODE.close, payload: bytes(0x03, 0xe7) }),
  ],
];

async function expectStillServing(label: string): Promise<void> {
  expect(exited, `server exited after ${label}`).toBe(false);
  expect(await healthy(server.url), `healthz after ${label}`).toBe(true);
  await meeting.stillSyncs(label);
}

describe('malformed websocket frames on /collab', () => {
  for (const credentials of ['unauthenticated', 'recorder'] as const) {
    for (const [name, bad] of MALFORMED) {
      it(`${credentials}: ${name} ends that connection only`, async () => {
        const path =
          credentials === 'recorder'
            ? `/collab/${meeting.code}?token=${encodeURIComponent(meeting.recorderToken)}`
            : `/collab/${meeting.code}`;
        const raw = await rawUpgrade(server.url, path);
        expect(raw.status).toContain('101');
        raw.write(bad);
        await raw.closed(1_000);
        raw.destroy();
        await expectStillServing(`${credentials} ${name}`);
      });
    }
  }

  it('a frame sent together with the upgrade request, then a reset during authentication', async () => {
    const url = new URL(server.url);
    for (let i = 0; i < 20; i += 1) {
      const socket = net.connect({ host: url.hostname, port: Number(url.port) });
      socket.on('error', () => {});
      await new Promise((r) => socket.once('connect', r));
      socket.write(
        `GET /collab/${meeting.code}?token=${encodeURIComponent(meeting.recorderToken)} HTTP/1.1\r\n` +
          `Host: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      socket.write(frame({ opcode: 0x3 }));
      socket.resetAndDestroy();
    }
    await new Promise((r) => setTimeout(r, 300));
    await expectStillServing('resets during upgrade');
  });

  it('resets during upgrades on every other path', async () => {
    const url = new URL(server.url);
    const paths = [
      '/other',
      '/socket.io/?EIO=4&transport=websocket',
      '/socket.io/?EIO=3&transport=websocket',
      '/socket.io/?EIO=4&transport=polling',
      '/collab/',
    ];
    for (const path of paths) {
      for (let i = 0; i < 5; i += 1) {
        const socket = net.connect({ host: url.hostname, port: Number(url.port) });
        socket.on('error', () => {});
        await new Promise((r) => socket.once('connect', r));
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
        await new Promise((r) => setTimeout(r, i * 20));
        socket.resetAndDestroy();
      }
    }
    await new Promise((r) => setTimeout(r, 1_200));
    await expectStillServing('resets on other upgrade paths');
  });

  it('a Yjs message over collabMessageBytes is refused with 4413, the server carries on', async () => {
    const raw = await rawUpgrade(
      server.url,
      `/collab/${meeting.code}?token=${encodeURIComponent(meeting.recorderToken)}`,
    );
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, new Uint8Array(LIMITS.collabMessageBytes + 1000));
    raw.write(frame({ opcode: OPCODE.binary, payload: encoding.toUint8Array(encoder) }));
    await raw.closed(3_000);
    expect(closeCodeIn(raw.received())).toBe(COLLAB_CLOSE.docTooLarge);
    raw.destroy();
    await expectStillServing('oversized message');
  });

  it('an awareness message over collabAwarenessBytes is refused with 4413', async () => {
    const raw = await rawUpgrade(server.url, `/collab/${meeting.code}`, {
      headers: { cookie: meeting.admin.cookie },
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, new Uint8Array(LIMITS.collabAwarenessBytes + 1));
    raw.write(frame({ opcode: OPCODE.binary, payload: encoding.toUint8Array(encoder) }));
    await raw.closed(500);
    expect(closeCodeIn(raw.received())).toBe(COLLAB_CLOSE.docTooLarge);
    raw.destroy();
    await expectStillServing('oversized awareness');
  });

  it('a recorder pasting more than the doc limit gets 4413 and the doc stays within it', async () => {
    const local = new Y.Doc();
    const updates: Uint8Array[] = [];
    local.on('update', (u: Uint8Array) => updates.push(u));
    const chunk = '长'.repeat(Math.floor(LIMITS.collabMessageBytes / 3.5));
    const fragment = local.getXmlFragment(YDOC_KEYS.minutes);
    for (let i = 0; i * chunk.length * 3 < LIMITS.collabDocBytes * 1.5; i += 1) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(chunk)]);
      fragment.push([p]);
    }
    const ws = new WebSocket(
      `${server.url.replace('http', 'ws')}/collab/${meeting.code}?token=${encodeURIComponent(meeting.recorderToken)}`,
    );
    const code = await new Promise<number>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('close', (c) => resolve(c));
      ws.on('open', () => {
        for (const update of updates) {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, 0);
          encoding.writeVarUint(encoder, 2);
          encoding.writeVarUint8Array(encoder, update);
          ws.send(encoding.toUint8Array(encoder));
        }
      });
    });
    expect(code).toBe(COLLAB_CLOSE.docTooLarge);
    await expectStillServing('oversized doc');
    const size = Y.encodeStateAsUpdate(meeting.witness.doc).length;
    expect(size).toBeLessThanOrEqual(LIMITS.collabDocBytes);
  }, 30_000);
});

describe('malformed websocket frames on /socket.io', () => {
  for (const [name, bad] of MALFORMED) {
    it(`${name} ends that connection only`, async () => {
      const raw = await rawUpgrade(server.url, '/socket.io/?EIO=4&transport=websocket');
      expect(raw.status).toContain('101');
      raw.write(bad);
      await raw.closed(1_000);
      raw.destroy();
      await expectStillServing(`socket.io ${name}`);
    });
  }

  it('garbage engine.io and socket.io packets in valid frames', async () => {
    const raw = await rawUpgrade(server.url, '/socket.io/?EIO=4&transport=websocket');
    for (const text of [
      '40{"meetingCode":',
      '4',
      '42["x"',
      '9999',
      '43[]',
      '41/nope,',
      '40/x,{}',
      '',
    ]) {
      raw.write(frame({ opcode: OPCODE.text, payload: Buffer.from(text) }));
    }
    raw.write(frame({ opcode: OPCODE.binary, payload: bytes(0xff, 0, 1) }));
    await raw.closed(1_000);
    raw.destroy();
    await expectStillServing('socket.io garbage packets');
  });
});
