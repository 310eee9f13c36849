import type { EventKind } from '../../shared/events';
import type { Logger } from '../logger';
import type { Db } from '../storage/db';
import type { EventLog, StoredEvent } from './log';

/** Something that follows the events table from a position (see README "How data flows"). */
export interface Consumer {
  name: string;
  /**
   * Durable: its cursor is kept in `event_cursors` and it catches up from there at start, so
   * nothing is lost to a crash (handlers must be idempotent: an event may come twice after
   * one). Otherwise it starts at the head and follows in memory (broadcasts: a restarted
   * server sends every client a fresh snapshot anyway).
   */
  durable: boolean;
  /** The kinds it acts on; others only move its cursor. All when absent. */
  kinds?: readonly EventKind[];
  handle(events: readonly StoredEvent[]): Promise<void> | void;
}

interface Waiter {
  position: number;
  resolve(): void;
  reject(err: unknown): void;
}

interface Follower {
  consumer: Consumer;
  kinds: ReadonlySet<EventKind> | null;
  cursor: number;
  saved: number;
  running: Promise<void> | null;
  again: boolean;
  failures: number;
  waiters: Waiter[];
  retryTimer: NodeJS.Timeout | null;
}

/** Events kept in memory after their commit, so followers rarely read them back. */
const RECENT_MAX = 4_096;
/**
 * A durable cursor moved only past events it ignores is saved after this many of them (and at
 * stop): a burst of ballots writes none, and a crash costs a re-read of at most this many.
 * Not on a timer: a write after the close of a secret vote would put a commit back in the WAL
 * that the close just truncated.
 */
const SAVE_AFTER = 10_000;
const READ_BATCH = 500;
const RETRY_MAX_MS = 30_000;

/**
 * The post-commit dispatcher. After a transaction that appended events commits, the event log
 * hands them here; on the next turn of the event loop (after the writer has updated its memory)
 * each consumer reads `position > cursor` in order, handles it and advances its cursor.
 * Consumers run independently: a slow record build does not hold up broadcasts.
 */
export class EventStream {
  private readonly followers = new Map<string, Follower>();
  private recent: StoredEvent[] = [];
  /** The last position committed (every append goes through this process's event log). */
  private latest = 0;
  private scheduled = false;
  private started = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {}

  register(consumer: Consumer): void {
    if (this.started) throw new Error(`register ${consumer.name} before the stream starts`);
    this.followers.set(consumer.name, {
      consumer,
      kinds: consumer.kinds ? new Set(consumer.kinds) : null,
      cursor: 0,
      saved: 0,
      running: null,
      again: false,
      failures: 0,
      waiters: [],
      retryTimer: null,
    });
  }

  /** Loads the cursors and lets every durable consumer catch up (awaited: before serving). */
  async start(): Promise<void> {
    const head = await this.log.head();
    this.latest = Math.max(this.latest, head);
    const rows = await this.db.selectFrom('event_cursors').selectAll().execute();
    const cursors = new Map(rows.map((r) => [r.consumer, r.position]));
    for (const f of this.followers.values()) {
      // A durable consumer never seen before reads the whole history.
      f.cursor = f.consumer.durable ? (cursors.get(f.consumer.name) ?? 0) : head;
      f.saved = cursors.get(f.consumer.name) ?? -1;
    }
    this.started = true;
    const durable = [...this.followers.values()].filter((f) => f.consumer.durable);
    await Promise.all(durable.map((f) => this.drain(f)));
    await Promise.all(durable.map((f) => this.save(f)));
  }

  /** From the event log, right after a commit: what it appended. */
  published(events: readonly StoredEvent[]): void {
    this.recent.push(...events);
    this.latest = Math.max(this.latest, events.at(-1)?.position ?? 0);
    if (this.recent.length > RECENT_MAX) this.recent = this.recent.slice(-RECENT_MAX / 2);
    if (this.scheduled || !this.started || this.stopped) return;
    this.scheduled = true;
    // setImmediate, not a microtask: the writer updates its memory after the commit resolves.
    setImmediate(() => {
      this.scheduled = false;
      for (const f of this.followers.values()) void this.drain(f);
    });
  }

