import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

/**
 * Told after each transaction ends, while the connection is still held (so before the next
 * transaction begins): server/events/log.ts hands what a transaction appended to the event
 * stream once it committed, and forgets it when it rolled back.
 */
export interface TransactionHooks {
  afterCommit(): void;
  afterRollback(): void;
}

/** Backoff between attempts while another process holds the write lock. */
const RETRY_MIN_MS = 2;
const RETRY_MAX_MS = 50;
/** Give up (the statement fails with SQLITE_BUSY) after this long. */
export const BUSY_GIVE_UP_MS = 30_000;

const isBusy = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  'code' in err &&
  typeof err.code === 'string' &&
  (err.code === 'SQLITE_BUSY' ||
    err.code === 'SQLITE_BUSY_RECOVERY' ||
    err.code === 'SQLITE_BUSY_TIMEOUT');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hands the one connection to one user at a time, in arrival order. */
class Mutex {
  private locked = false;
  private readonly waiters: (() => void)[] = [];

  async lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}

/**
 * The one SQLite connection, retrying a statement while the database is busy. Outside a
 * transaction it lends the connection to others while it waits: reads (which WAL lets through
 * while another process writes) are not held up behind a write that waits for the lock.
 */
class BusyRetryConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    private readonly inner: DatabaseConnection,
    private readonly mutex: Mutex,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const started = Date.now();
    for (let n = 0; ; n += 1) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (err) {
        if (!isBusy(err) || Date.now() - started > BUSY_GIVE_UP_MS) throw err;
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS << Math.min(n, 5));
        if (this.inTransaction) {
          await sleep(delay);
          continue;
        }
        this.mutex.unlock();
        try {
          await sleep(delay);
        } finally {
          await this.mutex.lock();
        }
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Kysely's SqliteDriver with busy waits made asynchronous. Write transactions start with
 * BEGIN IMMEDIATE: the write lock is taken (and, when busy, waited for) at BEGIN, where a
 * retry is safe, never at a statement in the middle of a transaction.
 */
class BusyRetryDriver implements Driver {
  private readonly mutex = new Mutex();
  private connection: BusyRetryConnection | null = null;
  private innerConnection: DatabaseConnection | null = null;

  constructor(
    private readonly inner: Driver,
    private readonly hooks?: TransactionHooks,
  ) {}

  async init(): Promise<void> {
    await this.inner.init();
    // Held for good: this driver's own mutex decides who uses the connection.
    this.innerConnection = await this.inner.acquireConnection();
    this.connection = new BusyRetryConnection(this.innerConnection, this.mutex);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection!;
  }

  async beginTransaction(
    connection: DatabaseConnection,
    _settings: TransactionSettings,
  ): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    this.connection!.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    this.connection!.inTransaction = false;
    try {
      this.hooks?.afterCommit();
    } catch (err) {
      // The commit happened: a failing hook must not make it look failed (and rolled back).
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      this.connection!.inTransaction = false;
      this.hooks?.afterRollback();
    }
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    if (this.innerConnection) await this.inner.releaseConnection(this.innerConnection);
    await this.inner.destroy();
  }
}

/** SqliteDialect whose driver waits for a busy database without blocking the event loop. */
export class BusyRetrySqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly hooks?: TransactionHooks,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new BusyRetryDriver(super.createDriver(), this.hooks);
  }
}
