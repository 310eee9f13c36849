/**
 * Findings 4 (code sweeps, join floods) and 11 (password guessing): per-address budgets with
 * a typed RATE_LIMITED refusal and Retry-After. The server trusts X-Forwarded-For only from a
 * loopback peer (a local proxy): the tests use it to act as many different LAN addresses.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { Lockout, REQUEST_LIMITS } from '../../server/http/limits';
import { ipv6Prefix64 } from '../../server/util/rate-limit';
import { ADMIN, createLiveMeeting } from '../integration/helpers/api';
import { useServer } from '../integration/helpers/fixture';
import { rawRequest } from './helpers/raw';

const fx = useServer();
let addressCounter = 0;
/** A fresh client address for each scenario (10.9.x.y). */
const nextAddress = () => {
  addressCounter += 1;
  return `10.9.${addressCounter >> 8}.${addressCounter & 255}`;
};
const JSON_TYPE = { 'Content-Type': 'application/json' };

const lookup = (address: string, code: string) =>
  rawRequest(fx.server.url, 'GET', `/api/meetings/${code}`, { 'X-Forwarded-For': address });

/** A meeting code that does not exist (the sweep's i-th guess). */
const guess = (i: number) => String(100000 + ((i * 7919) % 900000));

/** Socket.IO handshake over a raw websocket: 'connected' or the refusal's error code. */
function handshake(address: string, code: string): Promise<string> {
  const url = fx.server.url.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket';
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { 'x-forwarded-for': address } });
    const finish = (outcome: string) => (ws.terminate(), resolve(outcome));
    ws.on('error', (err) => finish(`error ${err.message}`));
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('0')) {
        ws.send(
          `40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, meetingCode: code, as: 'screen' })}`,
        );
      } else if (text.startsWith('40')) finish('connected');
      else if (text.startsWith('44'))
        finish((JSON.parse(text.slice(2)) as { data: { code: string } }).data.code);
    });
  });
}

describe('meeting-code sweeps', () => {
  it('stops a sweep after the failure budget, then refuses even a real code, with Retry-After', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const sweeper = nextAddress();
    const budget = REQUEST_LIMITS.failedCodeLookups.points;
    const statuses: number[] = [];
    for (let i = 0; i < budget + 20; i += 1)
      statuses.push((await lookup(sweeper, guess(i))).status);
    expect(statuses.slice(0, budget).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(budget).every((s) => s === 429)).toBe(true);
    const real = await lookup(sweeper, meeting.code);
    expect(real.status).toBe(429);
    expect(JSON.parse(real.body)).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(Number(real.headers['retry-after'])).toBeGreaterThan(3000);
    // Another address (a villager's phone) is not affected.
    expect((await lookup(nextAddress(), meeting.code)).status).toBe(200);
  });

  it('counts Socket.IO handshakes with unknown codes against the same budget', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const sweeper = nextAddress();
    const outcomes: string[] = [];
    for (let i = 0; i < REQUEST_LIMITS.failedCodeLookups.points + 5; i += 1) {
      outcomes.push(await handshake(sweeper, guess(1000 + i)));
    }
    expect(outcomes.slice(0, REQUEST_LIMITS.failedCodeLookups.points)).toSatisfy((o: string[]) =>
      o.every((x) => x === 'MEETING_NOT_FOUND'),
    );
    expect(outcomes.at(-1)).toBe('RATE_LIMITED');
    expect(await handshake(sweeper, meeting.code)).toBe('RATE_LIMITED');
    expect(await handshake(nextAddress(), meeting.code)).toBe('connected');
  });

  it('caps all code lookups from one address per minute', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const client = nextAddress();
    const total = REQUEST_LIMITS.codeLookups.points + 10;
    let refused = 0;
    for (let i = 0; i < total; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, () => lookup(client, meeting.code)),
      );
      refused += batch.filter((r) => r.status === 429).length;
    }
    expect(refused).toBe(10);
  });
});

