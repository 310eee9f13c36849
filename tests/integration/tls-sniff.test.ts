/**
 * HTTPS and HTTP on one port (server/tls/sniff.ts), attacked with raw bytes: a TLS client and
 * a plain one side by side, garbage, a TLS client that sends junk, connections that say
 * nothing. None may crash the server or hold up anyone else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closedAfter, raw, request } from './helpers/tls';
import { startTestServer, type TestServer } from './helpers/server';

let server: TestServer;
let ca: string;
let port: number;
const host = '127.0.0.1';

beforeAll(async () => {
  server = await startTestServer(undefined, { HTTPS: 'on', AUDIO_ENABLED: 'false' });
  ca = readFileSync(path.join(server.dataDir, 'tls', 'ca.pem'), 'utf8');
  port = server.port;
});
afterAll(async () => {
  await server.dispose();
});

const healthy = async () => {
  expect((await request(`http://${host}:${port}/healthz`)).status).toBe(200);
  expect((await request(`https://localhost:${port}/healthz`, { ca })).status).toBe(200);
};

describe('one port, both protocols', () => {
  it('answers raw HTTP and raw TLS on the same port', async () => {
    const plain = await raw(
      host,
      port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(plain.reply).toMatch(/^HTTP\/1\.1 200/);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({ host, port, ca, servername: 'localhost' }, () => {
        expect(socket.authorized).toBe(true);
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      });
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
  });

  it('knows which requests came encrypted (the session cookie is Secure only over TLS)', async () => {
    const setup = await request(`https://localhost:${port}/api/setup`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://localhost:${port}` },
      body: JSON.stringify({ username: 'admin', password: 'admin-password', displayName: '王' }),
    });
    expect(setup.status).toBe(200);
    expect(String(setup.headers['set-cookie'])).toMatch(/; Secure/);
    const login = await request(`http://${host}:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password' }),
    });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('upgrades websockets over TLS (Socket.IO, the collab door)', async () => {
    const ws = new WebSocket(`wss://localhost:${port}/socket.io/?EIO=4&transport=websocket`, {
      ca,
    });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data: Buffer) => resolve(data.toString()));
      ws.once('error', reject);
    });
    expect(first).toMatch(/^0\{"sid"/);
    ws.close();
  });

  it('survives garbage first bytes and serves the next client', async () => {
    for (const junk of [Buffer.from([0, 0xff, 0x13, 0x37]), Buffer.alloc(4096, 0x41), '\r\n\r\n']) {
      const { reply } = await raw(host, port, junk, 2_000);
      expect(reply).not.toMatch(/^HTTP\/1\.1 200/);
    }
    await healthy();
  });

  it('drops a TLS client that sends junk after the handshake byte', async () => {
    const junk = Buffer.concat([
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0x10]),
      Buffer.alloc(64, 0xee),
    ]);
    const { closed } = await raw(host, port, junk, 5_000);
    expect(closed).toBe(true);
    await healthy();
  });

  it('closes silent connections (slowloris on the sniff) while others are served', async () => {
    const silent = Array.from({ length: 40 }, () => closedAfter(host, port, null));
    const halfHello = closedAfter(host, port, Buffer.from([0x16]));
    const started = Date.now();
    await healthy();
    expect(Date.now() - started).toBeLessThan(2_000);
    const times = await Promise.all([...silent, halfHello]);
    for (const ms of times) expect(ms).toBeLessThan(15_000);
    await healthy();
  }, 30_000);
});
