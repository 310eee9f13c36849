import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const SHARED_BIN = path.resolve(repoRoot, '../shared/mediasoup/mediasoup-worker-3.19.3-linux-x64');

/**
 * Where the mediasoup worker binary is: MEDIASOUP_WORKER_BIN, else the one npm installed
 * inside node_modules/mediasoup, else the prebuilt binary beside the repo (machines without
 * internet). mediasoup reads the variable once, when first imported, so this runs first.
 */
export function resolveWorkerBin(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MEDIASOUP_WORKER_BIN) return env.MEDIASOUP_WORKER_BIN;
  let official: string | null = null;
  try {
    const pkg = createRequire(import.meta.url).resolve('mediasoup/package.json');
    official = path.join(path.dirname(pkg), 'worker/out/Release/mediasoup-worker');
  } catch {
    // mediasoup is not installed at all: audio stays off.
  }
  const found = [official, SHARED_BIN].find((p): p is string => p !== null && existsSync(p));
  if (found) env.MEDIASOUP_WORKER_BIN = found;
  return found ?? null;
}

type Mediasoup = typeof import('mediasoup');

/** Imports mediasoup after the worker path is settled; null when it cannot load. */
export async function loadMediasoup(): Promise<Mediasoup | null> {
  if (!resolveWorkerBin()) return null;
  try {
    return await import('mediasoup');
  } catch {
    return null;
  }
}
