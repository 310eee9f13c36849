import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/**
 * Another OS process (as a backup tool or an inspector would be) holding SQLite's write lock
 * on the server's database file with BEGIN EXCLUSIVE for `holdMs`. Resolves once the lock is
 * held; `released` resolves when that process committed and exited.
 */
export async function lockDatabase(
  file: string,
  holdMs: number,
): Promise<{ released: Promise<void>; kill(): void }> {
  const script = `
    const db = require('better-sqlite3')(${JSON.stringify(file)});
    db.pragma('busy_timeout = 10000');
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, ${holdMs});
  `;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`locker exited early (${code})`)));
  });
  return { released, kill: () => child.kill('SIGKILL') };
}
