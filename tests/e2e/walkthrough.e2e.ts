/**
 * The README's "Running a meeting" walkthrough, as a test: an ordinary village meeting is run
 * from the console at 1366×768 with the hall screen at 1920×1080 and a phone at 360×740, and
 * each screen the guide shows is checked with the layout suite's inspector before its picture
 * is taken. `UPDATE_SCREENSHOTS=1` writes the pictures to .docs/screenshots/ (the README's);
 * otherwise they go to the test's output folder.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Meeting, Vote } from '../../shared/protocol';
import { adminClient, join } from '../integration/helpers/api';
import { PHONE, returningPhone, staffPage, useChildServer } from './helpers';
import { inspectLayout } from './layout/inspect';

const server = useChildServer();
const MOTION = '在3号楼东侧加装电梯，费用按楼层分摊，一楼不出资';

async function snap(page: Page, dir: string, name: string, projector = false): Promise<void> {
  const size = page.viewportSize()!;
  const problems = await page.evaluate(inspectLayout, {
    projector,
    minFontPx: projector ? (32 * size.height) / 1080 : 0,
  });
  expect(problems, name).toEqual([]);
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

test('running a meeting: welcome, vote on the phone, console, result on the hall screen', async ({
  browser,
}, info) => {
  const dir = process.env.UPDATE_SCREENSHOTS
    ? path.resolve(import.meta.dirname, '../../.docs/screenshots')
    : info.outputPath('walkthrough');
  await mkdir(dir, { recursive: true });

  const admin = await adminClient(server.url);
  const meeting = await admin.ok<Meeting>('POST', '/meetings', {
    title: '3号楼加装电梯协商会',
    topic: '老旧小区加装电梯',
    place: '幸福村协商小院',
    level: 'village',
    date: '2026-11-30',
  });
  const code = meeting.code;
  const items = await admin.ok<{ id: string }[]>('POST', `/meetings/${code}/agenda`, {
    items: [
      { title: '通报上次议定事项办理情况', durationMin: 10 },
      { title: '电梯选址与费用分摊', durationMin: 30 },
      { title: '施工期间的通道与停车', durationMin: 20 },
    ],
  });
  await admin.ok('PUT', `/meetings/${code}/settings`, { admission: 'open' });
  const people: Awaited<ReturnType<typeof join>>[] = [];
  for (const [name, where] of [
    ['李秀英', 'room'],
    ['王建国', 'room'],
    ['张桂兰', 'remote'],
    ['刘志强', 'room'],
    ['陈美华', 'remote'],
  ] as const) {
    people.push(await join(server.url, code, name, where));
  }

  // 1. Before the start the hall shows how to join: QR, the full address, the code, the agenda.
  const hall = await (
    await browser.newContext({ baseURL: server.url, viewport: { width: 1920, height: 1080 } })
  ).newPage();
  await hall.goto(`/m/${code}/screen`);
  await expect(hall.getByText(new RegExp(`/m/${code}$`))).toBeVisible();
  await snap(hall, dir, '1-hall-welcome', true);

  // 2. The facilitator starts, moves to the item and opens the vote from the console.
  const console_ = await staffPage(browser, admin, { path: `/console/${code}` });
  await admin.ok('POST', `/meetings/${code}/start`);
  await admin.ok('PUT', `/meetings/${code}/current-item`, { itemId: items[1]!.id });
  await console_.getByLabel('表决事项').fill(MOTION);
  await console_.getByRole('button', { name: '发起表决' }).click();
  await expect(console_.getByRole('button', { name: '结束表决' })).toBeVisible();
  const votes = await admin.ok<Vote[]>('GET', `/meetings/${code}/votes`);
  const voteId = votes.find((v) => v.status === 'open')!.id;
  for (const [i, person] of people.slice(1).entries()) {
    await person.api.ok('POST', `/meetings/${code}/votes/${voteId}/ballots`, {
      choice: i === 2 ? 'abstain' : 'agree',
    });
  }

  // 3. A villager votes on the phone.
  const { phone } = await returningPhone(browser, server.url, code, people[0]!);
  await phone.goto(`/m/${code}`);
  await phone.getByRole('button', { name: '同意' }).click();
  await expect(phone.getByText(/已记录您的选择：同意/)).toBeVisible();
  expect(phone.viewportSize()).toEqual(PHONE.viewport);
  await snap(phone, dir, '2-phone-ballot');

  await expect(console_.getByText('已投 5 / 应投 5')).toBeVisible();
  await snap(console_, dir, '3-console');

  // 4. Closed: the hall shows the result by itself.
  await console_.getByRole('button', { name: '结束表决' }).click();
  await expect(hall.getByText('表决结果')).toBeVisible();
  await snap(hall, dir, '4-hall-result', true);
});
