import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * A token bucket for one connection's own budget (events of one socket, messages of one collab
 * connection). Synchronous and allocation-free per call: it runs on every frame. Per-address
 * budgets shared between connections use rate-limiter-flexible instead (AddressGate), whose
 * Redis backend will serve several processes later; a connection lives in one process.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * A connection's event budget with a second bucket of "strikes": an event over budget is
 * refused (the client is told RATE_LIMITED); a client that keeps going after that runs out of
 * strikes and is disconnected. A burst from a real user costs a few refusals, never the socket.
 * Events still being handled count too (at most `inFlight` at once): handlers that write queue
 * behind each other per meeting, so a flooder must not fill that queue ahead of everyone else.
 */
export class FloodGuard {
  private readonly events: TokenBucket;
  private readonly strikes: TokenBucket;
  private running = 0;

  constructor(
    private readonly budget: {
      perSecond: number;
      burst: number;
      strikes: number;
      inFlight: number;
    },
    now: () => number = Date.now,
  ) {
    this.events = new TokenBucket(budget.perSecond, budget.burst, now);
    this.strikes = new TokenBucket(1, budget.strikes, now);
  }

  /**
   * 'ok' to handle the event (call `done()` when it is answered), 'refuse' to answer
   * RATE_LIMITED, 'disconnect' once the strikes are spent.
   */
  check(): 'ok' | 'refuse' | 'disconnect' {
    if (this.running < this.budget.inFlight && this.events.take()) {
      this.running += 1;
      return 'ok';
    }
    return this.strikes.take() ? 'refuse' : 'disconnect';
  }

  done(): void {
    this.running = Math.max(0, this.running - 1);
  }
}

/** How long a budget outlives its last connection (so reconnecting does not refill it). */
const GUARD_TTL_MS = 60_000;

/**
 * One FloodGuard per person (not per socket): a client that is cut off and reconnects gets
 * its spent budget back, not a fresh one. Guards of people with no connection left are
 * dropped after GUARD_TTL_MS, swept lazily.
 */
export class FloodGuards {
  private readonly guards = new Map<
    string,
    { guard: FloodGuard; users: number; idleSince: number }
  >();
  private lastSweep: number;

  constructor(
    private readonly budget: ConstructorParameters<typeof FloodGuard>[0],
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** The guard for `key`; call the returned release when that connection ends. */
  acquire(key: string): { guard: FloodGuard; release: () => void } {
    this.sweep();
    let entry = this.guards.get(key);
    if (!entry) {
      entry = { guard: new FloodGuard(this.budget, this.now), users: 0, idleSince: 0 };
      this.guards.set(key, entry);
    }
    entry.users += 1;
    const held = entry;
    let released = false;
    return {
      guard: entry.guard,
      release: () => {
        if (released) return;
        released = true;
        held.users -= 1;
        if (held.users === 0) held.idleSince = this.now();
      },
    };
  }

  get size(): number {
    return this.guards.size;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < GUARD_TTL_MS / 4) return;
    this.lastSweep = now;
    for (const [key, entry] of this.guards) {
      if (entry.users === 0 && now - entry.idleSince > GUARD_TTL_MS) this.guards.delete(key);
    }
  }
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The client's address. Behind a proxy on this machine (`vite dev`, a local TLS terminator)
 * the last X-Forwarded-For hop is the client, as express's `trust proxy: loopback` reads it.
 * IPv6 addresses count per /64: one home or phone gets a whole /64.
 */
export function clientAddress(req: IncomingMessage): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (LOOPBACK.test(address) && typeof forwarded === 'string' && forwarded.trim() !== '') {
    address = forwarded.split(',').at(-1)!.trim();
  }
  if (address.startsWith('::ffff:')) return address.slice(7);
  return address.includes(':') ? ipv6Prefix64(address) : address;
}

/** The /64 of an IPv6 address, e.g. `2001:db8:0:1::/64` → `2001:db8:0:1::/64` for any host. */
export function ipv6Prefix64(address: string): string {
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const [left = '', right] = bare.split('::');
  const head = left === '' ? [] : left.split(':');
  const tail = right === undefined || right === '' ? [] : right.split(':');
  const zeros = Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0');
  const groups = right === undefined ? head : [...head, ...zeros, ...tail];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface AddressBudget {
  /** Open connections at once. */
  connections: number;
  /** New connections per minute. */
  handshakesPerMin: number;
}

/**
 * Per-address admission for one kind of connection (Socket.IO or collab): at most
 * `connections` open at once and `handshakesPerMin` new ones a minute. `admit` returns a
 * release function to call when the connection ends, or null when refused.
 */
export class AddressGate {
  private readonly open = new Map<string, number>();
  private readonly handshakes: RateLimiterMemory;

  constructor(private readonly budget: AddressBudget) {
    this.handshakes = new RateLimiterMemory({ points: budget.handshakesPerMin, duration: 60 });
  }

  async admit(address: string): Promise<(() => void) | null> {
    if ((this.open.get(address) ?? 0) >= this.budget.connections) return null;
    try {
      await this.handshakes.consume(address);
    } catch {
      return null;
    }
    // Re-checked: other handshakes from the address may have been admitted meanwhile.
    const count = this.open.get(address) ?? 0;
    if (count >= this.budget.connections) return null;
    this.open.set(address, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left <= 0) this.open.delete(address);
      else this.open.set(address, left);
    };
  }
}
