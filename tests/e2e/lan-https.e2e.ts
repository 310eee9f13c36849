/**
 * Phones on the LAN (issue 11): a veth made by the test gives the server a non-loopback
 * address (198.18.0.0/15), as the laptop has on a hotspot. Phones are given http://: one
 * without the local CA votes there with no warning; one that trusts it (an NSS store, as a
 * phone that installed it) moves itself to https://, as the same person, where the page is a
 * secure context, getUserMedia works and its voice reaches the hall; over plain http:// it is
 * not, and the phone and the console say so. Fails, never skips, on CI when the namespace
 * cannot be made.
 */
import { readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, ApiClient, createLiveMeeting, join } from '../integration/helpers/api';
import { tryTestLan, type TestLan } from '../integration/helpers/netns';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';
import { CHROMIUM_ARGS, FAKE_MEDIA_ARGS, findChromium } from './chromium';
import { CONSOLE_VIEWPORT, joinOnPage, PHONE, signIn } from './helpers';
import { homeTrusting, TrustingApi } from './lan/trusting';
import { inspectLayout } from './layout/inspect';
import { inboundAudio, recordPeerConnections } from './peer-connections';

let lan: TestLan | string;
let secure: ChildServer; // HTTPS=auto on the LAN address
let plain: ChildServer; // HTTPS=off on the LAN address
const dirs: string[] = [];
let ca = '';
let browser: Browser;
let shots = '';

test.beforeAll(async () => {
  lan = tryTestLan('tlse');
  test.skip(typeof lan === 'string', String(lan));
  const { address } = lan as TestLan;
  const env = {
    HOST: address,
    AUDIO_LISTEN_IP: address,
    AUDIO_ANNOUNCED_ADDRESS: address,
  };
  dirs.push(tempDataDir(), tempDataDir());
  secure = await startChildServer(dirs[0]!, { ...env, HTTPS: 'auto' });
  plain = await startChildServer(dirs[1]!, { ...env, HTTPS: 'off' });
  ca = readFileSync(path.join(dirs[0]!, 'tls', 'ca.pem'), 'utf8');
  const home = homeTrusting(ca);
  dirs.push(home);
  browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS],
    env: { ...process.env, HOME: home },
  });
  shots = test.info().outputPath('lan-https');
  await mkdir(shots, { recursive: true });
});

test.afterAll(async () => {
  await browser?.close();
  await secure?.crash();
  await plain?.crash();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (typeof lan === 'object') lan.dispose();
});

let secureAdmin: TrustingApi | null = null;
/** The administrator of the HTTPS server, over https with the CA (set up once). */
async function adminOfSecure(): Promise<TrustingApi> {
  if (!secureAdmin) {
    secureAdmin = new TrustingApi(secure.url.replace('http:', 'https:'), ca);
    await secureAdmin.ok('POST', '/setup', ADMIN);
  }
  return secureAdmin;
}

/** The console of `code` at its real size, as the admin, joined as the hall device or not. */
async function consolePage(base: string, admin: ApiClient, code: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport: CONSOLE_VIEWPORT });
  await signIn(context, { baseUrl: base, cookie: admin.cookie });
  const page = await context.newPage();
  await recordPeerConnections(page);
  await page.goto(`/console/${code}`);
  return page;
}

