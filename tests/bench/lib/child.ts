import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerKind = 'ours' | 'socketio' | 'yws';

export interface ServerStats {
  /** After a full GC. */
  heapUsed: number;
  rss: number;
  /** CPU time used so far, user + system, in ms. */
  cpuMs: number;
  /** Event-loop utilisation (0..1) since the previous stats() call. */
  busy: number;
}

export interface BenchServer {
  kind: ServerKind;
  url: string;
  stats(): Promise<ServerStats>;
  /** Writes a heap snapshot in the server's data directory and returns its path. */
  snapshot(): Promise<string>;
  stop(): Promise<void>;
}

const childFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '../servers/child.ts');

/** Starts a server under test in its own process (see servers/child.ts). */
export function startBenchServer(
  kind: ServerKind,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const child = fork(childFile, [kind], {
    // BENCH_PROFILE=<dir>: a CPU profile of the server process there, on exit (as spawn-server.ts).
    execArgv: [
      '--expose-gc',
      ...(process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : []),
      '--import',
      'tsx',
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, (m: Record<string, unknown>) => void>();
  const call = (cmd: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      next += 1;
      pending.set(next, resolve);
      child.send({ id: next, cmd });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    child.on('message', (m: Record<string, unknown>) => {
      if (typeof m.ready === 'string') {
        resolve({
          kind,
          url: m.ready,
          async stats() {
            const r = (await call('stats')) as {
              memory: NodeJS.MemoryUsage;
              cpu: NodeJS.CpuUsage;
              busy: number;
            };
            return {
              heapUsed: r.memory.heapUsed,
              rss: r.memory.rss,
              cpuMs: (r.cpu.user + r.cpu.system) / 1000,
              busy: r.busy,
            };
          },
          async snapshot() {
            return (await call('snapshot')).file as string;
          },
          async stop() {
            child.removeAllListeners('exit');
            const exited = new Promise((done) => child.once('exit', done));
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            await call('stop');
            await exited;
            clearTimeout(timer);
          },
        });
        return;
      }
      const done = pending.get(m.id as number);
      pending.delete(m.id as number);
      done?.(m);
    });
  });
}
