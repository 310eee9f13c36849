import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { matchRoute } from '../../shared/routes';
import { preloadLinks, ROUTE_MODULES, type Manifest } from './preload';
import { MANIFEST_TYPE, manifestLink, phoneManifest } from './web-manifest';

/** Content-hashed build output: a phone that comes to the next meeting has it already. */
const ASSETS_MAX_AGE = '365d';

/**
 * The service worker (and its Workbox runtime) must be revalidated on every check: a worker
 * kept for an hour by the HTTP cache would keep a phone on the old build for that hour.
 */
const NO_CACHE = /^\/(sw\.js|workbox-[\w-]+\.js)$/;

/**
 * Serves the built client; any other GET path is a client route and gets index.html, with
 * the route's chunks named in its head. Re-read when a rebuild changes index.html.
 */
export function serveClient(app: Express, staticDir: string): void {
  const root = path.resolve(staticDir);
  const indexFile = path.join(root, 'index.html');
  const manifestFile = path.join(root, '.vite', 'manifest.json');
  let build: {
    mtime: number;
    html: string;
    manifest: Manifest;
    pages: Map<string, string>;
  } | null = null;

  const pageFor = (routeName: keyof typeof ROUTE_MODULES): string | null => {
    let mtime: number;
    try {
      mtime = statSync(indexFile).mtimeMs;
    } catch {
      return null;
    }
    if (build?.mtime !== mtime) {
      const html = readFileSync(indexFile, 'utf8');
      let manifest: Manifest = {};
      try {
        manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
      } catch {
        // A build without a manifest still works, only without the hints.
      }
      build = { mtime, html, manifest, pages: new Map() };
    }
    let page = build.pages.get(routeName);
    if (page === undefined) {
      const links = preloadLinks(build.manifest, ROUTE_MODULES[routeName], build.html);
      page = build.html.replace('</head>', `${links}</head>`);
      build.pages.set(routeName, page);
    }
    return page;
  };

  app.use(
    '/assets',
    express.static(path.join(root, 'assets'), { maxAge: ASSETS_MAX_AGE, immutable: true }),
  );
  app.use(
    express.static(root, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (NO_CACHE.test(`/${path.relative(root, file)}`)) res.set('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get(/^\/m\/(\d{6})\/app\.webmanifest$/, (req, res) => {
    const code = req.path.split('/')[2] ?? '';
    res
      .set('Cache-Control', 'no-cache')
      .type(MANIFEST_TYPE)
      .send(JSON.stringify(phoneManifest(code)));
  });
  app.get(/^\/(?!api\/|socket\.io\/|collab\/).*/, (req, res) => {
    const route = matchRoute(req.path);
    let page = pageFor(route.name);
    if (page === null) {
      res.status(503).type('text/plain').send('The client is not built: run `npm run build`.');
      return;
    }
    // The phone's page can be added to the home screen: its manifest names this meeting.
    if (route.name === 'participant')
      page = page.replace('</head>', `${manifestLink(route.code)}</head>`);
    res.set('Cache-Control', 'no-cache').type('html').send(page);
  });
}