test('phones get http:// and vote with no warning; one trusting the CA moves to https:// as the same person', async () => {
  const http = secure.url; // http://198.18.x.1:port
  const https = http.replace('http:', 'https:');
  const admin = await adminOfSecure();
  const { meeting } = await createLiveMeeting(admin);
  const code = meeting.code;

  // A phone that never installed the CA: no redirect, no warning; it votes on http://.
  const untrusting = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const context = await untrusting.newContext({ ...PHONE, baseURL: http });
    const res = await context.request.get(`${http}/m/${code}`, { maxRedirects: 0 });
    expect(res.status()).toBe(200);
    const page = await joinOnPage(await context.newPage(), code, '赵大姐');
    expect(page.url()).toBe(`${http}/m/${code}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

    // The trust page, on http://, for that phone.
    await page.goto(`${http}/trust`);
    await expect(page.getByRole('heading', { name: '安装安全证书' })).toBeVisible();
    expect(page.url()).toBe(`${http}/trust`);
    await expect(page.getByRole('link', { name: '下载证书（安卓）' })).toBeVisible();
    const fingerprint = (await page.locator('.fingerprint').textContent()) ?? '';
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await page.evaluate(inspectLayout, { projector: false, minFontPx: 0 })).toEqual([]);
    await page.screenshot({ path: `${shots}/trust-phone-zh.png`, fullPage: true });
    await page.evaluate(() => localStorage.setItem('yb:locale', 'en'));
    await page.reload();
    await expect(
      page.getByRole('heading', { name: 'Install the security certificate' }),
    ).toBeVisible();
    expect(await page.evaluate(inspectLayout, { projector: false, minFontPx: 0 })).toEqual([]);
    await page.screenshot({ path: `${shots}/trust-phone-en.png`, fullPage: true });
  } finally {
    await untrusting.close();
  }

  // A phone that joined on http:// and has since installed the CA: at its next visit it moves
  // to https://, taking who it is along (no second join, no second person).
  const me = await join(http, code, '钱大伯');
  const context = await browser.newContext({ ...PHONE });
  await context.addInitScript(
    ([key, value]) => {
      if (location.protocol === 'http:' && !localStorage.getItem(key)) {
        localStorage.setItem(key, value);
        localStorage.setItem('yb:locale', 'zh-CN');
      }
    },
    [
      `yb:participant:${code}`,
      JSON.stringify({ token: me.token, participant: me.participant }),
    ] as [string, string],
  );
  const page = await context.newPage();
  await page.goto(`${http}/m/${code}`);
  await page.waitForURL(`${https}/m/${code}`);
  await expect(page.getByText('钱大伯，欢迎参会')).toBeVisible();
  expect(page.url()).toBe(`${https}/m/${code}`); // the fragment with the token is gone
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  const people = await admin.ok<{ name: string }[]>('GET', `/meetings/${code}/participants`);
  expect(people.filter((p) => p.name === '钱大伯')).toHaveLength(1);

  // A link with a forged fragment (someone else's identity, a key of its own) changes nothing:
  // the https side takes only its own keys, and never over what it has.
  const identityKey = `yb:participant:${code}`;
  const mine = await page.evaluate((key) => localStorage.getItem(key), identityKey);
  const forged = { [identityKey]: '{"token":"forged","participant":{}}', 'evil.key': 'x' };
  await page.goto('about:blank'); // a fresh load, not a same-document hash change
  await page.goto(`${https}/m/${code}#yb-handoff=${encodeURIComponent(JSON.stringify(forged))}`);
  await expect(page.getByText('钱大伯，欢迎参会')).toBeVisible();
  expect(page.url()).toBe(`${https}/m/${code}`);
  expect(
    await page.evaluate(
      (key) => [localStorage.getItem(key), localStorage.getItem('evil.key')],
      identityKey,
    ),
  ).toEqual([mine, null]);

  // "Check" on the trust page: that phone is moved to https:// and is told the CA works.
  await page.goto(`${http}/trust`);
  await expect(page.getByText('✓ 证书已生效：这部手机可以用话筒发言了。')).toBeVisible();
  expect(page.url()).toBe(`${https}/trust`);
  await context.close();
});

test('over https a phone on the LAN is a secure context and its voice reaches the hall', async () => {
  const base = secure.url.replace('http:', 'https:');
  const admin = await adminOfSecure();
  const { meeting } = await createLiveMeeting(admin);
  const code = meeting.code;

  // Before the start, the hall screen shows a second QR code: the trust page, on plain http.
  const scheduled = await admin.ok<{ code: string }>('POST', '/meetings', {
    title: '加装电梯协商会',
    topic: '老旧小区加装电梯',
    place: '3号楼院坝',
    level: 'village',
    date: '2026-11-22',
  });
  const hallContext = await browser.newContext({ baseURL: base });
  const hall = await hallContext.newPage();
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ]) {
    await hall.setViewportSize(size);
    await hall.goto(`/m/${scheduled.code}/screen`);
    await expect(hall.getByText('手机发言请先扫此码安装安全证书（一次即可）')).toBeVisible();
    await hall.waitForTimeout(400);
    const rules = { projector: true, minFontPx: (32 * size.height) / 1080 };
    expect(await hall.evaluate(inspectLayout, rules)).toEqual([]);
    await hall.screenshot({ path: `${shots}/hall-${size.width}x${size.height}.png` });
  }
  await hallContext.close();

  const consoleHall = await consolePage(base, admin, code);

  // Two phones that trust the CA (they moved to https://, as the test above shows).
  const phones = await Promise.all(
    ['王阿姨', '李大爷'].map(async (name) => {
      const context = await browser.newContext({ ...PHONE, baseURL: base });
      if (name === '王阿姨') {
        // This one refuses the microphone permission.
        await context.addInitScript(() => {
          navigator.mediaDevices.getUserMedia = () =>
            Promise.reject(new DOMException('refused', 'NotAllowedError'));
        });
      }
      const page = await joinOnPage(await context.newPage(), code, name);
      expect(page.url()).toMatch(/^https:\/\/198\.18\./);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      await page.getByRole('button', { name: '举手发言' }).click();
      await expect(consoleHall.getByRole('list', { name: '等待发言' })).toContainText(name);
      return page;
    }),
  );
  const [wang, phone] = phones as [Page, Page];

  // Refused: the phone says so, the console offers the hall microphone and starts it.
  await consoleHall.getByRole('button', { name: '给予发言权：王阿姨' }).click();
  await wang.getByRole('button', { name: '按下开始发言' }).click();
  await expect(wang.getByRole('alert')).toContainText(
    '这部手机现在无法使用话筒，请到会场话筒发言。',
  );
  await expect(wang.getByRole('alert')).toContainText('话筒权限被拒绝');
  const offer = consoleHall.getByRole('status').filter({ hasText: '王阿姨 的手机无法使用话筒' });
  await expect(offer).toContainText('话筒权限被拒绝');
  await offer.getByRole('button', { name: '改用会场话筒' }).click();
  await expect(consoleHall.getByText('现场音频已启用：本机麦克风与扬声器')).toBeVisible();
  await expect(offer).toContainText('会场话筒已接通：请把话筒递给 王阿姨。');
  await offer.scrollIntoViewIfNeeded();
  await consoleHall.screenshot({ path: `${shots}/console-hall-mic-on.png` });

  // Permitted: the next speaker's phone opens its microphone.
  await consoleHall.getByRole('button', { name: '给予发言权：李大爷' }).click();
  await phone.getByRole('button', { name: '按下开始发言' }).click();
  await expect(phone.getByText('麦克风已打开')).toBeVisible();

  // The phone's fake microphone (a beep) arrives at the hall device through the SFU.
  const first = (await inboundAudio(consoleHall)).bytes;
  await expect
    .poll(async () => (await inboundAudio(consoleHall)).bytes - first, { timeout: 20_000 })
    .toBeGreaterThan(2000);
  await expect(consoleHall.getByRole('list', { name: '正在收听' })).toContainText('李大爷');
  for (const page of [...phones, consoleHall]) await page.context().close();
});

