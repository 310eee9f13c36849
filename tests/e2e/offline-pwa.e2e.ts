import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { Vote } from '../../shared/protocol';
import { createLiveMeeting, join } from '../integration/helpers/api';
import { controlledByServiceWorker, PHONE, returningPhone, useRestartableServer } from './helpers';
import { inspectLayout } from './layout/inspect';

/**
 * The installable, offline-tolerant phone page (issue 11): the server is really stopped (a
 * phone out of the hotspot's range sees the same refused connections) and started again on the
 * same port and data, so the browser's origin, its service worker and its storage stay.
 */
const live = useRestartableServer();

const OFFLINE_NOTICE = /离线：显示的是最后收到的会议状态/;

/** The phone at 360×740 has no layout problem (tests/e2e/layout/inspect.ts). */
async function fits(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  expect(await page.evaluate(inspectLayout, { projector: false, minFontPx: 0 })).toEqual([]);
}

test('the phone page is installable: a manifest Chrome accepts, a service worker for /m/ only', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['村道修缮']);
  const me = await join(live.url, meeting.code, '钱大爷');
  const { context, phone } = await returningPhone(browser, live.url, meeting.code, me);
  await phone.goto(`/m/${meeting.code}`);
  await controlledByServiceWorker(phone);
  const scope = await phone.evaluate(
    async () => (await navigator.serviceWorker.getRegistration('/m/'))?.scope,
  );
  expect(scope).toBe(`${live.url}/m/`);

  // The manifest: linked from the page, served with its type, with what installability needs.
  const href = await phone.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe(`/m/${meeting.code}/app.webmanifest`);
  const response = await phone.request.get(href!);
  expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = (await response.json()) as Record<string, unknown> & {
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: '院坝',
    short_name: '院坝',
    start_url: `/m/${meeting.code}`,
    scope: '/m/',
    display: 'standalone',
    theme_color: '#1d5c7a',
  });
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size && i.purpose !== 'maskable');
    expect(icon, size).toBeTruthy();
    const png = await phone.request.get(icon!.src);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
  }
  // The worker is revalidated on every update check; the CSP lets it run.
  const sw = await phone.request.get('/sw.js');
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(sw.headers()['content-security-policy']).toMatch(/worker-src 'self'/);

  // Staff pages are outside its scope; the hall screen is in it but never served from a cache.
  await context.addCookies([
    {
      name: live.admin.cookie.split('=')[0]!,
      value: live.admin.cookie.split('=')[1]!,
      url: live.url,
    },
  ]);
  const staff = await context.newPage();
  const consolePage = await staff.goto(`/console/${meeting.code}`);
  expect(consolePage!.fromServiceWorker()).toBe(false);
  expect(await staff.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  await live.down();
  // Without the server, the console and the screen are not there: never a stale copy.
  await expect(staff.goto(`/console/${meeting.code}`)).rejects.toThrow();
  await expect(staff.goto(`/m/${meeting.code}/screen`)).rejects.toThrow();
  await expect(staff.goto('/login')).rejects.toThrow();
  // The phone page is.
  await phone.reload();
  await expect(phone.getByText('钱大爷，欢迎参会')).toBeVisible();
  await live.up();
  await context.close();
});

test('with the server gone, a reload shows the last room state; a ballot cast then, the tab closed, counts once', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['村东头道路修缮']);
  const vote = await live.admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: '同意用集体收入修缮村东头的道路',
  });
  const me = await join(live.url, meeting.code, '孙大娘');
  const { context, phone } = await returningPhone(browser, live.url, meeting.code, me);
  await phone.goto(`/m/${meeting.code}`);
  await expect(phone.getByRole('button', { name: '同意', exact: true })).toBeEnabled();
  await controlledByServiceWorker(phone);

  await live.down();
  await phone.reload();
  await expect(phone.getByText(OFFLINE_NOTICE)).toBeVisible({ timeout: 15_000 });
  await expect(phone.getByText('同意用集体收入修缮村东头的道路')).toBeVisible();
  await expect(phone.getByText('村东头道路修缮').first()).toBeVisible();
  await phone.getByRole('button', { name: '同意', exact: true }).click();
  await expect(phone.getByText(/您的选择已保存在手机上/)).toBeVisible();
  await fits(phone);
  await phone.screenshot({ path: test.info().outputPath('offline-reload-zh.png') });
  // The tab is closed before the network comes back.
  await phone.close();

  await live.up();
  const again = await context.newPage();
  await again.goto(`/m/${meeting.code}`);
  await expect(again.getByText(/回执号：.+（已存入服务器）/)).toBeVisible({ timeout: 15_000 });
  await expect(again.getByText(OFFLINE_NOTICE)).toBeHidden();
  const tally = async () =>
    (await live.admin.ok<Vote[]>('GET', `/meetings/${meeting.code}/votes`)).find(
      (v) => v.id === vote.id,
    )!.tally;
  expect((await tally()).cast).toBe(1);
  await again.reload();
  await expect(again.getByText(/回执号：/)).toBeVisible();
  expect(await tally()).toMatchObject({ cast: 1, totals: { agree: 1 } });
  await context.close();
});

test('the offline page in English at 360×740, worst case: 10 options, 300-char motion, 40-char name', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['Road repairs on the east side']);
  const motion =
    `Repair the east road with the collective income, ${'and the drains beside it '.repeat(10)}`.slice(
      0,
      300,
    );
  await live.admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: motion,
    kind: 'single',
    options: Array.from({ length: 10 }, (_, i) => `Option ${i + 1}: a contractor from the county`),
  });
  const me = await join(live.url, meeting.code, 'Wenceslaus Bartholomew Fitzgerald-Smith');
  const context: BrowserContext = await browser.newContext({ ...PHONE, baseURL: live.url });
  await context.addInitScript(
    ([key, value]) => {
      localStorage.setItem(key!, value!);
      localStorage.setItem('yb:locale', 'en');
    },
    [
      `yb:participant:${meeting.code}`,
      JSON.stringify({ token: me.token, participant: me.participant }),
    ],
  );
  const phone = await context.newPage();
  await phone.goto(`/m/${meeting.code}`);
  await expect(phone.getByText('Option 10: a contractor from the county')).toBeVisible();
  await controlledByServiceWorker(phone);
  await live.down();
  await phone.reload();
  await expect(phone.getByText(/Offline: showing the last meeting state received/)).toBeVisible({
    timeout: 15_000,
  });
  await expect(phone.getByText('Option 10: a contractor from the county')).toBeVisible();
  await fits(phone);
  await phone.screenshot({ path: test.info().outputPath('offline-reload-en.png') });
  await phone.screenshot({
    path: test.info().outputPath('offline-reload-en-full.png'),
    fullPage: true,
  });
  await live.up();
  await context.close();
});
