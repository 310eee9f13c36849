/**
 * Per-address (and per-username) budgets for the REST and handshake paths an attacker with the
 * projected code could hammer: meeting-code lookups, joins and logins. In memory for one
 * process today; rate-limiter-flexible's Redis backend takes the same calls for several.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';

/**
 * Defaults, per client address (an IPv6 client counts per /64). A courtyard's phones each have
 * their own LAN address; a remote group behind one NAT shares one, so budgets stay generous.
 * `RATE_LIMIT_FACTOR` multiplies every budget (0 turns the limits off: load benchmarks).
 */
export const REQUEST_LIMITS = {
  /** Any REST request or socket handshake naming a meeting code: 600 a minute (10/s). */
  codeLookups: { points: 600, durationSec: 60 },
  /**
   * Lookups of codes that do not exist: 30 an hour; past that every lookup from the address,
   * real codes too, is refused until the hour is over. A sweep of the 10^6 codes then needs
   * ~1.9 years from one address (half the space, for one meeting), ~7 days from 100.
   */
  failedCodeLookups: { points: 30, durationSec: 3600 },
  /** Joins (new participants): 120 per 10 minutes. */
  joins: { points: 120, durationSec: 600 },
  /** Wrong passwords for one username from one address: 5, then a lockout that doubles. */
  loginFailsUserAddress: { points: 5, durationSec: 900, lockoutSec: 60 },
  /**
   * Wrong passwords for one username from anywhere: 20, then a lockout that doubles. An
   * address this username logged in from within 14 days is exempt, so guessers elsewhere
   * cannot lock the facilitator out at the laptop.
   */
  loginFailsUser: { points: 20, durationSec: 3600, lockoutSec: 300 },
  /** Wrong passwords from one address, any username: 30 an hour, then an hour's lockout. */
  loginFailsAddress: { points: 30, durationSec: 3600, lockoutSec: 3600 },
  /** A lockout doubles with each one in the last day, up to this. */
  maxLockoutSec: 86_400,
  /** How long a successful login makes its address known for that username. */
  knownAddressSec: 14 * 86_400,
} as const;

/** A typed refusal with the wait in seconds (REST sends it as Retry-After). */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSec: number,
    what: string,
  ) {
    super(ERROR_CODES.RATE_LIMITED, `${what}: try again in ${retryAfterSec} s`);
  }
}

const secondsOf = (res: RateLimiterRes): number => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Consecutive failures with a lockout that doubles for each lockout within a day. */
export class Lockout {
  private readonly fails: RateLimiterMemory;
  private readonly lockouts = new RateLimiterMemory({ points: 1_000_000, duration: 86_400 });

  constructor(
    private readonly points: number,
    durationSec: number,
    private readonly lockoutSec: number,
  ) {
    this.fails = new RateLimiterMemory({ points, duration: durationSec });
  }

  /** Seconds left of a lockout, or 0. */
  async waiting(key: string): Promise<number> {
    const res = await this.fails.get(key);
    return res && res.consumedPoints > this.points ? secondsOf(res) : 0;
  }

  /** Counts a failure; the one that spends the budget starts the lockout. */
  async fail(key: string): Promise<void> {
    let remaining: number;
    try {
      remaining = (await this.fails.consume(key)).remainingPoints;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      remaining = 0;
    }
    if (remaining > 0) return;
    const previous = (await this.lockouts.get(key))?.consumedPoints ?? 0;
    await this.lockouts.consume(key);
    const seconds = Math.min(this.lockoutSec * 2 ** previous, REQUEST_LIMITS.maxLockoutSec);
    await this.fails.block(key, seconds);
  }

  async reset(key: string): Promise<void> {
    await this.fails.delete(key);
  }
}

