import { expect, test } from '@playwright/test';
import { adminClient, createLiveMeeting } from '../integration/helpers/api';
import { LIMITS } from '../../shared/limits';
import { joinOnPage, PHONE, useChildServer } from '../e2e/helpers';

const server = useChildServer();

/**
 * Finding 1 in the browser: a recorder pasting more than a collab message may carry gets the
 * typed refusal (4413) as a clear message in the editor, and the editor stops reconnecting
 * instead of resending the same oversized edit forever.
 */
test('an oversized paste in the minutes shows the size limit and does not reconnect-loop', async ({
  browser,
}) => {
  const admin = await adminClient(server.url);
  const { meeting } = await createLiveMeeting(admin);
  const context = await browser.newContext({ ...PHONE, baseURL: server.url });
  const page = await context.newPage();
  let collabSockets = 0;
  page.on('websocket', (ws) => {
    if (ws.url().includes('/collab/')) collabSockets += 1;
  });
  await joinOnPage(page, meeting.code, '周记录');
  const people = await admin.ok<{ id: string; name: string }[]>(
    'GET',
    `/meetings/${meeting.code}/participants`,
  );
  await admin.ok(
    'PATCH',
    `/meetings/${meeting.code}/participants/${people.find((p) => p.name === '周记录')!.id}`,
    {
      role: 'recorder',
    },
  );
  const minutes = page.getByRole('textbox', { name: '纪要正文' });
  await expect(minutes).toBeVisible();
  await minutes.click();
  await page.keyboard.type('正常的一句。');

  // A paste larger than LIMITS.collabMessageBytes (but under the websocket frame cap).
  const chars = Math.ceil((LIMITS.collabMessageBytes * 1.2) / 3);
  await minutes.evaluate((el, n) => {
    const data = new DataTransfer();
    data.setData('text/plain', '长'.repeat(n));
    el.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, chars);

  await expect(page.getByText('纪要超过了大小上限')).toBeVisible({ timeout: 15_000 });
  const sockets = collabSockets;
  await page.waitForTimeout(4_000);
  expect(collabSockets).toBe(sockets);
  await context.close();
});
