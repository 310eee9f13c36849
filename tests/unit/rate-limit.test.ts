import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  AddressGate,
  clientAddress,
  FloodGuard,
  FloodGuards,
  TokenBucket,
} from '../../server/util/rate-limit';

const clock = () => {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('TokenBucket', () => {
  it('allows the burst, then refills at the rate', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 3, c.now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    c.advance(100);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });
});

describe('FloodGuard', () => {
  it('refuses past the budget, then asks for a disconnect once strikes are spent', () => {
    const c = clock();
    const guard = new FloodGuard({ perSecond: 1, burst: 2, strikes: 2, inFlight: 10 }, c.now);
    const verdicts = Array.from({ length: 5 }, () => {
      const v = guard.check();
      if (v === 'ok') guard.done();
      return v;
    });
    expect(verdicts).toEqual(['ok', 'ok', 'refuse', 'refuse', 'disconnect']);
  });

  it('counts events still being handled', () => {
    const guard = new FloodGuard({ perSecond: 100, burst: 100, strikes: 5, inFlight: 2 });
    expect([guard.check(), guard.check(), guard.check()]).toEqual(['ok', 'ok', 'refuse']);
    guard.done();
    expect(guard.check()).toBe('ok');
  });
});

describe('FloodGuards', () => {
  it('keeps a spent budget across reconnects and forgets it after a minute idle', () => {
    const c = clock();
    const guards = new FloodGuards({ perSecond: 0.001, burst: 1, strikes: 1, inFlight: 5 }, c.now);
    const first = guards.acquire('p:1');
    expect(first.guard.check()).toBe('ok');
    first.guard.done();
    first.release();
    const second = guards.acquire('p:1');
    expect(second.guard).toBe(first.guard);
    expect(second.guard.check()).toBe('refuse');
    second.release();
    c.advance(120_000);
    guards.acquire('p:2');
    expect(guards.size).toBe(1);
  });
});

describe('clientAddress', () => {
  const req = (remoteAddress: string, xff?: string) =>
    ({
      socket: { remoteAddress },
      headers: xff ? { 'x-forwarded-for': xff } : {},
    }) as unknown as IncomingMessage;
  it('unwraps IPv4-mapped addresses and groups IPv6 by /64', () => {
    expect(clientAddress(req('::ffff:192.168.1.7'))).toBe('192.168.1.7');
    expect(clientAddress(req('2001:db8:1:2:3:4:5:6'))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('2001:db8::1'))).toBe('2001:db8:0:0::/64');
  });
  it('honours X-Forwarded-For only from a proxy on loopback', () => {
    expect(clientAddress(req('127.0.0.1', '10.0.0.9, 192.168.1.20'))).toBe('192.168.1.20');
    expect(clientAddress(req('192.168.1.5', '10.0.0.9'))).toBe('192.168.1.5');
  });
});

describe('AddressGate', () => {
  it('caps open connections per address and frees a slot on release', async () => {
    const gate = new AddressGate({ connections: 2, handshakesPerMin: 100 });
    const a = await gate.admit('1.2.3.4');
    const b = await gate.admit('1.2.3.4');
    expect(a && b).toBeTruthy();
    expect(await gate.admit('1.2.3.4')).toBeNull();
    expect(await gate.admit('5.6.7.8')).not.toBeNull();
    a!();
    a!();
    expect(await gate.admit('1.2.3.4')).not.toBeNull();
    expect(await gate.admit('1.2.3.4')).toBeNull();
  });
  it('caps handshakes per minute', async () => {
    const gate = new AddressGate({ connections: 100, handshakesPerMin: 3 });
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push((await gate.admit('1.2.3.4')) !== null);
    expect(results).toEqual([true, true, true, false]);
  });
});
