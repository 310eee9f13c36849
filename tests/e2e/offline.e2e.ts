import { expect, test } from '@playwright/test';
import type { Vote } from '../../shared/protocol';
import { adminClient, createLiveMeeting, join, type ApiClient } from '../integration/helpers/api';
import { PHONE, useChildServer } from './helpers';

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
  const context = await browser.newContext({ ...PHONE, baseURL: server.url });
  await context.addInitScript(
    ([key, value]) => localStorage.setItem(key!, value!),
    [
      `yb:participant:${meeting.code}`,
      JSON.stringify({ token: me.token, participant: me.participant }),
    ],
  );
  const phone = await context.newPage();
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
