import { expect, test, type Page } from '@playwright/test';
import type { MeetingRecord } from '../../shared/protocol';
import { adminClient, createLiveMeeting, join, type ApiClient } from '../integration/helpers/api';
import { returningPhone, useChildServer } from './helpers';

const server = useChildServer();
let admin: ApiClient;
test.beforeAll(async () => {
  admin = await adminClient(server.url);
});

const HALL_SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

/**
 * Every element of the pulse section inside the viewport; hall text never under `minPx`. The
 * hall refits after a resize (a ResizeObserver, then a frame): poll until it has settled.
 */
async function fitsScreen(screen: Page, minPx: number): Promise<void> {
  const problems = () =>
    screen.getByRole('region', { name: /举牌|Temperature check/ }).evaluate((section, min) => {
      const out: string[] = [];
      const { innerWidth: w, innerHeight: h } = window;
      for (const el of [section, ...section.querySelectorAll('*')]) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.right > w + 0.5 || box.bottom > h + 0.5 || box.left < -0.5) {
          out.push(`${el.tagName}.${el.className} outside ${w}×${h}: ${JSON.stringify(box)}`);
        }
        const direct = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim());
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (direct && size < min) out.push(`${el.tagName}.${el.className} text ${size}px`);
      }
      return out;
    }, minPx);
  await expect.poll(problems, { timeout: 5_000 }).toEqual([]);
}

test('console opens a temperature check in one tap, phones answer in one tap, the hall sees it live', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(admin, ['电梯选址：东侧还是西侧，费用按楼层分摊']);
  const code = meeting.code;
  const [name, value] = admin.cookie.split('=');

  const consoleContext = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1366, height: 768 },
  });
  await consoleContext.addCookies([{ name: name!, value: value!, url: server.url }]);
  const console_ = await consoleContext.newPage();
  await console_.goto(`/console/${code}`);
  const panel = console_.getByRole('region', { name: '举牌（温度测试，非表决）' });
  const start = panel.getByRole('button', { name: '开始举牌' });
  await expect(start).toBeVisible();
  // Above the fold at 1366×768: one tap, no scrolling.
  const box = (await start.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(768);

  const screenContext = await browser.newContext({
    baseURL: server.url,
    viewport: HALL_SIZES[0],
  });
  const screen = await screenContext.newPage();
  await screen.goto(`/m/${code}/screen`);
  await expect(screen.getByRole('heading', { name: '当前议程' })).toBeVisible();

  const me = await join(server.url, code, '李大爷');
  const { context: phoneContext, phone } = await returningPhone(browser, server.url, code, me);
  await phone.goto(`/m/${code}`);
  await expect(phone.getByText('李大爷，欢迎参会')).toBeVisible();

  await start.click();

  // The phone: the card comes first, big, and one tap answers.
  const card = phone.getByRole('region', { name: '举牌 · 温度测试' });
  await expect(card).toBeVisible();
  await expect(card.getByText('不是表决')).toBeVisible();
  const up = card.getByRole('button', { name: '赞同', exact: true });
  const upBox = (await up.boundingBox())!;
  expect(upBox.height).toBeGreaterThanOrEqual(48);
  expect(upBox.width).toBeGreaterThanOrEqual(48);
  const cardBox = (await card.boundingBox())!;
  const agendaBox = (await phone.getByRole('heading', { name: '当前议程' }).boundingBox())!;
  expect(cardBox.y).toBeLessThan(agendaBox.y);
  await up.click();
  await expect(card.getByText('已举牌：赞同（可以改）')).toBeVisible();
  await expect(up).toHaveAttribute('aria-pressed', 'true');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await phone.screenshot({ path: test.info().outputPath('pulse-phone-360x740.png') });

  // A reload remembers the answer; changing it moves the count instead of adding one.
  await phone.reload();
  await expect(card.getByText('已举牌：赞同（可以改）')).toBeVisible();
  await card.getByRole('button', { name: '不赞同', exact: true }).click();
  await expect(card.getByText('已举牌：不赞同（可以改）')).toBeVisible();

  // The hall screen follows live; hands counted in the hall are added apart.
  const onScreen = screen.getByRole('region', { name: /举牌中/ });
  await expect(onScreen.getByText('共 1 人')).toBeVisible();
  await panel.getByLabel('现场举手（主持人或计票人录入）: 赞同').fill('12');
  await panel.getByLabel('现场举手（主持人或计票人录入）: 还要想想').fill('4');
  await panel.getByRole('button', { name: '录入举手数' }).click();
  await expect(onScreen.getByText('共 17 人')).toBeVisible();
  await expect(onScreen.getByText('手机 0 · 举手 12')).toBeVisible();
  await expect(panel.getByText('共 17 人')).toBeVisible();

  for (const size of HALL_SIZES) {
    await screen.setViewportSize(size);
    await fitsScreen(screen, size.width === 1920 ? 32 : 24);
    await screen.screenshot({
      path: test.info().outputPath(`pulse-screen-${size.width}x${size.height}.png`),
    });
  }
  await console_.screenshot({ path: test.info().outputPath('pulse-console-1366x768.png') });

  // Closed, kept: off the phone and the screen, into the record. Closing needs no scrolling.
  const close = panel.getByRole('button', { name: '结束举牌' });
  const closeBox = (await close.boundingBox())!;
  expect(closeBox.y + closeBox.height).toBeLessThanOrEqual(768);
  await close.click();
  await expect(card).toBeHidden();
  await expect(screen.getByRole('region', { name: /举牌结束/ })).toBeVisible();
  await panel.getByRole('button', { name: '保留到纪要' }).click();
  await expect(panel.getByText('已保留到纪要。')).toBeVisible();
  await expect(screen.getByRole('region', { name: /举牌/ })).toBeHidden();

  await admin.ok('POST', `/meetings/${code}/close`);
  const res = await fetch(`${server.url}/api/meetings/${code}/record.json`, {
    headers: { cookie: admin.cookie },
  });
  const record = (await res.json()) as MeetingRecord;
  expect(record.pulses?.[0]).toMatchObject({ phones: 1, hall: 16 });

  await Promise.all([consoleContext.close(), screenContext.close(), phoneContext.close()]);
});

