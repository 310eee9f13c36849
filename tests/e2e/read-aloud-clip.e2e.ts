import { mkdir } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminClient, createLiveMeeting, join, type ApiClient } from '../integration/helpers/api';
import { inLocale, returningPhone, useChildServer } from './helpers';
import { inspectLayout } from './layout/inspect';
import { spoken, STUB } from './speech-stub';

/**
 * Issue 11, read-aloud on phones without a voice: the phone plays the server's clip
 * (server/speech, espeak-ng + lame on the laptop) in an <audio> element with the same button
 * states, and says so when the server cannot make one either. Stubbed: only the browser's TTS
 * voices (none for Chinese, or no speech synthesis at all); the clip and its playback are real.
 */
const server = useChildServer();
/** A laptop without espeak-ng: the server starts, phones without a voice are told. */
const bare = useChildServer({ ESPEAK_BIN: '/nonexistent/espeak-ng' });

const admins = new Map<string, ApiClient>();
async function meetingWithVote(url: string, proposal: string) {
  const admin = admins.get(url) ?? (await adminClient(url));
  admins.set(url, admin);
  const { meeting } = await createLiveMeeting(admin);
  await admin.ok('POST', `/meetings/${meeting.code}/votes`, { proposal });
  return meeting.code;
}

async function phoneOf(browser: Browser, url: string, code: string, lang: 'zh-CN' | 'en') {
  const me = await join(url, code, lang === 'en' ? 'Old phone' : '王大妈');
  const { context, phone } = await returningPhone(browser, url, code, me);
  await inLocale(context, lang);
  return { context, phone };
}

/** Records every media element that is played with a source, to watch it from the test. */
const WATCH_AUDIO = (): void => {
  const w = window as unknown as { __played: HTMLMediaElement[] };
  w.__played = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (this.src) w.__played.push(this);
    return play.call(this);
  };
};

const media = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __played: HTMLMediaElement[] }).__played.map((a) => ({
      time: a.currentTime,
      duration: a.duration,
      ended: a.ended,
      paused: a.paused,
    })),
  );

async function checkLayout(page: Page, name: string, shots: string): Promise<void> {
  await mkdir(shots, { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const problems = await page.evaluate(inspectLayout, { projector: false, minFontPx: 0 });
  await page.screenshot({ path: `${shots}/${name}.png` });
  expect(problems.map((p) => `${p.kind}: ${p.what} — ${p.detail}`)).toEqual([]);
}

test('a phone without a Chinese voice plays the server’s clip, with the same button states', async ({
  browser,
}, info) => {
  const code = await meetingWithVote(server.url, '同意在3号楼东侧加装电梯，费用按楼层分摊');
  const { context, phone } = await phoneOf(browser, server.url, code, 'zh-CN');
  // Speech synthesis with an English voice only, as on many cheap Androids.
  await context.addInitScript(STUB, ['en-US']);
  await context.addInitScript(WATCH_AUDIO);
  const clips: { status: number; type: string | undefined; bytes: number }[] = [];
  phone.on('response', (r) => {
    if (!r.url().includes('/read-aloud?')) return;
    const headers = r.headers();
    clips.push({
      status: r.status(),
      type: headers['content-type'],
      bytes: Number(headers['content-length']),
    });
  });
  await phone.goto(`/m/${code}`);
  const ballot = phone.getByRole('region', { name: '请表决' });
  const read = ballot.getByRole('button', { name: '朗读' });
  await expect(read).toBeEnabled();
  await read.click();

  // Playing: the stop state, the clip advancing; no utterance went to the English voice.
  await expect(ballot.getByRole('button', { name: '停止朗读' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect.poll(async () => (await media(phone))[0]?.time ?? 0).toBeGreaterThan(0.3);
  expect(clips).toEqual([{ status: 200, type: 'audio/mpeg', bytes: expect.any(Number) }]);
  expect(clips[0]!.bytes).toBeGreaterThan(10_000);
  const [playing] = await media(phone);
  expect(playing!.duration).toBeGreaterThan(4);
  expect(await spoken(phone)).toEqual([]);
  await checkLayout(phone, 'clip-playing-zh-CN', info.outputPath('shots'));

  // Stop mid-clip: paused, back to 朗读.
  await ballot.getByRole('button', { name: '停止朗读' }).click();
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  expect((await media(phone))[0]!.paused).toBe(true);

  // Played to the end: `ended`, and the button comes back by itself.
  await read.click();
  await expect.poll(async () => (await media(phone)).length).toBe(2);
  await expect.poll(async () => (await media(phone))[1]!.ended, { timeout: 30_000 }).toBe(true);
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  // The second play revalidated the clip: the same bytes, not made again.
  await expect.poll(() => clips.length).toBe(2);
  expect(clips[1]).toEqual(clips[0]);
  await context.close();
});

test('an old WebView without speech synthesis plays the English clip', async ({
  browser,
}, info) => {
  const code = await meetingWithVote(server.url, 'Build the bridge at the village entrance');
  const { context, phone } = await phoneOf(browser, server.url, code, 'en');
  await context.addInitScript(() =>
    Object.defineProperty(window, 'speechSynthesis', { value: undefined }),
  );
  await context.addInitScript(WATCH_AUDIO);
  const asked: string[] = [];
  phone.on('request', (r) => {
    if (r.url().includes('/read-aloud?')) asked.push(new URL(r.url()).search);
  });
  await phone.goto(`/m/${code}`);
  const card = phone.getByRole('region', { name: 'Please vote' });
  const read = card.getByRole('button', { name: 'Read aloud' });
  // The hotspot drops the download: a word to try again, the button stays.
  await phone.route('**/read-aloud?*', (route) => route.abort('internetdisconnected'));
  await read.click();
  const failed = 'The recording could not be fetched: check the network and tap again.';
  await expect(card.getByRole('status').filter({ hasText: failed })).toBeVisible();
  await expect(read).toHaveAccessibleDescription(failed);
  await expect(read).toBeEnabled();
  await checkLayout(phone, 'clip-failed-en', info.outputPath('shots'));
  await phone.unroute('**/read-aloud?*');

  await read.click();
  await expect(card.getByRole('button', { name: 'Stop reading' })).toBeVisible();
  await expect.poll(async () => (await media(phone))[0]?.time ?? 0).toBeGreaterThan(0.3);
  await expect(card.getByText(failed)).toHaveCount(0);
  expect(asked).toEqual(['?lang=en', '?lang=en']);
  await context.close();
});

for (const lang of ['zh-CN', 'en'] as const) {
  test(`without a voice and without the server's clip, the phone says so (${lang})`, async ({
    browser,
  }, info) => {
    const code = await meetingWithVote(bare.url, '同意在3号楼东侧加装电梯');
    const { context, phone } = await phoneOf(browser, bare.url, code, lang);
    await context.addInitScript(STUB, lang === 'en' ? ['zh-CN'] : ['en-US']);
    await phone.goto(`/m/${code}`);
    const [region, button, message] =
      lang === 'en'
        ? ['Please vote', 'Read aloud', 'This phone has no English voice, so it cannot read aloud.']
        : ['请表决', '朗读', '这部手机没有中文语音，不能朗读。'];
    const ballot = phone.getByRole('region', { name: region });
    const read = ballot.getByRole('button', { name: button });
    await read.click();
    await expect(read).toBeDisabled();
    await expect(read).toHaveAccessibleDescription(message);
    await expect(ballot.getByText(message)).toBeVisible();
    expect(await spoken(phone)).toEqual([]);
    await checkLayout(phone, `no-clip-${lang}`, info.outputPath('shots'));
    await context.close();
  });
}
