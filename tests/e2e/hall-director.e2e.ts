/**
 * Issue 10: the facilitator directs the hall screen from the console, the way OpenSlides'
 * projector is directed, and the screen follows in a real browser; left on automatic it never
 * shows a stale result, and after close it no longer invites anyone to join.
 */
import { rm } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Vote } from '../../shared/protocol';
import { adminClient, createLiveMeeting } from '../integration/helpers/api';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';
import { staffPage } from './helpers';

const dataDir = tempDataDir();
let server: ChildServer | undefined;
test.afterAll(async () => {
  await server?.crash();
  await rm(dataDir, { recursive: true, force: true });
});

test('the console directs the hall screen: blank, agenda, vote; auto drops stale results', async ({
  browser,
}) => {
  server = await startChildServer(dataDir);
  const admin = await adminClient(server.url);
  const { meeting, itemIds } = await createLiveMeeting(admin, ['村道修缮', '路灯安装']);
  const code = meeting.code;
  const screen = await (
    await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 720 } })
  ).newPage();
  await screen.goto(`/m/${code}/screen`);
  const current = screen.getByRole('region', { name: '当前议程' });
  await expect(current.getByText('村道修缮', { exact: true })).toBeVisible();
  // The full address the QR carries, not "type the code on the home page".
  await expect(screen.getByText(new RegExp(`/m/${code}$`))).toBeVisible();

  const console_ = await staffPage(browser, admin, { path: `/console/${code}` });
  const director = console_.getByRole('radiogroup', { name: '大屏显示内容' });
  await expect(director.getByRole('radio', { name: '自动' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  const status = console_.getByRole('region', { name: '大屏显示' }).getByRole('status');
  await expect(status).toHaveText('大屏正在显示：当前议题');

  await director.getByRole('radio', { name: '暂停（空白）' }).click();
  await expect(screen.locator('main[data-view="blank"]')).toBeVisible();
  await expect(current).toHaveCount(0);
  await expect(status).toHaveText('大屏正在显示：暂停（空白）');

  await director.getByRole('radio', { name: '议程', exact: true }).click();
  const agenda = screen.getByRole('region', { name: '议程' });
  await expect(agenda.getByText('路灯安装')).toBeVisible();

  const vote = await admin.ok<Vote>('POST', `/meetings/${code}/votes`, {
    proposal: '同意修缮村东头的道路',
  });
  // Directed elsewhere, the screen stays on the agenda until the facilitator shows the vote.
  await expect(agenda).toBeVisible();
  await director.getByRole('radio', { name: '表决' }).click();
  await expect(
    screen.getByRole('region', { name: '正在表决' }).getByText('同意修缮村东头的道路'),
  ).toBeVisible();
  // A choice that cannot be shown falls back to the meeting, and the console says so.
  await director.getByRole('radio', { name: '共识协商' }).click();
  await expect(console_.getByText('所选内容现在无法显示')).toBeVisible();
  await expect(screen.getByRole('region', { name: '正在表决' })).toBeVisible();

  await director.getByRole('radio', { name: '自动' }).click();
  await admin.ok('POST', `/meetings/${code}/votes/${vote.id}/close`);
  await expect(screen.getByRole('region', { name: '表决结果' })).toBeVisible();
  // The next item: the result of the last one is not left on the screen.
  await admin.ok('PUT', `/meetings/${code}/current-item`, { itemId: itemIds[1] });
  await expect(current.getByText('路灯安装', { exact: true })).toBeVisible();
  await expect(screen.getByRole('region', { name: '表决结果' })).toHaveCount(0);
  await screen.screenshot({ path: test.info().outputPath('hall-next-item.png') });
  // The facilitator may still put that result back on the screen on purpose.
  await console_
    .getByRole('combobox', { name: '在大屏显示这次表决的结果' })
    .selectOption({ label: '同意修缮村东头的道路' });
  await expect(
    screen.getByRole('region', { name: '表决结果' }).getByText('同意修缮村东头的道路'),
  ).toBeVisible();

  // A reload (or a restart) keeps the direction: it lives on the server.
  await director.getByRole('radio', { name: '暂停（空白）' }).click();
  await screen.reload();
  await expect(screen.locator('main[data-view="blank"]')).toBeVisible();

  await director.getByRole('radio', { name: '欢迎与扫码' }).click();
  await expect(screen.getByRole('img', { name: new RegExp(code) })).toBeVisible();
  await admin.ok('POST', `/meetings/${code}/close`);
  // After close: thanks, and nobody is invited to scan a code for a finished meeting.
  await expect(screen.getByText('会议已结束，感谢参与！')).toBeVisible();
  await expect(screen.getByRole('img')).toHaveCount(0);
  await expect(screen.getByText('扫描二维码')).toHaveCount(0);
});