test('the 1–5 scale in English fits phone and hall screen', async ({ browser }) => {
  const { meeting } = await createLiveMeeting(admin, ['费用分摊']);
  const code = meeting.code;
  const me = await join(server.url, code, '王阿姨阿姨阿姨阿姨阿姨阿姨阿姨阿姨阿姨阿姨阿姨阿姨阿姨');
  const { context: phoneContext, phone } = await returningPhone(browser, server.url, code, me);
  await phoneContext.addInitScript(() => localStorage.setItem('yb:locale', 'en'));
  const screenContext = await browser.newContext({ baseURL: server.url, viewport: HALL_SIZES[0] });
  await screenContext.addInitScript(() => localStorage.setItem('yb:locale', 'en'));
  const screen = await screenContext.newPage();
  await screen.goto(`/m/${code}/screen`);
  await phone.goto(`/m/${code}`);

  // The console in English: the scale and the question are one fold away from the button.
  const [name, value] = admin.cookie.split('=');
  const consoleContext = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1366, height: 768 },
  });
  await consoleContext.addCookies([{ name: name!, value: value!, url: server.url }]);
  await consoleContext.addInitScript(() => localStorage.setItem('yb:locale', 'en'));
  const console_ = await consoleContext.newPage();
  await console_.goto(`/console/${code}`);
  const panel = console_.getByRole('region', { name: 'Temperature check (not a vote)' });
  await panel.getByText('Scale and question').click();
  await panel.getByRole('radio', { name: '1–5' }).check();
  await panel
    .getByLabel('Question (optional; defaults to the current item)')
    .fill(
      'How much do you agree with sharing the lift costs by floor, as proposed by the committee after the survey of all households?'.slice(
        0,
        120,
      ),
    );
  await panel.getByRole('button', { name: 'Start temperature check' }).click();
  const card = phone.getByRole('region', { name: 'Temperature check' });
  await card.getByRole('button', { name: '4', exact: true }).click();
  await expect(card.getByText('Counted: 4 (you can change it)')).toBeVisible();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await phone.screenshot({ path: test.info().outputPath('pulse-phone-five-en.png') });
  for (const [answer, hands] of [
    ['1', '3'],
    ['2', '14'],
    ['3', '120'],
    ['4', '9'],
    ['5', '1000'],
  ]) {
    await panel
      .getByLabel(`Hands in the hall (entered by the facilitator or a teller): ${answer}`)
      .fill(hands!);
  }
  await panel.getByRole('button', { name: 'Save hand counts' }).click();
  await expect(screen.getByText('1147 in total')).toBeVisible();
  for (const size of HALL_SIZES) {
    await screen.setViewportSize(size);
    await fitsScreen(screen, size.width === 1920 ? 32 : 24);
    await screen.screenshot({
      path: test.info().outputPath(`pulse-screen-five-en-${size.width}x${size.height}.png`),
    });
  }
  await console_.screenshot({ path: test.info().outputPath('pulse-console-five-en.png') });
  await Promise.all([consoleContext.close(), screenContext.close(), phoneContext.close()]);
});
