/** Runs async sections one at a time, in call order: a per-meeting mutex. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  private active = 0;

  run<T>(section: () => Promise<T>): Promise<T> {
    this.active += 1;
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    const done = () => void (this.active -= 1);
    result.then(done, done);
    return result;
  }

  /** Nothing running or queued (an idle meeting may leave memory). */
  get idle(): boolean {
    return this.active === 0;
  }
}

/**
 * Collects items submitted while a flush waits for its turn and writes them together: one
 * transaction (one fsync) for a burst of ballots instead of one each. Each submitter gets its
 * own result or error.
 */
export class Batcher<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly serial: Serial,
    private readonly flush: (items: T[]) => Promise<(R | Error)[]>,
  ) {}

  /** Nothing submitted and not yet written. */
  get idle(): boolean {
    return this.pending.length === 0 && !this.scheduled;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Wait one turn of the event loop before queueing the flush: better-sqlite3 commits
        // synchronously, so ballots that arrived during the last commit are still unread
        // socket frames. setImmediate runs after the poll phase has read them all; flushing
        // from a microtask would commit one ballot per fsync (1,000 commits for a burst).
        setImmediate(() => void this.serial.run(() => this.flushPending()));
      }
    });
  }

  private async flushPending(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      const results = await this.flush(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        const result = results[i];
        if (result instanceof Error) p.reject(result);
        else p.resolve(result as R);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
