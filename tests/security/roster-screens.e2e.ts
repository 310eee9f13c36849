import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Meeting } from '../../shared/protocol';
import { adminClient, staffUser } from '../integration/helpers/api';
import { PHONE, staffPage, useChildServer } from '../e2e/helpers';

/**
 * The roster screens with worst-case content (issue 9): 40 roster entries and 20 people waiting,
 * names at the 40-character limit, in Chinese and English, on the 1366×768 console and the
 * 360×740 phone. Nothing may overflow sideways; the screenshots are kept for review in
 * .tmp/screens/.
 */
const server = useChildServer();
const SHOTS = path.resolve('.tmp/screens');
mkdirSync(SHOTS, { recursive: true });

const long = (i: number) => `${'欧阳'.repeat(9)}长名字${String(i).padStart(2, '0')}`.slice(0, 40);
const latin = (i: number) => `Maximilian-Alexander Wolfeschlegel ${String(i).padStart(2, '0')}`;

async function noSidewaysOverflow(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
}

test('roster, door, print sheet and waiting phone fit with worst-case content', async ({
  browser,
}) => {
  const admin = await adminClient(server.url);
  const meeting = await admin.ok<Meeting>('POST', '/meetings', {
    title: '关于老旧小区加装电梯选址与费用分摊方案的村民协商议事会（第二次）',
    level: 'village',
    date: '2026-11-30',
  });
  const code = meeting.code;
  await admin.ok('POST', `/meetings/${code}/roster/entries`, {
    entries: Array.from({ length: 40 }, (_, i) => ({
      name: i % 2 ? long(i) : latin(i),
      role: (['member', 'official', 'cadre', 'resident', 'observer'] as const)[i % 5],
      onLeave: i % 7 === 0,
    })),
  });
  await admin.ok('POST', `/meetings/${code}/start`);
  let phoneTicket: Page | null = null;
  for (let i = 0; i < 20; i += 1) {
    if (i === 19) {
      const phone = await (await browser.newContext({ ...PHONE, baseURL: server.url })).newPage();
      await phone.goto(`/m/${code}`);
      await phone.getByLabel('姓名').fill(long(i).slice(0, 40));
      await phone.getByRole('button', { name: '加入会议' }).click();
      await expect(phone.getByRole('heading', { name: '请稍候，等待工作人员确认' })).toBeVisible();
      phoneTicket = phone;
    } else {
      await fetch(`${server.url}/api/meetings/${code}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: i % 3 ? long(i + 1) : latin(i + 1), attendance: 'remote' }),
      });
    }
  }
  await phoneTicket!.screenshot({ path: `${SHOTS}/phone-waiting-zh.png`, fullPage: true });
  await noSidewaysOverflow(phoneTicket!);

  for (const locale of ['zh-CN', 'en'] as const) {
    const page = await staffPage(browser, admin, { path: `/console/${code}`, locale });
    const door = page.getByRole('region', {
      name: locale === 'en' ? 'Waiting at the door' : '入口等候',
    });
    await expect(door.getByRole('listitem')).toHaveCount(20);
    await page.screenshot({ path: `${SHOTS}/console-top-${locale}.png` });
    await door.screenshot({ path: `${SHOTS}/console-door-${locale}.png` });
    const roster = page.getByRole('region', {
      name: locale === 'en' ? 'Participants' : '参会人员',
    });
    await roster.getByText(locale === 'en' ? 'Add people to the roster' : '添加参会人员').click();
    await roster.scrollIntoViewIfNeeded();
    await roster.screenshot({ path: `${SHOTS}/console-roster-${locale}.png` });
    await noSidewaysOverflow(page);
    await page.screenshot({ path: `${SHOTS}/console-full-${locale}.png`, fullPage: true });

    const print = await staffPage(browser, admin, {
      path: `/console/${code}/print`,
      locale: locale,
    });
    await expect(print.getByRole('listitem')).toHaveCount(34);
    await print.screenshot({ path: `${SHOTS}/print-${locale}.png`, fullPage: true });
    await noSidewaysOverflow(print);
    await print.emulateMedia({ media: 'print' });
    await print.screenshot({ path: `${SHOTS}/print-media-${locale}.png`, fullPage: true });
  }

  // A personal QR code on a new phone: the one question before joining.
  const links = await admin.ok<{ url: string }[]>('GET', `/meetings/${code}/links`);
  const scanned = await (await browser.newContext({ ...PHONE, baseURL: server.url })).newPage();
  const first = new URL(links[1]!.url);
  await scanned.goto(first.pathname + first.search);
  await expect(scanned.getByRole('button', { name: '我在会场' })).toBeVisible();
  await scanned.screenshot({ path: `${SHOTS}/phone-link-zh.png`, fullPage: true });
  await noSidewaysOverflow(scanned);

  // An administrator opening a meeting it is not on the staff of: a notice and the staff panel.
  const other = await staffUser(server.url, admin, 'other-facilitator', 'facilitator');
  const foreign = await other.ok<Meeting>('POST', '/meetings', {
    title: '别人的会议',
    level: 'village',
    date: '2026-11-30',
  });
  const outside = await staffPage(browser, admin, {
    path: `/console/${foreign.code}`,
    locale: 'en',
  });
  await expect(
    outside.getByText('You are not on the staff of this meeting.', { exact: false }),
  ).toBeVisible();
  await expect(outside.getByRole('region', { name: 'Meeting staff' })).toBeVisible();
  await outside.screenshot({ path: `${SHOTS}/console-not-staff-en.png`, fullPage: true });

  // The English waiting screen on the phone.
  const phone = await (await browser.newContext({ ...PHONE, baseURL: server.url })).newPage();
  await phone.addInitScript(() => localStorage.setItem('yb:locale', 'en'));
  await phone.goto(`/m/${code}`);
  await phone.getByLabel('Name').fill(latin(99));
  await phone.getByRole('button', { name: /join/i }).last().click();
  await expect(phone.getByRole('heading', { name: 'Waiting to be let in' })).toBeVisible();
  await phone.screenshot({ path: `${SHOTS}/phone-waiting-en.png`, fullPage: true });
  await noSidewaysOverflow(phone);
});