export class RequestLimits {
  private readonly off: boolean;
  private readonly lookups: RateLimiterMemory;
  private readonly failedLookups: RateLimiterMemory;
  private readonly joinBudget: RateLimiterMemory;
  private readonly loginUserAddress: Lockout;
  private readonly loginUser: Lockout;
  private readonly loginAddress: Lockout;
  /** username+address pairs with a recent successful login (a set, with expiry). */
  private readonly knownAddresses = new RateLimiterMemory({
    points: 1_000_000,
    duration: REQUEST_LIMITS.knownAddressSec,
  });

  constructor(factor = 1) {
    this.off = factor === 0;
    const scaled = (n: number) => Math.max(1, Math.round(n * factor));
    const L = REQUEST_LIMITS;
    this.lookups = new RateLimiterMemory({
      points: scaled(L.codeLookups.points),
      duration: L.codeLookups.durationSec,
    });
    this.failedLookups = new RateLimiterMemory({
      points: scaled(L.failedCodeLookups.points),
      duration: L.failedCodeLookups.durationSec,
    });
    this.joinBudget = new RateLimiterMemory({
      points: scaled(L.joins.points),
      duration: L.joins.durationSec,
    });
    const lockout = (l: { points: number; durationSec: number; lockoutSec: number }) =>
      new Lockout(scaled(l.points), l.durationSec, l.lockoutSec);
    this.loginUserAddress = lockout(L.loginFailsUserAddress);
    this.loginUser = lockout(L.loginFailsUser);
    this.loginAddress = lockout(L.loginFailsAddress);
  }

  /**
   * Runs one meeting-code lookup for `address`. Refused while the address is over its
   * budget or blocked for failed lookups (then even real codes are refused, so a sweep
   * learns nothing); a failed lookup spends the failure budget.
   */
  async lookup<T>(address: string, find: () => Promise<T>): Promise<T> {
    if (this.off) return find();
    const failed = await this.failedLookups.get(address);
    if (failed && failed.consumedPoints >= this.failedLookups.points) {
      throw new RateLimitedError(secondsOf(failed), 'Too many unknown meeting codes');
    }
    try {
      await this.lookups.consume(address);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new RateLimitedError(secondsOf(res), 'Too many requests');
    }
    try {
      return await find();
    } catch (err) {
      if (err instanceof AppError && err.code !== ERROR_CODES.INTERNAL) {
        if (err.code === ERROR_CODES.MEETING_NOT_FOUND || err.code === ERROR_CODES.VALIDATION) {
          await this.failedLookups.consume(address).catch(() => undefined);
        }
      }
      throw err;
    }
  }

  /** One join (a new participant) from `address`. */
  async join(address: string): Promise<void> {
    if (this.off) return;
    try {
      await this.joinBudget.consume(address);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new RateLimitedError(secondsOf(res), 'Too many joins from this address');
    }
  }

  /**
   * Wraps a password check: refused while any of its keys is locked out; a failure counts
   * against the username from this address, the username anywhere and the address; a success
   * clears the username-from-this-address count.
   */
  async login<T>(address: string, username: string, check: () => Promise<T>): Promise<T> {
    if (this.off) return check();
    const user = `u:${username.toLowerCase()}`;
    const pair = `${address}|${user}`;
    const known = (await this.knownAddresses.get(pair)) !== null;
    const wait = Math.max(
      await this.loginUserAddress.waiting(pair),
      known ? 0 : await this.loginUser.waiting(user),
      await this.loginAddress.waiting(address),
    );
    if (wait > 0) throw new RateLimitedError(wait, 'Too many failed logins');
    try {
      const result = await check();
      await this.loginUserAddress.reset(pair);
      await this.knownAddresses.set(pair, 1, REQUEST_LIMITS.knownAddressSec);
      return result;
    } catch (err) {
      if (err instanceof AppError && err.code === ERROR_CODES.INVALID_CREDENTIALS) {
        await this.loginUserAddress.fail(pair);
        await this.loginUser.fail(user);
        await this.loginAddress.fail(address);
      }
      throw err;
    }
  }
}
