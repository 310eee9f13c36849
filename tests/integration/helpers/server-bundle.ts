import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { SERVER_BUNDLE_ENV } from './server';

/**
 * Vitest global setup: server/main.ts built once per run into one ES module (packages stay
 * in node_modules), which `startChildServer` runs instead of loading every TypeScript module
 * through tsx again in each child process (about a second per start). Same source, same Node;
 * placed two levels below the repository as server/main.ts is, so paths relative to a module
 * resolve alike. Without it (Playwright runs) children start through tsx.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');

export default async function setup(): Promise<() => void> {
  mkdirSync(path.join(repoRoot, 'dist'), { recursive: true });
  const dir = mkdtempSync(path.join(repoRoot, 'dist', 'test-server-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await build({
      entryPoints: [path.join(repoRoot, 'server/main.ts')],
      outfile: path.join(dir, 'main.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
  } catch (err) {
    // Not a test failure: the children start from the sources, only slower.
    console.warn(`child servers run through tsx (the bundle did not build): ${String(err)}`);
    remove();
    return () => {};
  }
  process.env[SERVER_BUNDLE_ENV] = path.join(dir, 'main.mjs');
  return () => {
    delete process.env[SERVER_BUNDLE_ENV];
    remove();
  };
}
