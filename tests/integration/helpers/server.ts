import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../server/app';
import { parseConfig } from '../../../server/config';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server and removes its data directory. */
  dispose(): Promise<void>;
}

export const tempDataDir = (): string => mkdtempSync(path.join(tmpdir(), 'yuanba-test-'));

/** A real server in this process on port 0 with a temporary SQLite file. */
export async function startTestServer(
  dataDir = tempDataDir(),
  env: Record<string, string> = {},
): Promise<TestServer> {
  const running = await startServer(
    parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
      STATIC_DIR: path.join(dataDir, 'no-client'),
      // One worker, on loopback: listen on exactly the address browsers are told.
      AUDIO_WORKERS: '1',
      AUDIO_LISTEN_IP: '127.0.0.1',
      ...env,
    }),
  );
  return {
    ...running,
    dataDir,
    async dispose() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** SIGKILL: no shutdown hook runs, like a crash or a power cut of the process. */
  crash(): Promise<void>;
  /** SIGTERM, as a service manager or an update stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Where helpers/server-bundle.ts (vitest's global setup) tells child servers to start from. */
export const SERVER_BUNDLE_ENV = 'YB_TEST_SERVER_BUNDLE';

/** The real server as its own OS process, so a test can kill it mid-meeting. */
export function startChildServer(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<ChildServer> {
  // Built once per vitest run by helpers/server-bundle.ts; else the sources through tsx.
  const bundle = process.env[SERVER_BUNDLE_ENV];
  const entry = bundle ? [bundle] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      // One audio worker on loopback is plenty for a test and spares the shared cores.
      AUDIO_WORKERS: '1',
      AUDIO_LISTEN_IP: '127.0.0.1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopping = false;
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          process: child,
          crash: () =>
            new Promise((done) => {
              stopping = true;
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
          stop: () =>
            new Promise((done) => {
              stopping = true;
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      reject(new Error(`server exited (${code}):\n${output}`));
      // A server that dies in the middle of a test would otherwise leave only refused
      // connections behind: say so, with the end of what it wrote.
      if (!stopping) {
        process.stderr.write(
          `\nchild server exited unexpectedly (code ${code}, signal ${signal}):\n${output.slice(-8_000)}\n`,
        );
      }
    });
  });
}
