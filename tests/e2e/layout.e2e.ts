import { mkdir, writeFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { inLocale, PHONE, returningPhone, staffPage, useChildServer } from './helpers';
import { inspectLayout, type LayoutProblem } from './layout/inspect';
import { ScriptedMeeting } from './layout/meeting-script';
import { LADDER_TEXT, MOTION, OPTIONS, PULSE_QUESTION } from './layout/content';

/**
 * The layout suite (issue 10): one meeting with worst-case content is walked through every
 * state a room sees, and in each state the hall screen, the console and a phone are checked in
 * both languages at the sizes they really run at. Nothing may be clipped or overflow, phones
 * never scroll sideways, and hall text stays readable from the back (≥ 32 px at 1080p, scaled
 * with the projector's height). Every screenshot is kept in test-results/layout/.
 */

const server = useChildServer();

type Role = 'hall' | 'console' | 'phone';
type Size = { width: number; height: number };
const SIZES: Record<Role, Size[]> = {
  hall: [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ],
  console: [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
    { width: 1024, height: 768 },
  ],
  phone: [PHONE.viewport],
};
const LANGS = ['zh-CN', 'en'] as const;
type Lang = (typeof LANGS)[number];

/** The 10-metre rule: body text ≥ 32 px on a 1080-line projector, in proportion elsewhere. */
const hallMinFont = (size: Size): number => (32 * size.height) / 1080;

interface Step {
  name: string;
  drive: (m: ScriptedMeeting) => Promise<void>;
  /** Content the hall shows once it has caught up with this step. */
  hallShows?: string;
}

const STEPS: Step[] = [
  { name: '01-welcome', drive: async () => {} },
  { name: '02-item', drive: (m) => m.startOnLongItem() },
  { name: '03-queue', drive: (m) => m.fillQueue() },
  { name: '04-vote-open', drive: (m) => m.openApprovalVote(), hallShows: MOTION.slice(0, 12) },
  { name: '05-vote-result', drive: (m) => m.countHallAndClose() },
  { name: '06-options-open', drive: (m) => m.openOptionsVote(), hallShows: OPTIONS[2] },
  { name: '07-options-result', drive: (m) => m.closeVote() },
  { name: '08-pulse-open', drive: (m) => m.openPulse(), hallShows: PULSE_QUESTION.slice(0, 12) },
  { name: '09-pulse-kept', drive: (m) => m.closePulse() },
  { name: '10-ladder', drive: (m) => m.openLadder(), hallShows: LADDER_TEXT.slice(0, 12) },
  { name: '11-ladder-decided', drive: (m) => m.decideLadder() },
  { name: '12-closed', drive: (m) => m.closeMeeting() },
];

async function openPages(
  browser: Browser,
  meeting: ScriptedMeeting,
  lang: Lang,
): Promise<Record<Role, Page>> {
  const baseURL = server.url;
  const hallContext = await browser.newContext({ baseURL, viewport: SIZES.hall[0] });
  await inLocale(hallContext, lang);
  const hall = await hallContext.newPage();
  const console_ = await staffPage(browser, meeting.admin, { locale: lang });
  const holder = meeting.phones[lang === 'en' ? 1 : 0]!;
  const { context, phone } = await returningPhone(browser, baseURL, meeting.code, holder);
  await inLocale(context, lang);

  await hall.goto(`/m/${meeting.code}/screen`);
  await console_.goto(`/console/${meeting.code}`);
  await phone.goto(`/m/${meeting.code}`);
  await expect(hall.locator('h1')).toBeVisible();
  await expect(phone.getByRole('heading').first()).toBeVisible();
  await expect(console_.getByRole('heading').first()).toBeVisible();
  return { hall, console: console_, phone };
}

const nextFrames = (page: Page): Promise<void> =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );

test('every screen fits its content in every state, size and language', async ({
  browser,
}, info) => {
  test.setTimeout(15 * 60_000);
  const meeting = await ScriptedMeeting.create(server.url);
  const pages = {
    'zh-CN': await openPages(browser, meeting, 'zh-CN'),
    en: await openPages(browser, meeting, 'en'),
  } satisfies Record<Lang, Record<Role, Page>>;
  const shotDir = info.outputPath('layout');
  await mkdir(shotDir, { recursive: true });
  const report: Record<string, LayoutProblem[]> = {};
  let shots = 0;

  try {
    for (const step of STEPS) {
      await step.drive(meeting);
      for (const lang of LANGS) {
        const { hall } = pages[lang];
        if (step.hallShows) await expect(hall.getByText(step.hallShows).first()).toBeVisible();
      }
      // Every page follows the room over its socket; give the last broadcast time to land.
      await pages.en.phone.waitForTimeout(500);

      for (const lang of LANGS) {
        for (const role of ['hall', 'console', 'phone'] as const) {
          const page = pages[lang][role];
          for (const size of SIZES[role]) {
            await page.setViewportSize(size);
            await nextFrames(page);
            // A fit-to-box pass may take a few frames after a resize.
            await page.waitForTimeout(role === 'hall' ? 250 : 50);
            const rules = {
              projector: role === 'hall',
              minFontPx: role === 'hall' ? hallMinFont(size) : 0,
            };
            const problems = await page.evaluate(inspectLayout, rules);
            const name = `${step.name}-${role}-${size.width}x${size.height}-${lang}`;
            // What is in view without scrolling and, for console and phone, the whole page.
            await page.screenshot({ path: `${shotDir}/${name}.png` });
            if (role !== 'hall') {
              await page.screenshot({ path: `${shotDir}/${name}-full.png`, fullPage: true });
            }
            shots += 1;
            if (problems.length > 0) report[name] = problems;
            const lines = problems.map((p) => `${p.kind}: ${p.what} — ${p.detail}`);
            expect.soft(lines.slice(0, 20), name).toEqual([]);
          }
        }
      }
    }
  } finally {
    await writeFile(`${shotDir}/problems.json`, JSON.stringify(report, null, 2));
    console.log(
      `layout suite: ${shots} screenshots in ${shotDir}; ${Object.keys(report).length} with problems`,
    );
    meeting.dispose();
  }
});
