/**
 * Finding 5: a recorder writes a `javascript:` link and an image pointing at another local
 * HTTP server into the minutes over Yjs (a raw y-websocket client, no editor); an
 * administrator opens the meeting in the console and clicks the link. No script may run and
 * the "external" server must see no request. Finding 8's CSP is checked in the same browser:
 * the console, the phone page and the hall screen load with no CSP violation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { YDOC_KEYS } from '../../shared/collab';
import { ADMIN, adminClient, ApiClient, createLiveMeeting, join } from '../integration/helpers/api';
import { connectDoc, until } from '../integration/helpers/realtime';
import { PHONE, useChildServer } from '../e2e/helpers';

const server = useChildServer();
let external: Server;
let externalRequests: string[] = [];
let externalUrl = '';

test.beforeAll(async () => {
  external = createServer((req, res) => {
    externalRequests.push(req.url ?? '');
    res
      .writeHead(200, { 'content-type': 'image/svg+xml' })
      .end('<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  await new Promise<void>((resolve) => external.listen(0, '127.0.0.1', resolve));
  externalUrl = `http://127.0.0.1:${(external.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => external.close(() => resolve())));

/** The administrator, set up on a fresh server (a failed test restarts it) or logged in. */
async function administrator(): Promise<ApiClient> {
  try {
    return await adminClient(server.url);
  } catch {
    const api = new ApiClient(server.url);
    await api.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    return api;
  }
}

/** Records CSP violations and console errors from the first script on. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction('__cspViolation', (v: string) => problems.push(`csp: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  return problems;
}

test('a javascript: link and an external image in the minutes do nothing in the console', async ({
  browser,
}) => {
  const admin = await administrator();
  const { meeting } = await createLiveMeeting(admin);
  const recorder = await join(server.url, meeting.code, '记录员小周');
  await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${recorder.participant.id}`, {
    role: 'recorder',
  });

  // The recorder's own client: raw Yjs, no ProseMirror schema in the way.
  const yclient = connectDoc(server.url, meeting.code, { token: recorder.token });
  await yclient.synced;
  const fragment = yclient.doc.getXmlFragment(YDOC_KEYS.minutes);
  yclient.doc.transact(() => {
    const p1 = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, '点我查看附件', {
      link: { href: 'javascript:window.__pwned=1;alert(document.cookie)', title: null },
    });
    p1.insert(0, [text]);
    const p2 = new Y.XmlElement('paragraph');
    const img = new Y.XmlElement('image');
    img.setAttribute('src', `${externalUrl}/track.png`);
    img.setAttribute('alt', '现场照片');
    const after = new Y.XmlText();
    after.insert(0, '照片之后');
    p2.insert(0, [img, after]);
    const p3 = new Y.XmlElement('paragraph');
    const ok = new Y.XmlText();
    ok.insert(0, '区政府通知', { link: { href: 'https://example.org/notice', title: null } });
    p3.insert(0, [ok]);
    fragment.insert(fragment.length, [p1, p2, p3]);
  });
  await until(() => fragment.length >= 3, 5_000, 'minutes written');
  // Its awareness state too: a "colour" that smuggles CSS, a name that looks like markup.
  const lastText = (fragment.get(2) as Y.XmlElement).get(0) as Y.XmlText;
  const at = (i: number) =>
    Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(lastText, i)) as unknown;
  yclient.provider.awareness.setLocalStateField('user', {
    name: `<img src="${externalUrl}/name.png">`,
    color: `#ff0000; background-image: url(${externalUrl}/cursor.png)`,
  });
  yclient.provider.awareness.setLocalStateField('cursor', { anchor: at(0), head: at(5) });

  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1400, height: 1000 },
  });
  await context.addCookies([
    { name: 'yb_session', value: admin.cookie.split('=')[1]!, url: server.url },
  ]);
  const page = await context.newPage();
  const problems = await watch(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await page.goto(`/console/${meeting.code}`);
  const editor = page.locator('.minutes-doc');
  await expect(editor.getByText('点我查看附件')).toBeVisible();
  await expect(editor.getByText('照片之后')).toBeVisible();

  // The schema renders no javascript: href and no <img> at all; the safe link stays a link.
  expect(await editor.locator('a[href^="javascript:" i]').count()).toBe(0);
  // (ProseMirror's own `img.ProseMirror-separator` hack nodes have no src.)
  expect(await editor.locator('img[src], img[srcset]').count()).toBe(0);
  await expect(editor.locator('a[href="https://example.org/notice"]')).toHaveCount(1);

  const cursor = editor.locator('.ProseMirror-yjs-cursor');
  await expect(cursor).toHaveCount(1);
  await expect(cursor).toContainText('<img src=');
  for (const el of await editor.locator('[style]').all()) {
    expect(await el.getAttribute('style')).not.toContain('url(');
  }

  await editor.getByText('点我查看附件').click({ modifiers: ['Control'] });
  await editor.getByText('点我查看附件').click();
  await page.waitForTimeout(500);
  expect(dialogs).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
    undefined,
  );
  expect(externalRequests).toEqual([]);
  expect(problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  yclient.destroy();
  await context.close();
});

test('the console, the phone page and the hall screen load with no CSP violation', async ({
  browser,
}) => {
  const admin = await administrator();
  const { meeting } = await createLiveMeeting(admin);
  externalRequests = [];

  const consoleCtx = await browser.newContext({ baseURL: server.url });
  await consoleCtx.addCookies([
    { name: 'yb_session', value: admin.cookie.split('=')[1]!, url: server.url },
  ]);
  const consolePage = await consoleCtx.newPage();
  const consoleProblems = await watch(consolePage);
  await consolePage.goto(`/console/${meeting.code}`);
  await expect(consolePage.locator('.minutes-doc')).toBeVisible();
  await expect(
    consolePage.getByRole('img', { name: new RegExp(meeting.code) }).first(),
  ).toBeVisible();

  const screenCtx = await browser.newContext({ baseURL: server.url });
  const screen = await screenCtx.newPage();
  const screenProblems = await watch(screen);
  await screen.goto(`/m/${meeting.code}/screen`);
  await expect(screen.getByText(meeting.code, { exact: true })).toBeVisible();

  const phoneCtx = await browser.newContext({ ...PHONE, baseURL: server.url });
  const phone = await phoneCtx.newPage();
  const phoneProblems = await watch(phone);
  await phone.goto(`/m/${meeting.code}`);
  await phone.getByLabel('姓名').fill('李大爷');
  await phone.getByRole('radio', { name: '现场' }).check();
  await phone.getByRole('button', { name: '加入会议' }).click();
  await expect(phone.getByText('李大爷，欢迎参会')).toBeVisible();

  await consolePage.waitForTimeout(500);
  const csp = (list: string[]) => list.filter((p) => /csp|Content Security Policy/i.test(p));
  expect(csp(consoleProblems)).toEqual([]);
  expect(csp(screenProblems)).toEqual([]);
  expect(csp(phoneProblems)).toEqual([]);
  for (const ctx of [consoleCtx, screenCtx, phoneCtx]) await ctx.close();
});
