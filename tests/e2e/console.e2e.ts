import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Meeting } from '../../shared/protocol';
import { PHONE, staffPage, useChildServer } from './helpers';

/**
 * Issue 10: the facilitator's console at the laptop size it is run on (1366×768). The primary
 * actions are above the fold, 下一项 moves on and starts the item's timer, closing over an open
 * vote asks first, the teller who entered a hall count is not offered its confirmation, and a
 * 40-character name widens nothing. Screenshots of both languages are kept as artifacts.
 */
const server = useChildServer();

const LONG_NAME = '欧阳'.padEnd(40, '德');
// The first item's title is long (200 characters is the limit): it must not push 下一项 down.
const AGENDA = [
  '电梯选址与采光影响评估：东侧、西侧与北侧三个方案的比较，低层住户的采光、噪声与出行影响，以及消防通道和地下管线的核实情况说明'.repeat(
    2,
  ),
  '费用分摊方案',
  '施工期间的安全与出行安排',
];

async function api(cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const ack = (await res.json()) as { ok: boolean; data: unknown; message?: string };
  if (!ack.ok) throw new Error(`${method} ${path}: ${ack.message}`);
  return { data: ack.data, setCookie: res.headers.get('set-cookie') };
}

/** An administrator, a live meeting with a three-item agenda and people with hard names. */
async function liveMeeting(): Promise<{ code: string; cookie: string }> {
  const setup = await api('', 'POST', '/setup', {
    username: 'admin',
    password: 'admin-password',
    displayName: '王主任',
  });
  const cookie = setup.setCookie!.split(';')[0]!;
  const { data } = await api(cookie, 'POST', '/meetings', {
    title: '幸福村3号楼加装电梯协商会（第二次）',
    topic: '老旧小区加装电梯的选址与费用',
    place: '幸福村村民协商小院',
    level: 'village',
    date: '2026-11-30',
  });
  const code = (data as Meeting).code;
  await api(cookie, 'POST', `/meetings/${code}/agenda`, {
    items: AGENDA.map((title) => ({ title, durationMin: 15 })),
  });
  await api(cookie, 'PUT', `/meetings/${code}/settings`, { admission: 'open' });
  await api(cookie, 'POST', `/meetings/${code}/start`);
  for (const name of [LONG_NAME, '李大爷', '王阿姨']) {
    await api('', 'POST', `/meetings/${code}/join`, { name, attendance: 'room' });
  }
  return { code, cookie };
}

