import { rm } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { adminClient, createLiveMeeting, type ApiClient } from '../integration/helpers/api';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';
import { staffPage } from './helpers';

/**
 * Issue 11: a server where the mediasoup worker could not be had (npm left mediasoup out, or
 * no binary) runs the meeting without audio, and the facilitator's console says so instead of
 * offering audio controls that cannot work.
 */
const dataDir = tempDataDir();
let server: ChildServer;
let admin: ApiClient;
test.beforeAll(async () => {
  server = await startChildServer(dataDir, { MEDIASOUP_WORKER_BIN: '/nonexistent/worker' });
  admin = await adminClient(server.url);
});
test.afterAll(async () => {
  await server?.crash();
  await rm(dataDir, { recursive: true, force: true });
});

test('the console shows audio as unavailable, in both languages', async ({ browser }) => {
  const { meeting } = await createLiveMeeting(admin);
  for (const [locale, notice, hallAudio] of [
    ['zh-CN', '本次会议暂时没有语音，其他功能照常使用。', '启用现场音频'],
    [
      'en',
      'Audio is not available in this meeting; everything else works as usual.',
      'Turn on hall audio',
    ],
  ] as const) {
    const page = await staffPage(browser, admin, { path: `/console/${meeting.code}`, locale });
    await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible();
    await expect(page.getByRole('button', { name: hallAudio })).toHaveCount(0);
    await page.screenshot({
      path: test.info().outputPath(`console-no-audio-${locale}.png`),
      fullPage: true,
    });
    await page.context().close();
  }
});
