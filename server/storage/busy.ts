import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

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

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY, waiting between attempts with
 * timers: better-sqlite3 is synchronous, so SQLite's own busy_timeout would freeze the event
 * loop (every meeting on the server) for as long as another process holds the lock.
 */
export async function retryBusy<T>(
  attempt: () => Promise<T>,
  giveUpMs = BUSY_GIVE_UP_MS,
): Promise<T> {
  const started = Date.now();
  for (let n = 0; ; n += 1) {
    try {
      return await attempt();
    } catch (err) {
      if (!isBusy(err) || Date.now() - started > giveUpMs) throw err;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_MIN_MS << Math.min(n, 5))),
      );
    }
  }
}

/** Retries each statement of the one SQLite connection while the database is busy. */
class BusyRetryConnection implements DatabaseConnection {
  constructor(private readonly inner: DatabaseConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return retryBusy(() => this.inner.executeQuery<R>(query));
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
  private readonly wrapped = new WeakMap<DatabaseConnection, BusyRetryConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.wrapped.get(connection);
    if (!wrapped) {
      wrapped = new BusyRetryConnection(connection);
      this.wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(
    connection: DatabaseConnection,
    _settings: TransactionSettings,
  ): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** SqliteDialect whose driver waits for a busy database without blocking the event loop. */
export class BusyRetrySqliteDialect extends SqliteDialect {
  constructor(config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new BusyRetryDriver(super.createDriver());
  }
}
