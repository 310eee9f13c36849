/**
 * Node module hooks that load a Svelte 5 runes module (`*.svelte.ts`) as the browser build
 * does: TypeScript stripped by esbuild, then compiled by Svelte itself (server output: `$state`
 * fields become plain fields, the logic stays the product's). With this the bench's phones run
 * the real BallotStore (client/src/lib/state/ballot.svelte.ts) instead of a copy of it.
 * Registered by svelte-register.mjs (`node --import tsx --import ./svelte-register.mjs`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { compileModule } from 'svelte/compiler';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.svelte.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const ts = await readFile(file, 'utf8');
  const { code } = await transform(ts, { loader: 'ts', format: 'esm', sourcefile: file });
  const compiled = compileModule(code, { generate: 'server', filename: file });
  return { format: 'module', source: compiled.js.code, shortCircuit: true };
}
