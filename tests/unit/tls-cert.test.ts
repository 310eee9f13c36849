/**
 * The local CA and the laptop's certificate (server/tls/cert.ts, store.ts): valid X.509 that
 * OpenSSL (inside Node's TLS) accepts for private addresses, and refuses for a public name
 * even when signed by the CA (name constraints).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createCa, issueLeaf, type KeyAndCert } from '../../server/tls/cert';
import { loadTls } from '../../server/tls/store';

const ca = createCa('test');

/** Whether a TLS client that trusts the CA accepts `leaf` for `name`. */
async function accepts(leaf: KeyAndCert, name: string): Promise<string> {
  const server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (s) => s.end());
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        ca: ca.certPem,
        servername: /^[\d.]+$/.test(name) ? undefined : name,
        checkServerIdentity: () => undefined,
      });
      socket.on('secureConnect', () => (resolve('ok'), socket.destroy()));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(`${err.code}: ${err.message}`));
    });
  } finally {
    server.close();
  }
}

describe('the local CA', () => {
  it('is a name-constrained P-256 CA', () => {
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('issues a leaf a TLS client accepts for private addresses', async () => {
    const leaf = issueLeaf(ca, { ips: ['127.0.0.1', '192.168.43.10'], dns: ['localhost'] });
    const cert = new X509Certificate(leaf.certPem);
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(cert.checkIP('192.168.43.10')).toBe('192.168.43.10');
    expect(await accepts(leaf, '127.0.0.1')).toBe('ok');
  });

  it('cannot vouch for a public site, even signed by the CA', async () => {
    const rogue = issueLeaf(ca, { ips: ['8.8.8.8'], dns: ['www.example.com'] });
    expect(await accepts(rogue, 'www.example.com')).toBe(
      'UNSPECIFIED: permitted subtree violation',
    );
  });
});

describe('DATA_DIR/tls', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const machine = (address: string) => ({
    interfaces: { wlan0: [{ address, internal: false, family: 'IPv4' } as never] },
    hostname: 'laptop',
  });

  it('is made once, keys private; a new hotspot address gets a new leaf from the same CA', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const first = loadTls(dir, now, machine('192.168.43.10'));
    expect(first.reissued).toBe('missing');
    expect(statSync(path.join(dir, 'tls', 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    const again = loadTls(dir, now, machine('192.168.43.10'));
    expect(again.reissued).toBeNull();
    expect(again.cert).toBe(first.cert);
    const moved = loadTls(dir, now, machine('172.20.10.2'));
    expect(moved.reissued).toBe('names');
    expect(moved.ca.fingerprint).toBe(first.ca.fingerprint);
    expect(new X509Certificate(moved.cert).checkIP('172.20.10.2')).toBe('172.20.10.2');
    const later = loadTls(dir, new Date('2027-12-20T00:00:00Z'), machine('172.20.10.2'));
    expect(later.reissued).toBe('expiring');
    expect(later.ca.fingerprint).toBe(new X509Certificate(first.ca.pem).fingerprint256);
  });
});
