import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';

/** The phone's page (`/m/<code>`), the one route the service worker serves offline. */
export const PHONE_PAGE = /^\/m\/\d{6}\/?$/;

/**
 * Build-manifest keys (source paths) a voter's phone never loads: staff pages, the hall
 * screen, the minutes editor, the audio stack. Left out of the precache so that installing
 * the service worker does not download the console on every phone over a hotspot; a recorder's
 * editor is still cached at run time once loaded (the `/assets/` rule below).
 */
const NOT_ON_THE_PHONE =
  /pages\/(Console|Screen|Setup|Login|Home|PrintSheet|NotFound)|pages\/(console|screen)\/|components\/(minutes|speakers\/Audio)|i18n\/(staff|screen)|lib\/audio\/|node_modules\/(prosemirror|y-|yjs|mediasoup)/;

type BuildManifest = Record<
  string,
  { file: string; css?: string[]; imports?: string[]; dynamicImports?: string[] }
>;

/** The files of the phone's page: its static imports and the lazy chunks it may need. */
export function phoneFiles(manifest: BuildManifest): Set<string> {
  const files = new Set<string>(['index.html']);
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key) || NOT_ON_THE_PHONE.test(key)) return;
    seen.add(key);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit('index.html');
  visit('src/pages/Participant.svelte');
  return files;
}

/**
 * The service worker (Workbox, generated at build): precaches the phone's shell and chunks,
 * answers the phone's page network-first with the cached copy (or the shell) as fallback, and
 * touches nothing else: /api, /socket.io and /collab pass through. It is registered with scope
 * `/m/` (client/src/main.ts), so staff pages (/console, /login, /setup) are never controlled
 * by it; the hall screen (/m/<code>/screen) is in scope but its page is not matched, so it too
 * always comes from the network.
 */
export function phonePwa(outDir: string) {
  const options: Partial<VitePWAOptions> = {
    strategies: 'generateSW',
    filename: 'sw.js',
    scope: '/m/',
    injectRegister: false,
    // The manifest is served per meeting by the server (server/http/web-manifest.ts): its
    // start_url is the meeting's phone page.
    manifest: false,
    workbox: {
      globDirectory: outDir,
      globPatterns: ['index.html', 'assets/*.{js,css,woff2}', 'icons/*.png', 'favicon.svg'],
      // `/` is the home page, not the phone: no `/` → index.html mapping, no catch-all fallback.
      directoryIndex: null,
      navigateFallback: null,
      cleanupOutdatedCaches: true,
      /*
       * A new deploy takes over at once (skipWaiting + clientsClaim) rather than waiting for
       * every tab to close: a villager never closes the tab, and an old worker would keep
       * answering with an old shell whose chunks the new server no longer has. Taking over is
       * safe because the page HTML is network-first (an online reload always gets the new
       * build) and chunks are content-hashed: a page that is already open keeps the modules it
       * has, and if it later misses an old lazy chunk it reloads itself (main.ts).
       */
      skipWaiting: true,
      clientsClaim: true,
      manifestTransforms: [
        (entries) => {
          const built = JSON.parse(
            readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'),
          ) as BuildManifest;
          const phone = phoneFiles(built);
          const keep = (url: string) =>
            phone.has(url) || url.startsWith('icons/') || url === 'favicon.svg';
          return { manifest: entries.filter((e) => keep(e.url)), warnings: [] };
        },
      ],
      runtimeCaching: [
        {
          // The phone's page: fresh from the server when it answers in time, else the copy
          // kept from the last visit, else the precached shell.
          urlPattern: ({ request, url }) =>
            request.mode === 'navigate' && /^\/m\/\d{6}\/?$/.test(url.pathname),
          handler: 'NetworkFirst',
          options: {
            cacheName: 'yb-phone-page',
            networkTimeoutSeconds: 4,
            matchOptions: { ignoreSearch: true },
            expiration: { maxEntries: 8 },
            precacheFallback: { fallbackURL: 'index.html' },
          },
        },
        {
          // Other content-hashed chunks a phone loaded (a recorder's editor): never change.
          urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
          handler: 'CacheFirst',
          options: { cacheName: 'yb-assets', expiration: { maxEntries: 80 } },
        },
      ],
    },
  };
  return VitePWA(options);
}
