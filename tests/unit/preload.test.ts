import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preloadLinks, ROUTE_MODULES, type Manifest } from '../../server/http/preload';

const manifest: Manifest = {
  '_core-A.js': { file: 'assets/core-A.js', css: ['assets/core-A.css'] },
  '_live-B.js': { file: 'assets/live-B.js', imports: ['_core-A.js'], css: ['assets/live-B.css'] },
  'src/pages/Participant.svelte': {
    file: 'assets/Participant-C.js',
    imports: ['_core-A.js', '_live-B.js'],
    css: ['assets/Participant-C.css'],
  },
  'src/i18n/staff.ts': { file: 'assets/staff-D.js', imports: ['_core-A.js'] },
};
const html =
  '<head><script type="module" crossorigin src="/assets/core-A.js"></script>' +
  '<link rel="stylesheet" crossorigin href="/assets/core-A.css"></head>';

describe('route preload links (server/http/preload.ts)', () => {
  it('names the route chunk, its imports and their CSS, minus what the page already loads', () => {
    expect(preloadLinks(manifest, ['src/pages/Participant.svelte'], html)).toBe(
      '<link rel="stylesheet" crossorigin href="/assets/Participant-C.css">' +
        '<link rel="stylesheet" crossorigin href="/assets/live-B.css">' +
        '<link rel="modulepreload" crossorigin href="/assets/Participant-C.js">' +
        '<link rel="modulepreload" crossorigin href="/assets/live-B.js">',
    );
  });

  it('gives nothing for modules the build does not have', () => {
    expect(preloadLinks(manifest, ['src/pages/Gone.svelte'], html)).toBe('');
    expect(preloadLinks({}, ['src/pages/Participant.svelte'], html)).toBe('');
  });

  it('names only modules that exist in client/ (a renamed page would silently lose its hint)', () => {
    const clientRoot = path.resolve(import.meta.dirname, '../../client');
    for (const sources of Object.values(ROUTE_MODULES)) {
      for (const source of sources)
        expect(existsSync(path.join(clientRoot, source)), source).toBe(true);
    }
  });
});