  /** Resolves once `consumer` has handled every event up to `position`. */
  reached(consumer: string, position: number): Promise<void> {
    const f = this.followers.get(consumer);
    if (!f) return Promise.reject(new Error(`no consumer ${consumer}`));
    if (f.cursor >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      f.waiters.push({ position, resolve, reject });
      void this.drain(f);
    });
  }

  /** Lets running handlers finish and saves every durable cursor. */
  async stop(): Promise<void> {
    this.stopped = true;
    const followers = [...this.followers.values()];
    await Promise.allSettled(followers.map((f) => f.running));
    for (const f of followers) {
      if (f.retryTimer) clearTimeout(f.retryTimer);
      f.retryTimer = null;
    }
    await Promise.allSettled(followers.map((f) => this.save(f)));
  }

  private drain(f: Follower): Promise<void> {
    if (f.running) {
      f.again = true;
      return f.running;
    }
    if (this.stopped || !this.started) return Promise.resolve();
    f.running = this.follow(f).finally(() => (f.running = null));
    return f.running;
  }

  private async follow(f: Follower): Promise<void> {
    try {
      for (;;) {
        f.again = false;
        const batch = this.fromMemory(f.cursor) ?? (await this.log.after(f.cursor, READ_BATCH));
        if (batch.length === 0) {
          if (f.again && !this.stopped) continue;
          return;
        }
        const mine = f.kinds ? batch.filter((e) => f.kinds!.has(e.kind)) : batch;
        try {
          if (mine.length > 0) await f.consumer.handle(mine);
        } catch (err) {
          if (f.consumer.durable) throw err;
          // A broadcast that fails is not retried: the next change sends the state again.
          this.logger.error({ err, consumer: f.consumer.name }, 'event consumer failed');
        }
        f.cursor = batch.at(-1)!.position;
        f.failures = 0;
        // Saved before waiters hear of it: what they do next (a checkpoint) comes after.
        if (f.consumer.durable && (mine.length > 0 || f.cursor - f.saved >= SAVE_AFTER)) {
          await this.save(f);
        }
        this.settle(f);
      }
    } catch (err) {
      // A durable consumer stops at the event it could not handle and tries again later.
      f.failures += 1;
      this.logger.error({ err, consumer: f.consumer.name, at: f.cursor }, 'event consumer failed');
      for (const w of f.waiters.splice(0)) w.reject(err);
      const delay = Math.min(RETRY_MAX_MS, 100 * 2 ** Math.min(f.failures, 9));
      if (!this.stopped) {
        f.retryTimer = setTimeout(() => {
          f.retryTimer = null;
          void this.drain(f);
        }, delay);
        f.retryTimer.unref();
      }
    }
  }

  /**
   * The events right after `cursor` if they are still in memory (positions are contiguous),
   * none when the cursor is at the last commit; null: read them from the table.
   */
  private fromMemory(cursor: number): StoredEvent[] | null {
    if (cursor >= this.latest) return [];
    const first = this.recent[0];
    if (!first || cursor + 1 < first.position || cursor >= this.recent.at(-1)!.position) {
      return null;
    }
    const start = cursor + 1 - first.position;
    if (this.recent[start]?.position !== cursor + 1) return null;
    return this.recent.slice(start, start + READ_BATCH);
  }

  private settle(f: Follower): void {
    const due = f.waiters.filter((w) => w.position <= f.cursor);
    if (due.length === 0) return;
    f.waiters = f.waiters.filter((w) => w.position > f.cursor);
    for (const w of due) w.resolve();
  }

  private async save(f: Follower): Promise<void> {
    if (!f.consumer.durable || f.saved === f.cursor) return;
    const position = f.cursor;
    await this.db
      .insertInto('event_cursors')
      .values({ consumer: f.consumer.name, position })
      .onConflict((oc) => oc.column('consumer').doUpdateSet({ position }))
      .execute();
    f.saved = position;
  }
}
