/**
 * HTTPS on a LAN address (a veth made by the test, tests/integration/helpers/netns.ts): plain
 * HTTP from another machine is served as it is (every phone votes without a certificate
 * warning; one that trusts the CA moves itself to https://, client/src/lib/secure-upgrade.ts);
 * the CA is served as DER and as an iOS profile; addresses given to phones are http://.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from './helpers/api';
import { tryTestLan, type TestLan } from './helpers/netns';
import { startTestServer, type TestServer } from './helpers/server';
import { request } from './helpers/tls';

const lan = tryTestLan('tlsi');
let server: TestServer;
let ca: string;
let base: string;

describe.skipIf(typeof lan === 'string')('HTTPS for phones on the LAN', () => {
  const { address } = lan as TestLan;
  beforeAll(async () => {
    server = await startTestServer(undefined, {
      HOST: address,
      HTTPS: 'auto',
      AUDIO_ENABLED: 'false',
    });
    ca = readFileSync(path.join(server.dataDir, 'tls', 'ca.pem'), 'utf8');
    base = `${address}:${server.port}`;
  });
  afterAll(async () => {
    await server?.dispose();
    (lan as TestLan).dispose();
  });

  it('is on for a LAN address, with phones given http:// (no warning before a vote)', () => {
    expect(server.phoneUrl).toBe(`http://${base}`);
    expect(server.trustUrl).toBe(`http://${base}/trust`);
  });

  it('serves plain HTTP from a LAN address as it is: never a redirect to a warning', async () => {
    for (const [method, url] of [
      ['GET', '/m/123456?k=abc'],
      ['GET', '/api/meetings/123456'],
      ['POST', '/api/auth/login'],
    ] as const) {
      const res = await request(`http://${base}${url}`, { method });
      expect(res.status).not.toBe(308);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('serves the trust page, the CA and the health check over plain HTTP', async () => {
    for (const url of [
      '/healthz',
      '/api/tls',
      '/tls/yuanba-ca.crt',
      '/tls/yuanba-ca.mobileconfig',
    ]) {
      expect((await request(`http://${base}${url}`)).status).toBe(200);
    }
    const der = await request(`http://${base}/tls/yuanba-ca.crt`);
    expect(der.headers['content-type']).toBe('application/x-x509-ca-cert');
    const cert = new X509Certificate(der.body);
    expect(cert.ca).toBe(true);
    expect(cert.toString()).toBe(new X509Certificate(ca).toString());
    const info = JSON.parse((await request(`http://${base}/api/tls`)).body.toString()) as {
      data: { https: boolean; fingerprint: string };
    };
    expect(info.data).toMatchObject({ https: true, fingerprint: cert.fingerprint256 });
    const profile = await request(`http://${base}/tls/yuanba-ca.mobileconfig`);
    expect(profile.headers['content-type']).toMatch(/^application\/x-apple-aspen-config/);
    expect(profile.body.toString()).toContain(cert.raw.toString('base64'));
  });

  it('serves HTTPS on the LAN address with a certificate the CA vouches for', async () => {
    const res = await request(`https://${base}/api/tls`, { ca });
    expect(res.status).toBe(200);
  });

  it('covers an address the laptop gets while running (a hotspot turned on later)', async () => {
    const fresh = (lan as TestLan).addAddress();
    const names = () =>
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: address, port: server.port, ca }, () => {
          resolve(socket.getPeerX509Certificate()?.subjectAltName ?? '');
          socket.destroy();
        });
        socket.on('error', reject);
      });
    expect(await names()).not.toContain(fresh);
    const started = Date.now();
    while (!(await names()).includes(`IP Address:${fresh}`)) {
      expect(Date.now() - started).toBeLessThan(15_000);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Same CA: phones that trusted it still do.
    expect((await request(`https://${base}/api/tls`, { ca })).status).toBe(200);
  }, 20_000);

  it('gives http:// join links and an http:// trust page to the hall screen', async () => {
    const admin = await adminClient(`http://127.0.0.1:${server.port}`).catch(() => null);
    // The server listens on the LAN address only: staff reach it there, over HTTPS.
    expect(admin).toBeNull();
    const setup = await request(`https://${base}/api/setup`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://${base}` },
      body: JSON.stringify({ username: 'admin', password: 'admin-password', displayName: '王' }),
    });
    expect(setup.status).toBe(200);
    const cookie = String(setup.headers['set-cookie']).split(';')[0]!;
    const created = await request(`https://${base}/api/meetings`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://${base}`, cookie },
      body: JSON.stringify({
        title: '院坝会',
        topic: '加装电梯',
        place: '3号楼院坝',
        level: 'village',
        date: '2026-11-22',
      }),
    });
    expect(created.status).toBe(200);
    const { code } = (JSON.parse(created.body.toString()) as { data: { code: string } }).data;
    const join = await request(`https://${base}/api/meetings/${code}/join-url`, {
      ca,
      headers: { cookie },
    });
    expect(JSON.parse(join.body.toString()).data).toEqual({
      url: `http://${base}/m/${code}`,
      trustUrl: `http://${base}/trust`,
    });
  });
});