test('over plain http the phone says it cannot use its microphone; the console offers the hall mic', async () => {
  const base = plain.url;
  const admin = new ApiClient(base);
  await admin.ok('POST', '/setup', ADMIN);
  const { meeting } = await createLiveMeeting(admin);
  const code = meeting.code;
  const consolePageOf = await consolePage(base, admin, code);

  for (const lang of ['zh-CN', 'en'] as const) {
    const phoneContext = await browser.newContext({ ...PHONE, baseURL: base });
    const phone = await phoneContext.newPage();
    const name = lang === 'zh-CN' ? '王阿姨' : 'Auntie Wang';
    await joinOnPage(phone, code, name);
    expect(phone.url()).toMatch(/^http:\/\/198\.18\./);
    expect(await phone.evaluate(() => window.isSecureContext)).toBe(false);
    if (lang === 'en') {
      await phone.evaluate(() => localStorage.setItem('yb:locale', 'en'));
      await phone.reload();
    }
    await phone.getByRole('button', { name: lang === 'zh-CN' ? '举手发言' : 'Raise hand' }).click();
    await consolePageOf.getByRole('button', { name: `给予发言权：${name}` }).click();
    const blocked =
      lang === 'zh-CN'
        ? '这部手机现在无法使用话筒，请到会场话筒发言。'
        : 'This phone cannot use its microphone now. Please speak at the hall microphone.';
    await expect(phone.getByRole('alert')).toContainText(blocked);
    await expect(phone.getByRole('button', { name: '按下开始发言' })).toHaveCount(0);
    expect(await phone.evaluate(inspectLayout, { projector: false, minFontPx: 0 })).toEqual([]);
    await phone.screenshot({ path: `${shots}/phone-mic-blocked-${lang}.png`, fullPage: true });

    const trouble = consolePageOf
      .getByRole('status')
      .filter({ hasText: `${name} 的手机无法使用话筒` });
    await expect(trouble).toContainText('网页不是安全连接（未装证书）');
    await expect(trouble.getByRole('button', { name: '改用会场话筒' })).toBeVisible();
    await consolePageOf.screenshot({ path: `${shots}/console-offer-${lang}.png` });
    await phoneContext.close();
  }
});
