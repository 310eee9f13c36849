import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { devNull, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm install` where mediasoup's worker can be neither downloaded (GitHub unreachable) nor
 * built (pip's registry unreachable), as in a township network. The install runs for real, in
 * a temporary project holding Yuanba's own package.json entry for mediasoup and the locked
 * versions of mediasoup and its dependencies, with npm offline (tarballs from npm's cache,
 * which `npm ci` filled) and both hosts pointed at a closed local port: no network at all.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
type LockEntry = {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
};
const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** The lock entries of mediasoup and everything it depends on (node's lookup, nested first). */
function mediasoupClosure(): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const todo = ['node_modules/mediasoup'];
  while (todo.length > 0) {
    const key = todo.pop()!;
    if (out[key]) continue;
    const entry = lock.packages[key];
    if (!entry) throw new Error(`${key} is not in package-lock.json`);
    out[key] = entry;
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      let base = key;
      for (;;) {
        if (lock.packages[`${base}/node_modules/${dep}`]) {
          todo.push(`${base}/node_modules/${dep}`);
          break;
        }
        const up = base.lastIndexOf('/node_modules/');
        if (up < 0) {
          if (lock.packages[`node_modules/${dep}`]) todo.push(`node_modules/${dep}`);
          break;
        }
        base = base.slice(0, up);
      }
    }
  }
  return out;
}

/** A TCP port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The environment of a fresh shell: no worker given, no pip or npm settings of this run. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(MEDIASOUP_|PIP_|PYTHON)/.test(key)) continue;
    if (/^npm_/i.test(key) && !/^npm_config_(cache|userconfig)$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs npm (bounded: 25 s); npm's cache must hold the tarballs, as after `npm ci`. */
async function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
  if (result.output.includes('ENOTCACHED')) {
    throw new Error(`npm's cache lacks mediasoup's tarballs: run npm ci first\n${result.output}`);
  }
  return result;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm install where the mediasoup worker cannot be had', () => {
  it('succeeds without mediasoup, and a second install with MEDIASOUP_WORKER_BIN adds it', async () => {
    // Yuanba's own entry: wherever package.json puts mediasoup, the project here does too.
    const where = pkg.optionalDependencies?.mediasoup ? 'optionalDependencies' : 'dependencies';
    const spec = pkg.optionalDependencies?.mediasoup ?? pkg.dependencies?.mediasoup;
    expect(spec).toBeDefined();
    const root = { name: 'yuanba-install-probe', version: '0.0.0', [where]: { mediasoup: spec } };
    const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-install-'));
    dirs.push(dir);
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ ...root, private: true, allowScripts: pkg.allowScripts }),
    );
    writeFileSync(
      path.join(dir, 'package-lock.json'),
      JSON.stringify({
        ...root,
        lockfileVersion: 3,
        requires: true,
        packages: { '': root, ...mediasoupClosure() },
      }),
    );

    const port = await closedPort();
    const unreachable = {
      // GitHub (mediasoup's prebuilt worker) and PyPI (the build's fallback) are unreachable.
      MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL: `http://127.0.0.1:${port}`,
      // No pip configuration file either (pip reads none when this is the null device): a
      // machine-wide extra index or wheel directory would let the build's fallback get further.
      PIP_CONFIG_FILE: devNull,
      PIP_INDEX_URL: `http://127.0.0.1:${port}/simple`,
      PIP_RETRIES: '0',
    };
    const args = ['ci', '--offline', '--no-audit', '--no-fund', '--foreground-scripts'];
    const failing = await npm(dir, args, cleanEnv(unreachable));
    // mediasoup's own install really failed: no download, and the fallback build failed too...
    expect(failing.output).toContain('ECONNREFUSED');
    expect(failing.output).toMatch(/executeCmd\(\) failed/);
    // ...and npm still succeeded, leaving mediasoup out.
    expect(failing.code, failing.output).toBe(0);
    expect(existsSync(path.join(dir, 'node_modules/mediasoup/package.json'))).toBe(false);

    // The hint's first way: a worker binary given to npm install (mediasoup then skips its
    // download). The file need not run here: the install only records the path.
    const bin = path.join(dir, 'mediasoup-worker');
    writeFileSync(bin, '');
    const install = ['install', '--offline', '--no-audit', '--no-fund', '--foreground-scripts'];
    const fixed = await npm(dir, install, cleanEnv({ ...unreachable, MEDIASOUP_WORKER_BIN: bin }));
    expect(fixed.code, fixed.output).toBe(0);
    expect(fixed.output).toContain('MEDIASOUP_WORKER_BIN environment variable given, skipping');
    expect(existsSync(path.join(dir, 'node_modules/mediasoup/package.json'))).toBe(true);
  }, 60_000);
});