describe('joins', () => {
  it('caps joins per address, not for the next address', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const flooder = nextAddress();
    const join = (address: string, i: number) =>
      rawRequest(
        fx.server.url,
        'POST',
        `/api/meetings/${meeting.code}/join`,
        { 'X-Forwarded-For': address, ...JSON_TYPE },
        JSON.stringify({ name: `机器人${i}`, attendance: 'remote' }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < REQUEST_LIMITS.joins.points + 5; i += 1)
      statuses.push((await join(flooder, i)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(REQUEST_LIMITS.joins.points);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
    // Another name: 机器人0 is here already and would get the same-name hint (issue 10).
    expect((await join(nextAddress(), REQUEST_LIMITS.joins.points + 100)).status).toBe(200);
  });
});

describe('password guessing', () => {
  const login = (address: string, username: string, password: string) =>
    rawRequest(
      fx.server.url,
      'POST',
      '/api/auth/login',
      { 'X-Forwarded-For': address, ...JSON_TYPE },
      JSON.stringify({ username, password }),
    );

  it('locks a username out for an address after 5 wrong passwords, even the right one', async () => {
    const guesser = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1)
      statuses.push((await login(guesser, ADMIN.username, `wrong-guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]); // 5 guesses, then locked
    const right = await login(guesser, ADMIN.username, ADMIN.password);
    expect(right.status).toBe(429);
    expect(JSON.parse(right.body)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(55);
    // The administrator at the laptop still logs in.
    expect((await login(nextAddress(), ADMIN.username, ADMIN.password)).status).toBe(200);
  });

  it('locks a username out from everywhere after 20 wrong passwords spread over addresses', async () => {
    await fx.admin.ok('POST', '/users', {
      username: 'teller2',
      password: 'teller2-password',
      displayName: '计票人',
      role: 'recorder',
    });
    for (let i = 0; i < REQUEST_LIMITS.loginFailsUser.points; i += 1) {
      expect((await login(nextAddress(), 'teller2', `wrong-guess-${i}`)).status).toBe(401);
    }
    expect((await login(nextAddress(), 'teller2', 'teller2-password')).status).toBe(429);
  });

  it('does not lock a username out at an address it recently logged in from', async () => {
    await fx.admin.ok('POST', '/users', {
      username: 'teller3',
      password: 'teller3-password',
      displayName: '计票人三',
      role: 'recorder',
    });
    const laptop = nextAddress();
    expect((await login(laptop, 'teller3', 'teller3-password')).status).toBe(200);
    for (let i = 0; i < REQUEST_LIMITS.loginFailsUser.points; i += 1) {
      await login(nextAddress(), 'teller3', `wrong-guess-${i}`);
    }
    expect((await login(nextAddress(), 'teller3', 'teller3-password')).status).toBe(429);
    expect((await login(laptop, 'teller3', 'teller3-password')).status).toBe(200);
  });

  it('takes as long for an unknown username as for a wrong password (no account probe)', async () => {
    const time = async (username: string) => {
      const start = performance.now();
      await login(nextAddress(), username, 'wrong-password');
      return performance.now() - start;
    };
    await time('nobody-warmup');
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      unknown.push(await time(`nobody${i}`));
      known.push(await time(ADMIN.username));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]!;
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('locks an address out after 30 wrong passwords over many usernames', async () => {
    const guesser = nextAddress();
    for (let i = 0; i < REQUEST_LIMITS.loginFailsAddress.points; i += 1) {
      expect((await login(guesser, `user${i}`, 'wrong-password')).status).toBe(401);
    }
    expect((await login(guesser, 'someone-else', 'wrong-password')).status).toBe(429);
  });

  it('doubles each lockout within a day', async () => {
    const lockout = new Lockout(2, 60, 1);
    await lockout.fail('k');
    expect(await lockout.waiting('k')).toBe(0);
    await lockout.fail('k');
    expect(await lockout.waiting('k')).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await lockout.waiting('k')).toBe(0);
    for (let i = 0; i < 2; i += 1) await lockout.fail('k');
    expect(await lockout.waiting('k')).toBe(2);
  });
});

describe('client addresses', () => {
  it('counts an IPv6 client per /64, however the address is written', () => {
    const a = ipv6Prefix64('2001:db8:0:1::1');
    expect(a).toBe('2001:db8:0:1::/64');
    expect(ipv6Prefix64('2001:0db8:0000:0001:ffff:1:2:3')).toBe(a);
    expect(ipv6Prefix64('2001:db8::1:0:0:1%eth0')).toBe('2001:db8:0:0::/64');
    expect(ipv6Prefix64('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(ipv6Prefix64('::1')).toBe('0:0:0:0::/64');
  });
});
