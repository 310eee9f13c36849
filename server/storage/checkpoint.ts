import { sql } from 'kysely';
import type { Db } from './db';

/** How long after the last secret batch the WAL is checkpointed and truncated. */
export const CHECKPOINT_DEBOUNCE_MS = 250;
/** A steady stream of batches still gets checkpointed at least this often. */
export const CHECKPOINT_MAX_WAIT_MS = 1_000;
/** After a checkpoint found the database busy for its whole attempt, the next try. */
const CHECKPOINT_RETRY_MS = 1_000;

/**
 * Folds the WAL into the database file and truncates it to zero bytes. In WAL mode every
 * commit appends the new images of the pages it touched; until a checkpoint they pile up,
 * and successive images of a secret vote's row show who and what each commit added. After a
 * truncating checkpoint only the current version exists (secure_delete has zeroed the freed
 * bytes in the main file). Runs on the one connection between transactions (Kysely queues
 * it), never on the path of a ballot's ack.
 */
export async function checkpointNow(db: Db): Promise<void> {
  // Another process reading or writing (a backup, an inspection) makes SQLite answer busy=1
  // instead of waiting (busy_timeout is 0, see busy.ts): retry a little, asynchronously.
  for (let attempt = 0; ; attempt += 1) {
    const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    if (rows[0]?.busy !== 1) return;
    if (attempt >= CHECKPOINT_BUSY_ATTEMPTS) throw new Error('WAL checkpoint: database busy');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Attempts (50 ms apart) before a busy checkpoint is left to the next one. */
const CHECKPOINT_BUSY_ATTEMPTS = 20;

/** Debounced checkpoints after secret batches, immediate ones at vote and meeting close. */
export class Checkpointer {
  private timer: NodeJS.Timeout | null = null;
  private firstAsk = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** After a secret batch committed: checkpoint once things are quiet (or at the latest soon). */
  soon(): void {
    const now = Date.now();
    if (!this.timer) this.firstAsk = now;
    else clearTimeout(this.timer);
    const wait = Math.min(CHECKPOINT_DEBOUNCE_MS, this.firstAsk + CHECKPOINT_MAX_WAIT_MS - now);
    this.timer = setTimeout(
      () => void this.now().catch((err) => this.retry(err)),
      Math.max(0, wait),
    );
    this.timer.unref();
  }

  /** Checkpoints now (vote close, meeting close, shutdown); later asks queue behind it. */
  now(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.running.catch(() => undefined).then(() => checkpointNow(this.db));
    return this.running;
  }

  /**
   * A checkpoint that failed (another process kept reading for a long time): reported, and
   * tried again later until one succeeds — the WAL history must not outlive the reader.
   */
  retry(err: unknown): void {
    this.onError(err);
    if (this.timer) return; // a newer ask is already scheduled
    this.timer = setTimeout(
      () => void this.now().catch((again) => this.retry(again)),
      CHECKPOINT_RETRY_MS,
    );
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
