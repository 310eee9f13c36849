import { describe, expect, it } from 'vitest';
import { phoneFiles } from '../../.config/pwa';
import { collabStoreName } from '../../client/src/lib/collab-local';
import { manifestLink, phoneManifest } from '../../server/http/web-manifest';

describe('the phone precache (service worker)', () => {
  const manifest = {
    'index.html': {
      file: 'assets/core-1.js',
      css: ['assets/core-1.css'],
      dynamicImports: [
        'src/pages/Participant.svelte',
        'src/pages/ConsoleMeeting.svelte',
        'src/i18n/en.json',
      ],
    },
    'src/pages/Participant.svelte': {
      file: 'assets/Participant-1.js',
      imports: ['_live-1.js'],
      dynamicImports: [
        'src/pages/participant/PulseCard.svelte',
        'src/components/minutes/RecorderMinutes.svelte',
        'src/i18n/staff.ts',
      ],
    },
    '_live-1.js': { file: 'assets/live-1.js' },
    'src/pages/participant/PulseCard.svelte': { file: 'assets/PulseCard-1.js' },
    'src/pages/ConsoleMeeting.svelte': { file: 'assets/ConsoleMeeting-1.js' },
    'src/components/minutes/RecorderMinutes.svelte': {
      file: 'assets/RecorderMinutes-1.js',
      imports: ['node_modules/yjs/dist/yjs.mjs'],
    },
    'node_modules/yjs/dist/yjs.mjs': { file: 'assets/yjs-1.js' },
    'src/i18n/staff.ts': { file: 'assets/staff-1.js' },
    'src/i18n/en.json': { file: 'assets/en-1.js' },
  };

  it("holds the phone's shell, its lazy cards and messages, and nothing a phone never runs", () => {
    const files = phoneFiles(manifest);
    expect([...files].sort()).toEqual(
      [
        'index.html',
        'assets/core-1.js',
        'assets/core-1.css',
        'assets/Participant-1.js',
        'assets/live-1.js',
        'assets/PulseCard-1.js',
        'assets/en-1.js',
      ].sort(),
    );
  });
});

describe('the phone web manifest', () => {
  it('opens the meeting full-screen, with the icons installability needs', () => {
    const m = phoneManifest('123456');
    expect(m).toMatchObject({ name: '院坝', start_url: '/m/123456', display: 'standalone' });
    expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifestLink('123456')).toBe('<link rel="manifest" href="/m/123456/app.webmanifest" />');
  });
});

describe('the local minutes store', () => {
  it('is one per person and per meeting: two staff on one laptop never share one', () => {
    const a = collabStoreName({ staff: 'u1' }, 'meeting-1');
    expect(a).not.toBe(collabStoreName({ staff: 'u2' }, 'meeting-1'));
    expect(a).not.toBe(collabStoreName({ staff: 'u1' }, 'meeting-2'));
    expect(a).not.toBe(collabStoreName({ participant: 'u1' }, 'meeting-1'));
    // Logout clears by prefix: one account's prefix never matches another's store.
    expect(collabStoreName({ staff: 'u10' }, 'm').startsWith('yb-collab:u:u1:')).toBe(false);
  });
});