/** Inside the viewport as loaded: no scrolling needed to reach it. */
async function aboveTheFold(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const box = (await target.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(view.height);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
    table: document.querySelector('.roster table')?.getBoundingClientRect().width ?? 0,
    tableBox: document.querySelector('.roster .scroll')?.clientWidth ?? 0,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  // The 40-character name wraps to an ellipsis inside its cell, not the table wider.
  expect(widths.table).toBeLessThanOrEqual(widths.tableBox + 1);
}

test('the console follows the meeting at 1366×768', async ({ browser }, testInfo) => {
  const { code, cookie } = await liveMeeting();
  // What the facilitator sees without scrolling, and the whole page.
  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: testInfo.outputPath(`console-${name}.png`) });
    await page.screenshot({
      path: testInfo.outputPath(`console-${name}-full.png`),
      fullPage: true,
    });
  };

  // A second 李大爷 is asked for a detail on the phone, and may still join under the name.
  const phone = await (await browser.newContext({ ...PHONE, baseURL: server.url })).newPage();
  await phone.goto(`/m/${code}`);
  await phone.getByLabel('姓名').fill('李大爷');
  await phone.getByRole('button', { name: '加入会议' }).click();
  await expect(phone.getByRole('alert')).toContainText('已经有一位“李大爷”在会了');
  await phone.screenshot({ path: testInfo.outputPath('phone-same-name.png') });
  await phone.getByRole('button', { name: '就是我，仍用这个名字加入' }).click();
  await expect(phone.getByText('李大爷，欢迎参会')).toBeVisible();
  await phone.context().close();

  // Both languages, both sizes: primary actions above the fold, nothing wider than the page.
  for (const [locale, next, open] of [
    ['en', 'Next item', 'Open vote'],
    ['zh-CN', '下一项', '发起表决'],
  ] as const) {
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      const page = await staffPage(
        browser,
        { baseUrl: server.url, cookie },
        { viewport: size, locale },
      );
      await page.goto(`/console/${code}`);
      await aboveTheFold(page, page.getByRole('button', { name: next, exact: true }));
      await aboveTheFold(page, page.getByRole('button', { name: open, exact: true }));
      await expect(page.locator('.roster').getByText(LONG_NAME)).toBeVisible();
      await noHorizontalOverflow(page);
      await shot(page, `${locale}-${size.width}`);
      if (size.width !== 1366 || locale === 'en') await page.context().close();
    }
  }

  const page = await staffPage(browser, { baseUrl: server.url, cookie });
  await page.goto(`/console/${code}`);
  const current = page.getByRole('region', { name: '当前议程' });
  // Two people named 李大爷 are marked in the list.
  await expect(page.getByRole('region', { name: '参会人员' }).getByText('同名')).toHaveCount(2);

  // Making the first item current starts its 15-minute time-box; 下一项 moves on and restarts it.
  await page.getByRole('button', { name: `设为当前：${AGENDA[0]}` }).click();
  await expect(current.getByText(AGENDA[0]!, { exact: true })).toBeVisible();
  await expect(current.getByRole('button', { name: '暂停计时' })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await aboveTheFold(page, current.getByRole('button', { name: '下一项' }));
  await aboveTheFold(page, page.getByRole('button', { name: '发起表决', exact: true }));
  await shot(page, 'zh-CN-1366-long-item');
  await current.getByRole('button', { name: '下一项' }).click();
  await expect(current.getByText(AGENDA[1]!, { exact: true })).toBeVisible();
  await expect(current.getByRole('button', { name: '暂停计时' })).toBeVisible();
  await expect(current.getByRole('timer')).toHaveText(/^1[45]:\d\d$/);
  await current.getByRole('button', { name: '下一项' }).click();
  await expect(current.getByText(AGENDA[2]!, { exact: true })).toBeVisible();
  await expect(current.getByRole('button', { name: '下一项' })).toBeDisabled();
  await expect(current.getByText('已是最后一项议程')).toBeVisible();

  // A vote opens from above the fold; its close button is above the fold too.
  await page.getByRole('button', { name: '发起表决', exact: true }).click();
  await aboveTheFold(page, page.getByRole('button', { name: '结束表决' }));
  await page.getByLabel('举手同意').fill('2');
  await page.getByRole('button', { name: '录入举手结果' }).click();
  // The one who entered the count is not offered its confirmation.
  await expect(page.getByText('需要另一位工作人员确认')).toBeVisible();
  await expect(page.getByRole('button', { name: '确认举手结果' })).toHaveCount(0);
  await shot(page, 'zh-CN-1366-vote');

  // Closing with the vote open says so, names the vote and offers to close it first.
  await page.getByRole('button', { name: '结束会议' }).click();
  const dialog = page.getByRole('dialog', { name: '确定结束会议吗？' });
  await expect(dialog.getByText('还有一项表决正在进行')).toBeVisible();
  await expect(dialog.getByText(AGENDA[2]!)).toBeVisible();
  await shot(page, 'zh-CN-1366-close');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(page.getByRole('button', { name: '结束表决' })).toBeVisible();
  await page.getByRole('button', { name: '结束会议' }).click();
  await dialog.getByRole('button', { name: '先结束表决，再结束会议' }).click();
  await expect(page.getByRole('link', { name: '下载纪要（Word）' })).toBeVisible();
  await page.context().close();
});
