import { expect, test } from '@playwright/test';
import type { Vote } from '../../shared/protocol';
import { adminClient, createLiveMeeting, join, type ApiClient } from '../integration/helpers/api';
import { returningPhone, useChildServer } from './helpers';

const server = useChildServer();
let admin: ApiClient;
test.beforeAll(async () => {
  admin = await adminClient(server.url);
});

test('a phone that loses the network keeps its ballot and submits it once back', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(admin, ['村道修缮']);
  const vote = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: '同意修缮村东头的道路',
  });
  // Joined earlier on this phone: the identity the join form stored.
  const me = await join(server.url, meeting.code, '孙大爷');
  const { context, phone } = await returningPhone(browser, server.url, meeting.code, me);
  await phone.goto(`/m/${meeting.code}`);
  const agree = phone.getByRole('button', { name: '同意', exact: true });
  await expect(agree).toBeEnabled();

  // Walking out of Wi-Fi range: the socket drops and the page says so.
  await context.setOffline(true);
  await expect(phone.getByText('连接中断，正在重新连接…')).toBeVisible();
  await agree.click();
  await expect(phone.getByText(/您的选择已保存在手机上/)).toBeVisible();
  const tallyNow = async () =>
    (await admin.ok<Vote[]>('GET', `/meetings/${meeting.code}/votes`)).find(
      (v) => v.id === vote.id,
    )!.tally.cast;
  expect(await tallyNow()).toBe(0);

  // Back in range: the queued ballot goes out by itself and the receipt appears.
  await context.setOffline(false);
  await expect(phone.getByText(/回执号：.+（已存入服务器）/)).toBeVisible({ timeout: 15_000 });
  await expect(phone.getByText('连接中断，正在重新连接…')).toBeHidden();
  expect(await tallyNow()).toBe(1);

  // A reload afterwards shows the stored choice, and still one ballot.
  await phone.reload();
  await expect(phone.getByText(/回执号：/)).toBeVisible();
  expect(await tallyNow()).toBe(1);
  await context.close();
});

test('a vote changed offline shows the new choice as saved, then counted; a late one says why', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(admin, ['村道修缮']);
  const vote = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: '同意修缮村西头的水渠',
  });
  const me = await join(server.url, meeting.code, '周大婶');
  const { context, phone } = await returningPhone(browser, server.url, meeting.code, me);
  await phone.goto(`/m/${meeting.code}`);
  const button = (name: string) => phone.getByRole('button', { name, exact: true });
  await button('同意').click();
  await expect(phone.getByText('已记录您的选择：同意')).toBeVisible();
  // The receipt's time is the UI's (Chinese: 24-hour), not the browser's "2:59:23 PM".
  await expect(phone.getByText(/（\d{1,2}:\d{2}:\d{2}）|\(\d{1,2}:\d{2}:\d{2}\)/)).toBeVisible();
  const totals = async () =>
    (await admin.ok<Vote[]>('GET', `/meetings/${meeting.code}/votes`)).find(
      (v) => v.id === vote.id,
    )!.tally.totals;

  // Out of range, the voter changes their mind: the phone shows the NEW choice as saved.
  await context.setOffline(true);
  await expect(phone.getByText('连接中断，正在重新连接…')).toBeVisible();
  await button('反对').click();
  await expect(phone.getByText('您的选择已保存在手机上，联网后自动提交：反对')).toBeVisible();
  await expect(button('反对')).toHaveAttribute('aria-pressed', 'true');
  await expect(button('同意')).toHaveAttribute('aria-pressed', 'false');
  await expect(button('同意')).toBeEnabled();
  await expect(phone.getByText('已记录您的选择：同意')).toBeHidden();
  await phone.screenshot({ path: test.info().outputPath('offline-change-queued.png') });
  expect(await totals()).toMatchObject({ agree: 1, oppose: 0 });

  // Back in range: the change goes out by itself and the card says it is counted.
  await context.setOffline(false);
  await expect(phone.getByText('已记录您的选择：反对')).toBeVisible({ timeout: 15_000 });
  await expect(button('反对')).toHaveAttribute('aria-pressed', 'true');
  expect(await totals()).toMatchObject({ agree: 0, oppose: 1 });
  await phone.screenshot({ path: test.info().outputPath('offline-change-counted.png') });

  // Offline again, another change, and the vote closes before the phone is back: the card
  // says the change was not counted and why, and which choice still counts.
  await context.setOffline(true);
  await expect(phone.getByText('连接中断，正在重新连接…')).toBeVisible();
  await button('弃权').click();
  await expect(phone.getByText('您的选择已保存在手机上，联网后自动提交：弃权')).toBeVisible();
  await admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
  await context.setOffline(false);
  await expect(phone.getByText('未计入。您的选票在表决结束后才送达。')).toBeVisible({
    timeout: 15_000,
  });
  await expect(phone.getByText('计入的仍是您之前的选择：反对')).toBeVisible();
  await phone.screenshot({ path: test.info().outputPath('offline-change-late.png') });
  expect(await totals()).toMatchObject({ agree: 0, oppose: 1, abstain: 0 });
  await context.close();
});
