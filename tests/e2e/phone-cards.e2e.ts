import { expect, test } from '@playwright/test';
import { adminClient, createLiveMeeting } from '../integration/helpers/api';
import { connectSocket, emitAck } from '../integration/helpers/realtime';
import { joinOnPage, PHONE, useChildServer } from './helpers';

/**
 * Issue 10: "a closed vote card stays on top of the phone and pushes a newly opened ladder
 * below the fold". Live cards come first; the closed result is one compact line below them.
 */
const server = useChildServer();

// Worst case: a 300-character motion.
const MOTION =
  `同意在村委会东侧闲置仓库改建村级老年食堂，${'由村两委牵头组织施工并公示费用明细，'.repeat(15)}`.slice(
    0,
    300,
  );

test('a newly opened ladder is above the fold at 360×740 while a closed vote exists', async ({
  browser,
}) => {
  const admin = await adminClient(server.url);
  const { meeting } = await createLiveMeeting(admin);
  const code = meeting.code;
  const context = await browser.newContext({ ...PHONE, baseURL: server.url });
  const phone = await joinOnPage(await context.newPage(), code, '李大爷');

  // An approval vote with a long motion, voted and closed: its result is on the phone.
  const vote = await admin.ok<{ id: string }>('POST', `/meetings/${code}/votes`, {
    proposal: MOTION,
  });
  await phone.getByRole('button', { name: '同意' }).click();
  await expect(phone.getByText('已记录您的选择：同意')).toBeVisible();
  await admin.ok('POST', `/meetings/${code}/votes/${vote.id}/close`);
  const result = phone.getByRole('region', { name: '表决已结束' });
  // Nothing live: the result in full, with its bars.
  await expect(result.getByText('表决结果：通过')).toBeVisible();
  await expect(result.getByText('已投 1 / 应投 1')).toBeVisible();

  // The facilitator opens a consensus ladder (from the console's socket).
  const staff = await connectSocket(server.url, { meetingCode: code, as: 'staff' }, admin.cookie);
  try {
    const opened = await emitAck(staff, 'ladder:open', { text: '电梯装在东侧' });
    expect(opened.ok).toBe(true);
  } finally {
    staff.close();
  }

  const ladder = phone.getByRole('region', { name: '共识协商' });
  await expect(ladder.getByRole('heading', { name: '共识协商' })).toBeInViewport({ ratio: 1 });
  await expect(ladder.getByRole('radio', { name: '支持' })).toBeInViewport({ ratio: 1 });
  // The closed vote is still there, compact and below the ladder, and still says what counted.
  await expect(result.getByText('通过', { exact: true })).toBeVisible();
  await expect(result.getByText('您的选票已计入结果：同意')).toBeVisible();
  const ladderBox = (await ladder.boundingBox())!;
  const resultBox = (await result.boundingBox())!;
  expect(resultBox.y).toBeGreaterThanOrEqual(ladderBox.y + ladderBox.height);
  expect(resultBox.height).toBeLessThan(220);
  // No horizontal overflow on the phone, even with the 300-character motion.
  const overflow = await phone.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: test.info().outputPath('phone-ladder-over-closed-vote.png') });
  await phone.screenshot({
    path: test.info().outputPath('phone-cards-full.png'),
    fullPage: true,
  });

  // The bars are one tap away, and the position can still be taken right there.
  await result.getByRole('button', { name: '查看结果' }).click();
  await expect(result.getByText('已投 1 / 应投 1')).toBeVisible();
  await ladder.getByRole('radio', { name: '支持' }).check();
  await ladder.getByRole('button', { name: '提交态度' }).click();
  await expect(phone.getByText('您的态度：支持')).toBeVisible();
  await context.close();
});
