import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { adminClient, createLiveMeeting } from '../integration/helpers/api';
import { CHROMIUM_ARGS, FAKE_MEDIA_ARGS, findChromium } from './chromium';
import { joinOnPage, signIn, useChildServer } from './helpers';
import { inboundAudio, recordPeerConnections } from './peer-connections';

// Fake microphones (a beep) granted without a prompt; peer connections over loopback only.
test.use({
  launchOptions: {
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--allow-loopback-in-peer-connection'],
  },
});

const server = useChildServer();

/** A browser context whose pages keep their peer connections (to read inbound audio). */
async function instrumented(browser: Browser, options: Parameters<Browser['newContext']>[0]) {
  const context = await browser.newContext({ ...options, baseURL: server.url });
  await context.grantPermissions(['microphone']);
  await recordPeerConnections(context);
  return context;
}

async function joinAs(context: BrowserContext, code: string, name: string, where: '现场' | '线上') {
  return joinOnPage(await context.newPage(), code, name, where);
}

test('remote member and hall hear each other; mute-all stops the remote; phones stay silent', async ({
  browser,
}) => {
  const admin = await adminClient(server.url);
  const { meeting } = await createLiveMeeting(admin);
  const code = meeting.code;

  // The facilitator's laptop becomes the hall device (room microphone + hall speakers).
  const consoleContext = await instrumented(browser, { viewport: { width: 1400, height: 1000 } });
  await signIn(consoleContext, admin);
  const hall = await consoleContext.newPage();
  await hall.goto(`/console/${code}`);
  await hall.getByRole('button', { name: '启用现场音频' }).click();
  await expect(hall.getByText('现场音频已启用：本机麦克风与扬声器')).toBeVisible();

  // A remote member joins audio from a browser.
  const remote = await joinAs(await instrumented(browser, {}), code, '外出务工张三', '线上');
  await remote.getByRole('button', { name: '加入语音' }).click();
  await expect(remote.getByText('麦克风已打开')).toBeVisible();
  await expect(remote.getByRole('list', { name: '正在收听' })).toContainText('会场');
  await expect(hall.getByRole('list', { name: '正在收听' })).toContainText('外出务工张三');

  // A phone in the room: raises a hand, never plays meeting audio.
  const phone = await joinAs(
    await instrumented(browser, { viewport: { width: 360, height: 740 }, isMobile: true }),
    code,
    '现场李大爷',
    '现场',
  );
  await phone.getByRole('button', { name: '举手发言' }).click();
  await expect(phone.getByText('您排在第 1 位')).toBeVisible();
  await expect(hall.getByRole('list', { name: '等待发言' })).toContainText('现场李大爷');

  // Audio flows both ways: bytes rise and the decoded signal is above silence.
  const rising = async (page: Page, what: string) => {
    const first = await inboundAudio(page);
    await expect
      .poll(async () => (await inboundAudio(page)).bytes - first.bytes, { message: what })
      .toBeGreaterThan(2000);
    await expect
      .poll(async () => (await inboundAudio(page)).energy, { message: what })
      .toBeGreaterThan(0);
    return inboundAudio(page);
  };
  const atHall = await rising(hall, 'remote → hall');
  const atRemote = await rising(remote, 'hall → remote');
  // The SFU's audio-level observer lights the speaking indicator for the beeping remote mic.
  // Generous: on a cold first run (CI: fresh build, first Chromium launch) it once took >10 s.
  await expect(hall.getByRole('list', { name: '正在收听' })).toContainText('正在说话', {
    timeout: 30_000,
  });
  console.log('hall receives', atHall, '| remote receives', atRemote);

  // Mute-all: the server pauses the remote producer; the hall stops receiving bytes.
  await hall.getByRole('button', { name: '全体静音' }).click();
  await expect(hall.getByRole('button', { name: '解除全体静音' })).toBeVisible();
  await expect(remote.getByText('主持人已全体静音，获得发言权后才能说话。')).toBeVisible();
  await hall.waitForTimeout(800); // let the last in-flight packet land
  const before = await inboundAudio(hall);
  await hall.waitForTimeout(2000);
  const after = await inboundAudio(hall);
  expect(after.bytes - before.bytes).toBe(0);
  // The hall device is never muted: the remote member still hears the hall.
  const remoteBefore = await inboundAudio(remote);
  await remote.waitForTimeout(1500);
  expect((await inboundAudio(remote)).bytes).toBeGreaterThan(remoteBefore.bytes);

  // The phone in the room never opened a peer connection and plays nothing.
  expect(await inboundAudio(phone)).toEqual({ connections: 0, bytes: 0, energy: 0, level: 0 });
  expect(await phone.locator('audio').count()).toBe(0);
});
