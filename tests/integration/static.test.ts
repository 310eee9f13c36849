/** The built client as the server sends it: route hints in the HTML, cacheable assets. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDataDir, type TestServer } from './helpers/server';

const dataDir = tempDataDir();
const staticDir = path.join(dataDir, 'client');
let server: TestServer;

beforeAll(async () => {
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  mkdirSync(path.join(staticDir, '.vite'), { recursive: true });
  writeFileSync(
    path.join(staticDir, 'index.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="/assets/core-A.js"></script></head><body></body></html>',
  );
  writeFileSync(path.join(staticDir, 'assets', 'core-A.js'), 'export {};');
  writeFileSync(
    path.join(staticDir, '.vite', 'manifest.json'),
    JSON.stringify({
      '_core-A.js': { file: 'assets/core-A.js' },
      'src/pages/Participant.svelte': {
        file: 'assets/Participant-C.js',
        imports: ['_core-A.js'],
        css: ['assets/Participant-C.css'],
      },
      'src/pages/ConsoleMeeting.svelte': { file: 'assets/ConsoleMeeting-E.js' },
      'src/i18n/staff.ts': { file: 'assets/staff-D.js' },
    }),
  );
  server = await startTestServer(dataDir, { STATIC_DIR: staticDir });
});
afterAll(() => server.dispose());

describe('serving the built client', () => {
  it('names the phone route’s chunks in the HTML, so they load beside the entry chunk', async () => {
    const res = await fetch(`${server.url}/m/123456`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain(
      '<link rel="stylesheet" crossorigin href="/assets/Participant-C.css"><link rel="modulepreload" crossorigin href="/assets/Participant-C.js">',
    );
    // …and the meeting's web manifest, so the page can be added to the home screen.
    expect(html).toContain('<link rel="manifest" href="/m/123456/app.webmanifest" /></head>');
    expect(html.match(/core-A\.js/g)).toHaveLength(1);
  });

  it('gives staff pages their page and the staff messages, and unknown paths no hints', async () => {
    const consoleHtml = await (await fetch(`${server.url}/console/123456`)).text();
    expect(consoleHtml).toContain('href="/assets/ConsoleMeeting-E.js"');
    expect(consoleHtml).toContain('href="/assets/staff-D.js"');
    const other = await (await fetch(`${server.url}/no/such/page`)).text();
    expect(other).not.toContain('modulepreload');
  });

  it('lets phones keep content-hashed assets for a year', async () => {
    const res = await fetch(`${server.url}/assets/core-A.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('does not publish the build manifest', async () => {
    const res = await fetch(`${server.url}/.vite/manifest.json`);
    expect(await res.text()).not.toContain('Participant-C.js');
  });
});
