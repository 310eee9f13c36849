import { rm } from 'node:fs/promises';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { JoinResult } from '../../shared/protocol';
import { adminClient, type ApiClient } from '../integration/helpers/api';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';

/** A villager's phone: what every voter-facing test runs in. */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

/** The facilitator's laptop. */
export const CONSOLE_VIEWPORT = { width: 1366, height: 768 };

/** Pages of this context open in `locale` (what the language switch stores). */
export async function inLocale(context: BrowserContext, locale: 'zh-CN' | 'en'): Promise<void> {
  await context.addInitScript((l) => localStorage.setItem('yb:locale', l), locale);
}

/** The context carries the session of a staff account that logged in through `ApiClient`. */
export async function signIn(
  context: BrowserContext,
  staff: Pick<ApiClient, 'baseUrl' | 'cookie'>,
): Promise<void> {
  const [name, value] = staff.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: staff.baseUrl }]);
}

/**
 * A staff member's browser page, signed in, at the console's size unless told otherwise;
 * opened at `path` when given.
 */
export async function staffPage(
  browser: Browser,
  staff: Pick<ApiClient, 'baseUrl' | 'cookie'>,
  options: {
    path?: string;
    viewport?: { width: number; height: number };
    locale?: 'zh-CN' | 'en';
  } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: staff.baseUrl,
    viewport: options.viewport ?? CONSOLE_VIEWPORT,
  });
  await signIn(context, staff);
  if (options.locale) await inLocale(context, options.locale);
  const page = await context.newPage();
  if (options.path) await page.goto(options.path);
  return page;
}

/** One real server process per test file, on its own data folder, removed afterwards. */
export function useChildServer(env: Record<string, string> = {}): { readonly url: string } {
  let server: ChildServer | undefined;
  const dataDir = tempDataDir();
  test.beforeAll(async () => {
    server = await startChildServer(dataDir, env);
  });
  test.afterAll(async () => {
    await server?.crash();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get url() {
      if (!server) throw new Error('the server runs only inside the tests');
      return server.url;
    },
  };
}

/**
 * One real server process per test file with its administrator, that the test can stop and
 * start again on the same port and data: a phone out of the hotspot's range sees the same
 * refused connections, and the browser's origin, service worker and storage stay.
 */
export function useRestartableServer(): {
  readonly url: string;
  readonly admin: ApiClient;
  down(): Promise<void>;
  up(): Promise<void>;
} {
  let server: ChildServer | undefined;
  let admin: ApiClient | undefined;
  const dataDir = tempDataDir();
  test.beforeAll(async () => {
    server = await startChildServer(dataDir);
    admin = await adminClient(server.url);
  });
  test.afterAll(async () => {
    await server?.crash();
    await rm(dataDir, { recursive: true, force: true });
  });
  const running = (): ChildServer => {
    if (!server) throw new Error('the server runs only inside the tests');
    return server;
  };
  return {
    get url() {
      return running().url;
    },
    get admin() {
      if (!admin) throw new Error('the server runs only inside the tests');
      return admin;
    },
    down: () => running().crash(),
    async up() {
      server = await startChildServer(dataDir, { PORT: new URL(running().url).port });
    },
  };
}

/** Waits until the page is controlled by the phone's service worker (clientsClaim). */
export async function controlledByServiceWorker(page: Page): Promise<void> {
  // A page without a worker never gets one: fail in seconds, not at the test's timeout.
  await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker')), 10_000)),
    ]),
  );
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
}

/** Joins from the meeting's page (what the QR code opens) with a name and where one sits. */
export async function joinOnPage(
  page: Page,
  code: string,
  name: string,
  where: '现场' | '线上' = '现场',
): Promise<Page> {
  await page.goto(`/m/${code}`);
  await page.getByLabel('姓名').fill(name);
  await page.getByRole('radio', { name: where }).check();
  await page.getByRole('button', { name: '加入会议' }).click();
  await expect(page.getByText(`${name}，欢迎参会`)).toBeVisible();
  return page;
}

/**
 * Opens a personal join link (`/m/<code>?k=…`, what a personal QR code holds): the phone is in
 * at once as that roster entry, without typing a name (issue 9).
 */
export async function joinWithLink(
  page: Page,
  url: string,
  name: string,
  where: '我在会场' | '我不在会场，远程参加' = '我在会场',
): Promise<Page> {
  const { pathname, search } = new URL(url);
  await page.goto(pathname + search);
  // A phone new to this meeting is asked where its holder is; a known one goes straight in.
  const ask = page.getByRole('button', { name: where });
  const welcome = page.getByText(`${name}，欢迎参会`);
  await expect(ask.or(welcome)).toBeVisible();
  if (await ask.isVisible()) await ask.click();
  await expect(welcome).toBeVisible();
  return page;
}

/**
 * A phone that joined this meeting earlier: the identity the join form stores is already in
 * its localStorage, so the page connects as that participant at once. Not navigated yet, so a
 * test can route its traffic first.
 */
export async function returningPhone(
  browser: Browser,
  baseURL: string,
  code: string,
  me: Pick<JoinResult, 'token' | 'participant'>,
): Promise<{ context: BrowserContext; phone: Page }> {
  const context = await browser.newContext({ ...PHONE, baseURL });
  await context.addInitScript(
    ([key, value]) => localStorage.setItem(key!, value!),
    [`yb:participant:${code}`, JSON.stringify({ token: me.token, participant: me.participant })],
  );
  return { context, phone: await context.newPage() };
}
