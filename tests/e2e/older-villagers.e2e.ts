import { mkdir } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminClient, createLiveMeeting, join, type ApiClient } from '../integration/helpers/api';
import { inLocale, returningPhone, useChildServer } from './helpers';
import { spoken, STUB } from './speech-stub';
import { inspectLayout } from './layout/inspect';

/**
 * Issue 11, older villagers: large type (大字) that persists on the device and is on before the
 * first paint, and read-aloud (朗读) of the vote with the phone's speech synthesis, or a clear
 * word where the phone has none (the server's clip instead: read-aloud-clip.e2e.ts). The only
 * stub is the browser's TTS engine (getVoices/speak).
 */
const server = useChildServer();

// Worst case: a 300-character motion, 10 options of 80 characters, a 40-character name.
const MOTION =
  `同意在村委会东侧闲置仓库改建村级老年食堂，${'由村两委牵头组织施工并公示费用明细，'.repeat(15)}`.slice(
    0,
    300,
  );
const OPTIONS = Array.from({ length: 10 }, (_, i) =>
  `${i + 1}号方案：${'在村委会东侧闲置仓库改建老年食堂并配套无障碍通道、'.repeat(4)}`.slice(0, 80),
);
const NAME = '欧阳'.padEnd(40, '大');

let admin: ApiClient | undefined;
async function meetingWithVote(vote: Record<string, unknown>) {
  admin ??= await adminClient(server.url);
  const { meeting } = await createLiveMeeting(admin);
  const opened = await admin.ok<{ id: string }>('POST', `/meetings/${meeting.code}/votes`, vote);
  return { code: meeting.code, voteId: opened.id, admin };
}

async function phoneOf(browser: Browser, code: string, lang: 'zh-CN' | 'en', name = NAME) {
  const me = await join(server.url, code, name);
  const { context, phone } = await returningPhone(browser, server.url, code, me);
  await inLocale(context, lang);
  return { context, phone };
}

const WORDS = {
  'zh-CN': { large: '大字', read: '朗读', open: '请表决', closed: '表决已结束' },
  en: {
    large: 'Large text',
    read: 'Read aloud',
    open: 'Please vote',
    closed: 'The vote is closed',
  },
} as const;

