import { expect, test, type Page } from '@playwright/test';
import { assignStaff, createLiveMeeting, staffUser } from '../integration/helpers/api';
import { connectDoc, minutesText, until } from '../integration/helpers/realtime';
import { staffPage, useRestartableServer } from './helpers';

/**
 * The console's minutes kept in the browser (y-indexeddb, issue 11): edits typed while the
 * laptop's server was down survive a closed tab and reach the meeting when the console is
 * opened again; the store is per account (a shared laptop) and goes on logout or when the
 * account loses the meeting.
 */
const live = useRestartableServer();

const stores = (page: Page): Promise<string[]> =>
  page.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('yb-collab')),
  );

async function openMinutes(page: Page, code: string): Promise<void> {
  await page.goto(`/console/${code}`);
  await expect(page.getByRole('textbox', { name: '纪要正文' })).toBeVisible();
  await expect(page.getByText('正在同步…')).toBeHidden();
}

test('minutes typed in the console while the server is down reach the meeting after a closed tab', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['修缮祠堂']);
  // Its own account: logging out at the end must not end the administrator's session.
  const clerk = await staffUser(live.url, live.admin, `clerk${Date.now() % 100000}`, 'recorder');
  await assignStaff(live.admin, meeting.code, clerk, 'recorder');
  const page = await staffPage(browser, clerk);
  const context = page.context();
  await openMinutes(page, meeting.code);
  const me = await page.evaluate(async () => {
    const res = await fetch('/api/auth/me');
    return ((await res.json()) as { data: { id: string } }).data.id;
  });

  await live.down();
  const editor = page.getByRole('textbox', { name: '纪要正文' });
  await editor.click();
  await page.keyboard.type('断网时补记：祠堂屋顶先修');
  await expect(editor).toContainText('断网时补记：祠堂屋顶先修');
  await page.waitForTimeout(500);
  // One store, this account's, for this meeting.
  expect(await stores(page)).toEqual([expect.stringMatching(new RegExp(`^yb-collab:u:${me}:`))]);
  await page.close();

  await live.up();
  const again = await context.newPage();
  await openMinutes(again, meeting.code);
  const other = connectDoc(live.url, meeting.code, { cookie: live.admin.cookie });
  await other.synced;
  await until(
    () => minutesText(other.doc).includes('断网时补记：祠堂屋顶先修'),
    15_000,
    'the minutes typed offline on the server',
  );
  other.destroy();

  // Logging out leaves nothing of this account's minutes in the browser.
  await again.goto('/console');
  await again.getByRole('button', { name: '退出登录' }).click();
  await expect.poll(() => stores(again)).toEqual([]);
  await context.close();
});

test('a staff member taken off the meeting: the editor stops, no retry loop, the local copy goes', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(live.admin, ['修缮祠堂']);
  const recorder = await staffUser(live.url, live.admin, `rec${Date.now() % 100000}`, 'recorder');
  await assignStaff(live.admin, meeting.code, recorder, 'recorder');
  const page = await staffPage(browser, recorder);
  const sockets: string[] = [];
  page.on('websocket', (ws) => {
    if (ws.url().includes('/collab')) sockets.push(ws.url());
  });
  await openMinutes(page, meeting.code);
  await page.getByRole('textbox', { name: '纪要正文' }).click();
  await page.keyboard.type('记录员的草稿');
  await expect.poll(() => stores(page)).toHaveLength(1);

  // Taken off the meeting's staff: the server closes the collab socket for good (4403).
  const staff = await live.admin.ok<{ userId: string; role: string }[]>(
    'GET',
    `/meetings/${meeting.code}/staff`,
  );
  await live.admin.ok('PUT', `/meetings/${meeting.code}/staff`, {
    assignments: staff
      .filter((s) => s.userId !== recorder.userId)
      .map(({ userId, role }) => ({ userId, role })),
  });
  await expect.poll(() => stores(page)).toEqual([]);
  const opened = sockets.length;
  await page.waitForTimeout(4_000);
  expect(sockets.length).toBe(opened);
  await page.context().close();
});
