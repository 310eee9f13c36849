import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The browser for the e2e tests: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then a
 * browser installed by `npx playwright install chromium`. Playwright cannot download one on
 * machines without internet, so none is fetched here.
 */
export function findChromium(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    safe(() => chromium.executablePath()),
  ];
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c!));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install one of:\n' +
        '  Debian/Ubuntu: apt-get install chromium\n' +
        '  any machine with internet: npx playwright install chromium\n' +
        'or point CHROMIUM_PATH at a Chromium/Chrome binary.',
    );
  }
  return found;
}

function safe(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Flags for a closed network: without them Chromium hangs on blocked hosts. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** A fake microphone (a beep) granted without a prompt, and audio that plays unattended. */
export const FAKE_MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
