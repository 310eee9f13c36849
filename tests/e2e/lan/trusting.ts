/**
 * For the LAN HTTPS e2e test: a browser home whose NSS store trusts the server's local CA
 * (as a phone that installed it does), and a REST client that trusts it too.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Ack } from '../../../shared/protocol';
import { ApiClient } from '../../integration/helpers/api';
import { request } from '../../integration/helpers/tls';

/**
 * A temporary HOME for Chromium with the CA in ~/.pki/nssdb, trusted for websites only
 * (certutil from Debian's libnss3-tools).
 */
export function homeTrusting(caPem: string): string {
  const home = mkdtempSync(path.join(tmpdir(), 'yuanba-home-'));
  const db = path.join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  const ca = path.join(home, 'ca.pem');
  writeFileSync(ca, caPem);
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-t', 'C,,', '-n', 'yuanba', '-i', ca]);
  return home;
}

/** The integration tests' ApiClient over HTTPS with the local CA (fetch takes no CA). */
export class TrustingApi extends ApiClient {
  constructor(
    baseUrl: string,
    private readonly ca: string,
  ) {
    super(baseUrl);
  }

  override async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; ack: Ack<T> }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const res = await request(`${this.baseUrl}/api${path}`, {
      ca: this.ca,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers['set-cookie']?.[0];
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return { status: res.status, ack: JSON.parse(res.body.toString()) as Ack<T> };
  }
}
