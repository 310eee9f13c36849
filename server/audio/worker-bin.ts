import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AudioProblem } from './hint';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const SHARED_BIN = path.resolve(repoRoot, '../shared/mediasoup/mediasoup-worker-3.19.3-linux-x64');

/**
 * Where the mediasoup worker binary is: MEDIASOUP_WORKER_BIN, else the one npm installed
 * inside node_modules/mediasoup, else one built by server/audio/build-worker.sh (.audio/),
 * else the prebuilt binary beside the repo (machines without internet). mediasoup reads the
 * variable once, when first imported, so this runs first.
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
  const built = path.join(repoRoot, '.audio', `mediasoup-worker-${wantedMediasoupVersion()}`);
  const found = [official, built, SHARED_BIN].find((p): p is string => p !== null && existsSync(p));
  if (found) env.MEDIASOUP_WORKER_BIN = found;
  return found ?? null;
}

type Mediasoup = typeof import('mediasoup');

export type AudioLoad =
  | { ok: true; mediasoup: Mediasoup; workerBin: string }
  | { ok: false; problem: AudioProblem; workerBin: string | null; err?: unknown };

/**
 * Imports mediasoup after the worker path is settled. mediasoup is an optional dependency:
 * where its worker could be neither downloaded nor built, npm leaves the package out and the
 * rest of Yuanba runs without audio.
 */
export async function loadAudio(env: NodeJS.ProcessEnv = process.env): Promise<AudioLoad> {
  const workerBin = resolveWorkerBin(env);
  let mediasoup: Mediasoup;
  try {
    mediasoup = await import('mediasoup');
  } catch (err) {
    const missing = (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    return { ok: false, problem: missing ? 'no-module' : 'load-failed', workerBin, err };
  }
  if (!workerBin) return { ok: false, problem: 'no-worker', workerBin };
  if (!existsSync(workerBin)) return { ok: false, problem: 'worker-not-found', workerBin };
  return { ok: true, mediasoup, workerBin };
}

/** The mediasoup module, or null when audio cannot run here (for the benchmark). */
export async function loadMediasoup(): Promise<Mediasoup | null> {
  const load = await loadAudio();
  return load.ok ? load.mediasoup : null;
}

/** The mediasoup version package.json asks for (its worker must match it exactly). */
export function wantedMediasoupVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    return pkg.optionalDependencies?.mediasoup ?? pkg.dependencies?.mediasoup ?? '3';
  } catch {
    return '3';
  }
}
