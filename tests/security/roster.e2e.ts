import { expect, test } from '@playwright/test';
import type { Meeting, PersonalLink } from '../../shared/protocol';
import { adminClient } from '../integration/helpers/api';
import { joinWithLink, PHONE, useChildServer } from '../e2e/helpers';

const server = useChildServer();

test('a personal QR code lets its holder in as themselves, once, on a real phone page', async ({
  browser,
}) => {
  const admin = await adminClient(server.url);
  const meeting = await admin.ok<Meeting>('POST', '/meetings', {
    title: '河道承包协商会',
    level: 'village',
    date: '2026-11-30',
  });
  const code = meeting.code;
  await admin.ok('POST', `/meetings/${code}/roster/entries`, {
    entries: [{ name: '李大爷', role: 'member' }],
  });
  await admin.ok('POST', `/meetings/${code}/start`);
  const [link] = await admin.ok<PersonalLink[]>('GET', `/meetings/${code}/links`);

  const phone = await (await browser.newContext({ ...PHONE, baseURL: server.url })).newPage();
  await joinWithLink(phone, link!.url, '李大爷', '我不在会场，远程参加');
  // The key leaves the address bar; a reload is the same person, not a second one.
  expect(new URL(phone.url()).search).toBe('');
  await phone.reload();
  await expect(phone.getByText('李大爷，欢迎参会')).toBeVisible();
  await expect(phone.getByText('政协委员')).toBeVisible();
  await joinWithLink(phone, link!.url, '李大爷');
  const people = await admin.ok<{ id: string; attendance: string; present: boolean }[]>(
    'GET',
    `/meetings/${code}/participants`,
  );
  expect(people).toHaveLength(1);
  expect(people[0]).toMatchObject({ attendance: 'remote', present: true });

  // A reissued code: the old one is refused with a clear message.
  await admin.ok('POST', `/meetings/${code}/participants/${link!.participantId}/link`);
  const other = await (await browser.newContext({ ...PHONE, baseURL: server.url })).newPage();
  const { pathname, search } = new URL(link!.url);
  await other.goto(pathname + search);
  await other.getByRole('button', { name: '我在会场' }).click();
  await expect(
    other.getByText('这个个人参会链接已失效，请向工作人员索取新的二维码。'),
  ).toBeVisible();
});