/** Runs in the page from its first byte: the root class when #app first gets content. */
const FIRST_PAINT_PROBE = (): void => {
  const observer = new MutationObserver(() => {
    const app = document.getElementById('app');
    if (app && app.childElementCount > 0) {
      (window as unknown as { __largeAtFirstPaint: boolean }).__largeAtFirstPaint =
        document.documentElement.classList.contains('large-type');
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true });
};

const fontPx = (page: Page, selector: string): Promise<number> =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

for (const lang of ['zh-CN', 'en'] as const) {
  test(`large type (${lang}): one tap, kept on the device, no flash, fits 360×740 with worst-case content`, async ({
    browser,
  }, info) => {
    const words = WORDS[lang];
    const {
      code,
      voteId,
      admin: staff,
    } = await meetingWithVote({
      proposal: MOTION,
      kind: 'multiple',
      options: OPTIONS,
      maxChoices: 3,
    });
    const { context, phone } = await phoneOf(browser, code, lang);
    await context.addInitScript(FIRST_PAINT_PROBE);
    await phone.goto(`/m/${code}`);
    const ballot = phone.getByRole('region', { name: words.open });
    await expect(ballot.getByText(OPTIONS[9]!)).toBeVisible();
    const toggle = phone.getByRole('button', { name: words.large });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    const before = {
      proposal: await fontPx(phone, '.proposal'),
      option: await fontPx(phone, '.ballot label'),
      h1: await fontPx(phone, 'main h1'),
    };

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const after = {
      proposal: await fontPx(phone, '.proposal'),
      option: await fontPx(phone, '.ballot label'),
      h1: await fontPx(phone, 'main h1'),
    };
    for (const key of ['proposal', 'option', 'h1'] as const) {
      expect(after[key] / before[key], key).toBeCloseTo(1.35, 1);
    }

    // A reload comes back large, and was large before anything was drawn.
    await phone.reload();
    await expect(ballot.getByText(OPTIONS[9]!)).toBeVisible();
    await expect(phone.getByRole('button', { name: words.large })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      await phone.evaluate(
        () => (window as unknown as { __largeAtFirstPaint: boolean }).__largeAtFirstPaint,
      ),
    ).toBe(true);

    const shots = info.outputPath('shots');
    await mkdir(shots, { recursive: true });
    const check = async (name: string): Promise<void> => {
      await phone.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      const problems = await phone.evaluate(inspectLayout, { projector: false, minFontPx: 0 });
      await phone.screenshot({ path: `${shots}/${name}-${lang}.png` });
      await phone.screenshot({ path: `${shots}/${name}-${lang}-full.png`, fullPage: true });
      expect(
        problems.map((p) => `${p.kind}: ${p.what} — ${p.detail}`),
        name,
      ).toEqual([]);
    };
    await check('large-open-options');

    // Vote, then the receipt, then the closed result: all still fit.
    for (const i of [0, 4, 9]) await ballot.getByRole('checkbox', { name: OPTIONS[i]! }).check();
    await ballot
      .getByRole('button', { name: lang === 'en' ? 'Submit my choice' : '提交选择' })
      .click();
    await expect(ballot.locator('.receipt')).toBeVisible();
    await check('large-receipt');
    await staff.ok('POST', `/meetings/${code}/votes/${voteId}/close`);
    await expect(phone.getByRole('region', { name: words.closed })).toBeVisible();
    await expect(phone.locator('.outcome')).toBeVisible();
    await check('large-closed');

    // An approval vote with the long motion.
    await staff.ok('POST', `/meetings/${code}/votes`, { proposal: MOTION });
    await expect(phone.getByRole('region', { name: words.open })).toBeVisible();
    await check('large-approval');

    // Off again: other pages of this device keep their size, and so does the phone after a reload.
    await phone.getByRole('button', { name: words.large }).click();
    await phone.reload();
    await expect(phone.getByRole('region', { name: words.open })).toBeVisible();
    expect(
      await phone.evaluate(() => document.documentElement.classList.contains('large-type')),
    ).toBe(false);
    await context.close();
  });
}

test('read-aloud reads the motion, the options and the outcome with the phone’s voice, loaded on the first tap', async ({
  browser,
}) => {
  const {
    code,
    voteId,
    admin: staff,
  } = await meetingWithVote({
    proposal: '村食堂选址',
    kind: 'single',
    options: ['东侧空地', '西侧停车场'],
  });
  const { context, phone } = await phoneOf(browser, code, 'zh-CN', '李大爷');
  await context.addInitScript(STUB, ['zh-CN', 'en-US']);
  const chunks: string[] = [];
  phone.on('request', (r) => {
    if (/read-aloud|speech/.test(r.url())) chunks.push(r.url());
  });
  await phone.goto(`/m/${code}`);
  const ballot = phone.getByRole('region', { name: '请表决' });
  const read = ballot.getByRole('button', { name: '朗读' });
  await expect(read).toBeEnabled();
  // Nothing of the engine is downloaded before the tap.
  await phone.waitForTimeout(300);
  expect(chunks).toEqual([]);

  await read.click();
  await expect
    .poll(() => spoken(phone))
    .toEqual([
      {
        text: '表决事项：村食堂选址。单选，请选择一项。第1项：东侧空地。第2项：西侧停车场。',
        lang: 'zh-CN',
      },
    ]);
  expect(chunks.length).toBeGreaterThan(0);
  await expect(read).toHaveAttribute('aria-pressed', 'false');

  // The closed vote's outcome.
  await ballot.getByRole('radio', { name: '东侧空地' }).check();
  await expect(phone.getByText('已记录您的选择：东侧空地')).toBeVisible();
  await staff.ok('POST', `/meetings/${code}/votes/${voteId}/close`);
  const result = phone.getByRole('region', { name: '表决已结束' });
  await expect(result.getByText('选定：东侧空地')).toBeVisible();
  await phone.evaluate(() => ((window as unknown as { __spoken: unknown[] }).__spoken = []));
  await result.getByRole('button', { name: '朗读' }).click();
  await expect
    .poll(() => spoken(phone))
    .toEqual([{ text: '表决事项：村食堂选址。表决已结束。选定：东侧空地。', lang: 'zh-CN' }]);

  // In English: English framing with the English voice, the Chinese text with the Chinese one.
  await phone.getByLabel('语言 / Language').selectOption('en');
  await phone.evaluate(() => ((window as unknown as { __spoken: unknown[] }).__spoken = []));
  await phone
    .getByRole('region', { name: 'The vote is closed' })
    .getByRole('button', { name: 'Read aloud' })
    .click();
  await expect
    .poll(() => spoken(phone))
    .toEqual([
      { text: 'Motion:', lang: 'en-US' },
      { text: '村食堂选址。', lang: 'zh-CN' },
      { text: 'The vote is closed.', lang: 'en-US' },
      { text: 'Chosen: 东侧空地。', lang: 'zh-CN' },
    ]);
  await context.close();
});
