import { expect, test } from '@playwright/test';
import type { Ladder, PulseState } from '../../shared/protocol';
import { createLiveMeeting, join } from '../integration/helpers/api';
import {
  connectDoc,
  connectSocket,
  emitAck,
  minutesText,
  until,
} from '../integration/helpers/realtime';
import { controlledByServiceWorker, returningPhone, useRestartableServer } from './helpers';

/**
 * What a phone sends while out of range besides ballots (issue 11): a temperature-check answer
 * and a recorder's minutes, kept on the phone across a reload or a closed tab and sent, once,
 * when it is back.
 */
const live = useRestartableServer();

test('a temperature-check answer given offline, the tab closed, is counted once when back', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['健身器材放在哪里']);
  const chair = await connectSocket(
    live.url,
    { meetingCode: meeting.code, as: 'staff' },
    live.admin.cookie,
  );
  let latest: PulseState | null = null;
  chair.on('pulse:update', (pulse) => (latest = pulse));
  const opened = await emitAck(chair, 'pulse:open', {});
  expect(opened.ok).toBe(true);
  const phones = (): number => (latest as PulseState | null)?.phones ?? 0;

  const me = await join(live.url, meeting.code, '吴大伯');
  const { context, phone } = await returningPhone(browser, live.url, meeting.code, me);
  await phone.goto(`/m/${meeting.code}`);
  const up = phone.getByRole('button', { name: '赞同', exact: true });
  await expect(up).toBeVisible();
  await controlledByServiceWorker(phone);

  await context.setOffline(true);
  await phone.reload();
  await expect(phone.getByText(/离线：显示的是最后收到的会议状态/)).toBeVisible({
    timeout: 15_000,
  });
  await up.click();
  await expect(phone.getByText('已保存在手机上，联网后自动举牌：赞同')).toBeVisible();
  await phone.close();
  expect(phones()).toBe(0);

  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(`/m/${meeting.code}`);
  await expect(again.getByText('已举牌：赞同（可以改）')).toBeVisible({ timeout: 15_000 });
  await until(() => phones() === 1, 5_000, 'the answer counted');
  // Sent once more by nothing: a reload asks which card was ours, it does not answer again.
  await again.reload();
  await expect(again.getByText('已举牌：赞同（可以改）')).toBeVisible();
  const closed = await emitAck(chair, 'pulse:close', {
    pulseId: (latest as PulseState | null)!.id,
  });
  expect(closed).toMatchObject({ ok: true, data: { phones: 1 } });
  chair.close();
  await context.close();
});

test('a ladder position given offline, the tab closed, is applied once when back', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['路灯安装']);
  const chair = await connectSocket(
    live.url,
    { meetingCode: meeting.code, as: 'staff' },
    live.admin.cookie,
  );
  const opened = await emitAck(chair, 'ladder:open', { text: '在村口和晒坝各装两盏太阳能路灯' });
  if (!opened.ok) throw new Error(opened.message);
  const me = await join(live.url, meeting.code, '蒋大哥');
  const { context, phone } = await returningPhone(browser, live.url, meeting.code, me);
  await phone.goto(`/m/${meeting.code}`);
  await expect(phone.getByText('在村口和晒坝各装两盏太阳能路灯')).toBeVisible();
  await controlledByServiceWorker(phone);

  await context.setOffline(true);
  await phone.reload();
  await expect(phone.getByText(/离线：显示的是最后收到的会议状态/)).toBeVisible({
    timeout: 15_000,
  });
  await phone.getByRole('radio', { name: '反对' }).check();
  await phone.getByLabel('理由（反对时必填）').fill('晒坝晚上要晒粮，灯会招虫');
  await phone.getByRole('button', { name: '提交态度' }).click();
  await expect(phone.getByText('已保存在手机上，联网后自动提交：反对')).toBeVisible();
  await phone.close();

  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(`/m/${meeting.code}`);
  await expect(again.getByText('您的态度：反对')).toBeVisible({ timeout: 15_000 });
  await again.reload();
  await expect(again.getByText('您的态度：反对')).toBeVisible();
  const current = await emitAck(chair, 'ladder:current', {});
  const ladder = (current as { ok: true; data: Ladder }).data;
  expect(ladder.objections).toHaveLength(1);
  expect(ladder.counts.oppose).toBe(1);
  chair.close();
  await context.close();
});

test("a recorder's minutes typed offline survive a reload offline and reach the others when back", async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['垃圾分类']);
  const joined = await join(live.url, meeting.code, '记录员小郑');
  await live.admin.ok('PATCH', `/meetings/${meeting.code}/participants/${joined.participant.id}`, {
    role: 'recorder',
  });
  // What the phone keeps of itself: the person with the permissions the server sent.
  const recorder = await joined.api.ok<typeof joined.participant>(
    'GET',
    `/meetings/${meeting.code}/me`,
  );
  const { context, phone } = await returningPhone(browser, live.url, meeting.code, {
    token: joined.token,
    participant: recorder,
  });
  await phone.goto(`/m/${meeting.code}`);
  await controlledByServiceWorker(phone);
  // Once more with the worker in control: the editor's chunks are now kept for offline use.
  await phone.reload();
  const editor = phone.getByRole('textbox', { name: '纪要正文' });
  await expect(editor).toBeVisible();
  await expect(phone.getByText('正在同步…')).toBeHidden();

  await live.down();
  await editor.click();
  await phone.keyboard.type('离线时记下：垃圾桶放在村口');
  await expect(editor).toContainText('离线时记下：垃圾桶放在村口');
  // Give y-indexeddb its moment to write, then reload without the server.
  await phone.waitForTimeout(500);
  await phone.reload();
  await expect(phone.getByRole('textbox', { name: '纪要正文' })).toContainText(
    '离线时记下：垃圾桶放在村口',
    { timeout: 15_000 },
  );

  // Back: another client (a real y-websocket client, as staff) sees the text.
  await live.up();
  const other = connectDoc(live.url, meeting.code, { cookie: live.admin.cookie });
  await other.synced;
  await until(
    () => minutesText(other.doc).includes('离线时记下：垃圾桶放在村口'),
    15_000,
    'the offline minutes on the server',
  );
  other.destroy();
  await context.close();
});
