import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The server's own start line, with the address it listens on. */
export const LISTENING_URL = /"url":"(http:\/\/[^"]+)"/;

/**
 * A server process (`args` after `node --import tsx`, from the repository's root) with `env`
 * over this one's; resolves with the URL its output names (`pattern`'s first group).
 */
export function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp = LISTENING_URL,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_PROFILE=<dir>: write a CPU profile of each server process there, on exit.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<{ url: string; child: ChildProcess }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}
