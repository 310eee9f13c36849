import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminClient, createLiveMeeting, join } from '../integration/helpers/api';
import { joinOnPage, PHONE, staffPage, useChildServer } from './helpers';

const SITES = ['村委会东侧', '老粮站', '学校旁'];

const server = useChildServer();

async function joinByCode(browser: Browser, code: string, name: string): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, baseURL: server.url });
  return joinOnPage(await context.newPage(), code, name);
}

test('assisted and proxy ballots in a multiple-choice vote whose results stay hidden', async ({
  browser,
}) => {
  const admin = await adminClient(server.url);
  const { meeting } = await createLiveMeeting(admin);
  const code = meeting.code;
  await admin.ok('POST', `/meetings/${code}/roster`, { names: ['赵奶奶'] });
  const qian = await join(server.url, code, '钱大爷');
  const li = await joinByCode(browser, code, '李大爷');
  const sun = await joinByCode(browser, code, '孙婶');
  const people = await admin.ok<{ id: string; name: string }[]>(
    'GET',
    `/meetings/${code}/participants`,
  );
  await admin.ok('POST', `/meetings/${code}/mandates`, {
    holderId: people.find((p) => p.name === '孙婶')!.id,
    grantorId: qian.participant.id,
  });
  const vote = await admin.ok<{ id: string }>('POST', `/meetings/${code}/votes`, {
    proposal: '村食堂选址',
    kind: 'multiple',
    options: SITES,
    maxChoices: 2,
    hideResults: true,
  });
  const screen = await (
    await browser.newContext({ baseURL: server.url, viewport: { width: 1920, height: 1080 } })
  ).newPage();
  await screen.goto(`/m/${code}/screen`);
  await expect(screen.getByText('表决结束前不公布票数')).toBeVisible();

  // The facilitator records 赵奶奶's two options; 李大爷 reads them as words and confirms.
  const console_ = await staffPage(browser, admin, {
    path: `/console/${code}`,
    viewport: { width: 1400, height: 1000 },
  });
  const assist = console_.getByRole('group', { name: '代为表决（无手机村民）' });
  await assist.getByLabel('表决人').selectOption({ label: '赵奶奶' });
  await assist.getByRole('checkbox', { name: '村委会东侧' }).check();
  await assist.getByRole('checkbox', { name: '学校旁' }).check();
  // Two of two picked: the third can't be ticked.
  await expect(assist.getByRole('checkbox', { name: '老粮站' })).toBeDisabled();
  await assist.getByLabel('见证人（在线参会者）').selectOption({ label: '李大爷' });
  await assist.getByRole('button', { name: '发送给见证人确认' }).click();
  await expect(
    li.getByText('主持人为赵奶奶记录的选择是「村委会东侧、学校旁」。是否属实？'),
  ).toBeVisible();
  await li.getByRole('button', { name: '属实，确认' }).click();
  await expect(li.getByText('已见证：赵奶奶')).toBeVisible();

  // 孙婶 casts for 钱大爷 on her phone, with the vote's options.
  const proxy = sun.getByRole('group', { name: '代钱大爷表决' });
  await proxy.getByRole('checkbox', { name: '老粮站' }).check();
  await proxy.getByRole('button', { name: '为钱大爷提交' }).click();
  await expect(sun.getByText('已为钱大爷记录：老粮站')).toBeVisible();

  // And her own ballot: big tiles, two at most, sent together.
  const own = sun.getByRole('region', { name: '请表决' });
  await own.getByRole('checkbox', { name: '学校旁' }).check();
  await own.getByRole('checkbox', { name: '老粮站' }).check();
  await expect(own.getByRole('checkbox', { name: '村委会东侧' })).toBeDisabled();
  await own.getByRole('button', { name: '提交选择' }).click();
  await expect(sun.getByText('已记录您的选择：老粮站、学校旁')).toBeVisible();

  // Turnout only on the screen while open; the result once closed.
  const onScreen = screen.getByRole('region', { name: '正在表决' });
  await expect(onScreen.getByText('现场 3')).toBeVisible();
  await expect(onScreen.getByText('老粮站')).toHaveCount(0);
  await admin.ok('POST', `/meetings/${code}/votes/${vote.id}/close`);
  const result = screen.getByRole('region', { name: '表决结果' });
  await expect(result.getByText('老粮站', { exact: true })).toBeVisible();
  // The outcome names what was chosen (issue 10), not "ranked by votes".
  await expect(result.getByText('选定：老粮站、学校旁')).toBeVisible();
  await expect(screen.getByText('表决结束前不公布票数')).toHaveCount(0);

  // A single-choice vote goes out on the tap, like 同意/反对/弃权.
  await admin.ok('POST', `/meetings/${code}/votes`, {
    proposal: '食堂开工时间',
    kind: 'single',
    options: ['春节前', '春节后'],
  });
  await sun.getByRole('region', { name: '请表决' }).getByRole('radio', { name: '春节后' }).check();
  await expect(sun.getByText('已记录您的选择：春节后')).toBeVisible();
});
