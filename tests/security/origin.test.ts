/**
 * Finding 8: a page of another origin on the same host (another port: "same-site" to the
 * browser, so the Lax session cookie goes along) must not act as staff. Raw HTTP requests
 * and raw WebSocket upgrades carry the admin's cookie and a foreign Origin.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type RoomState } from '../../shared/protocol';
import { createLiveMeeting } from '../integration/helpers/api';
import { useServer } from '../integration/helpers/fixture';
import { rawRequest, rawUpgrade } from './helpers/raw';

const fx = useServer();
const FOREIGN = 'http://127.0.0.1:1'; // same host, another port: same-site, cross-origin

/** A raw Engine.IO websocket, then a Socket.IO CONNECT as staff: 'connected' or the refusal. */
function socketIoAsStaff(origin: string, code: string): Promise<string> {
  const url = fx.server.url.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket';
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin, headers: { cookie: fx.admin.cookie } });
    const finish = (outcome: string) => {
      ws.terminate();
      resolve(outcome);
    };
    ws.on('unexpected-response', (_req, res) => finish(`http ${res.statusCode}`));
    ws.on('error', (err) => finish(`error ${err.message}`));
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('0')) {
        ws.send(
          `40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, meetingCode: code, as: 'staff' })}`,
        );
      } else if (text.startsWith('40')) finish('connected');
      else if (text.startsWith('44')) finish(`refused ${text}`);
    });
  });
}

/** First frame after a collab upgrade: 'synced' (binary sync) or 'closed <code>'. */
async function collabAsStaff(origin: string, code: string): Promise<string> {
  const { status, data } = await rawUpgrade(fx.server.url, `/collab/${code}`, {
    Origin: origin,
    Cookie: fx.admin.cookie,
  });
  if (status !== 101) return `http ${status}`;
  if (data[0] === 0x88) return `closed ${data.readUInt16BE(2)}`;
  return data[0] === 0x82 ? 'synced' : `frame ${data[0]}`;
}

describe('same-site cross-origin requests', () => {
  it('refuses a text/plain form POST from another origin that would close the meeting', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const res = await rawRequest(
      fx.server.url,
      'POST',
      `/api/meetings/${meeting.code}/close`,
      { Origin: FOREIGN, Cookie: fx.admin.cookie, 'Content-Type': 'text/plain' },
      '{}',
    );
    expect(res.status).toBe(403);
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.meeting.phase).not.toBe('closed');
  });

  it('refuses a same-origin-looking POST whose Sec-Fetch-Site says same-site', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const res = await rawRequest(
      fx.server.url,
      'POST',
      `/api/meetings/${meeting.code}/close`,
      {
        'Sec-Fetch-Site': 'same-site',
        Cookie: fx.admin.cookie,
        'Content-Type': 'application/json',
      },
      '{}',
    );
    expect(res.status).toBe(403);
  });

  it('refuses a form body even from the same origin (state changes are JSON only)', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await rawRequest(
        fx.server.url,
        'POST',
        `/api/meetings/${meeting.code}/close`,
        { Origin: fx.server.url, Cookie: fx.admin.cookie, 'Content-Type': type },
        '{}',
      );
      expect(res.status, type).toBe(400);
    }
    const ok = await rawRequest(
      fx.server.url,
      'POST',
      `/api/meetings/${meeting.code}/close`,
      { Origin: fx.server.url, Cookie: fx.admin.cookie, 'Content-Type': 'application/json' },
      '{}',
    );
    expect(ok.status).toBe(200);
  });

  it('refuses a Socket.IO connection as staff from another origin, accepts its own', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    expect(await socketIoAsStaff(FOREIGN, meeting.code)).not.toBe('connected');
    expect(await socketIoAsStaff('null', meeting.code)).not.toBe('connected');
    expect(await socketIoAsStaff(fx.server.url, meeting.code)).toBe('connected');
  });

  it('refuses the collab websocket as staff from another origin, accepts its own', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    expect(await collabAsStaff(FOREIGN, meeting.code)).toBe('closed 4403');
    expect(await collabAsStaff(fx.server.url, meeting.code)).toBe('synced');
  });

  it('accepts the origin named by PUBLIC_URL-less Host (a phone by LAN address)', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    // The browser used the laptop's LAN name: Origin and Host agree, whatever they are.
    const res = await rawRequest(
      fx.server.url,
      'POST',
      `/api/meetings/${meeting.code}/join`,
      {
        Host: '192.168.43.10:3000',
        Origin: 'http://192.168.43.10:3000',
        'Content-Type': 'application/json',
      },
      JSON.stringify({ name: '李大爷', attendance: 'room' }),
    );
    expect(res.status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script, frame-ancestors none, nosniff, no-referrer, no HSTS', async () => {
    const res = await rawRequest(fx.server.url, 'GET', '/api/setup');
    const csp = res.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline'; script"); // styles only
    expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
