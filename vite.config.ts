/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { phonePwa } from './.config/pwa';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The dev server forwards everything that is not the client to `npm run serve` (port 3000). */
const backend = process.env.YB_BACKEND ?? 'http://localhost:3000';

/**
 * Fails the build when server-only code reaches the browser bundle: importing a value (not a
 * type) from a `shared/protocol` module that builds zod schemas drags zod (~25 KB gzipped)
 * onto every phone. Client code imports constants through `client/src/lib/protocol.ts`.
 */
function serverCodeStaysOut(): Plugin {
  const forbidden = ['/node_modules/zod/', `${repoRoot.replaceAll('\\', '/')}server/`];
  return {
    name: 'yuanba:server-code-stays-out',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) {
          const path = id.replaceAll('\\', '/');
          if (forbidden.some((f) => path.includes(f))) {
            this.error(`${path} must not be bundled into the client (chunk ${chunk.fileName})`);
          }
        }
      }
    },
  };
}

/** Chunk groups, by path fragment. Everything else is split per route by dynamic import. */
const root = repoRoot.replaceAll('\\', '/');
const client = (...files: string[]): string[] => files.map((f) => `${root}client/src/${f}`);
const packages = (...names: string[]): string[] => names.map((p) => `/node_modules/${p}/`);
const CORE = [
  ...client(
    'main.ts',
    'App.svelte',
    'router.svelte.ts',
    'i18n/index.ts',
    'i18n/store.ts',
    'i18n/zh-CN.json',
  ),
  ...client('i18n/icu-lite.ts', 'lib/api.ts', 'lib/errors.ts', 'lib/protocol.ts', 'lib/ids.ts'),
  ...client('lib/time.ts', 'lib/identity.ts', 'lib/device-storage.ts', 'components/TopBar.svelte'),
  ...client('components/LanguageSwitch.svelte', 'components/ConnectionBanner.svelte'),
  ...client('components/Countdown.svelte'),
  `${root}shared/`,
  ...packages('svelte'),
];
/**
 * Shared modules a voter's phone never runs (staff pages, the hall screen, the minutes editor):
 * left to their routes' chunks, not every phone's core.
 */
const STAFF_ONLY = [
  `${root}shared/protocol/roster-text.ts`,
  `${root}shared/safe-url.ts`,
  `${root}shared/screen-view.ts`,
  `${root}shared/collab.ts`,
  `${root}shared/agenda-doc.ts`,
  `${root}shared/text.ts`,
];
/** Shared modules of the read-aloud wording: the outcome line goes with the live room (where
 * lib/outcome.ts uses it), the composition with the engine loaded on the first tap of 朗读. */
const READ_ALOUD = [`${root}shared/read-aloud/`];
const LIVE = [
  ...client('lib/socket.ts', 'lib/realtime/', 'lib/state/room.svelte.ts'),
  // Small, and every live page follows the ladder; its card and bars load only when one runs.
  ...client('lib/state/ladder.svelte.ts', 'lib/outcome.ts'),
  ...client('components/VoteBars.svelte'),
  `${root}shared/read-aloud/outcome-text.ts`,
];
function matcher(fragments: string[]): (id: string) => boolean {
  return (id) => {
    const path = id.replaceAll('\\', '/');
    return fragments.some((f) => path.includes(f));
  };
}

const TEST_FILES = [
  'tests/unit/**/*.test.ts',
  'tests/integration/**/*.test.ts',
  'tests/security/**/*.test.ts',
];
/** Test files that change process-wide state (environment variables read at import time). */
const OWN_PROCESS = [
  'tests/integration/audio-unavailable.test.ts',
  'tests/integration/audio-worker-hint.test.ts',
];

export default defineConfig({
  root: fromRoot('./client'),
  plugins: [svelte(), serverCodeStaysOut(), phonePwa(fromRoot('./dist/client'))],
  build: {
    outDir: fromRoot('./dist/client'),
    // The server reads it to tell the browser, in the HTML, which route chunks to fetch.
    manifest: true,
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    // Every browser we target supports <link rel="modulepreload">; the polyfill is dead weight.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What every page needs (runtime, i18n, router, small shared helpers): one request.
            {
              name: 'core',
              test: (id: string) =>
                matcher(CORE)(id) && !matcher(STAFF_ONLY)(id) && !matcher(READ_ALOUD)(id),
              priority: 2,
            },
            // The live room (the socket and the stores following it): participant, screen, console.
            { name: 'live', test: matcher(LIVE), priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true },
      '/collab': { target: backend, ws: true },
      '/healthz': { target: backend },
    },
  },
  test: {
    root: repoRoot,
    dir: repoRoot,
    testTimeout: 30000,
    hookTimeout: 30000,
    pool: 'forks',
    fileParallelism: false,
    projects: [
      {
        // One process runs these files one after another: the server's modules (and tsx's
        // transforms) load once, not once per file. Every file starts and disposes its own
        // servers and meetings; nothing in server/ keeps module-level state.
        extends: true,
        test: {
          name: 'shared',
          include: [...TEST_FILES],
          exclude: [...OWN_PROCESS],
          isolate: false,
          // Child-process servers run one prebuilt server/main.ts instead of tsx per start.
          globalSetup: ['tests/integration/helpers/server-bundle.ts'],
        },
      },
      {
        // These set process-wide state before a module loads (mediasoup reads
        // MEDIASOUP_WORKER_BIN when it is imported): a fresh process each.
        extends: true,
        test: { name: 'own-process', include: [...OWN_PROCESS], isolate: true },
      },
    ],
  },
});
