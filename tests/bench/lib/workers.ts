import { Worker, type MessagePort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Wall-clock milliseconds from a monotonic clock, comparable across worker threads. */
export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ClientWorker {
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const workersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../workers');

/**
 * A worker thread running tests/bench/workers/<name>.ts. Node 20 does not pass tsx's loader
 * to workers through execArgv, so a tiny eval bootstrap registers it before the import.
 */
export function startWorker(name: string): ClientWorker {
  const api = import.meta.resolve('tsx/esm/api');
  const target = pathToFileURL(path.join(workersDir, `${name}.ts`)).href;
  const worker = new Worker(
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`,
    { eval: true },
  );
  let next = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  return {
    call<T>(cmd: string, args: Record<string, unknown> = {}) {
      return new Promise<T>((resolve, reject) => {
        next += 1;
        pending.set(next, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ id: next, cmd, args });
      });
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** Worker side: answers each { id, cmd, args } with the handler's result or its error. */
export function serve(port: MessagePort, handlers: Record<string, (args: never) => unknown>): void {
  port.on('message', (m: { id: number; cmd: string; args: never }) => {
    void (async () => {
      try {
        const handler = handlers[m.cmd];
        if (!handler) throw new Error(`unknown command ${m.cmd}`);
        port.postMessage({ id: m.id, result: await handler(m.args) });
      } catch (err) {
        port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  task: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let cursor = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (cursor < items.length) {
      const i = cursor++;
      results[i] = await task(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}
