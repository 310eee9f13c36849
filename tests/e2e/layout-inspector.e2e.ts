import { expect, test } from '@playwright/test';
import { inspectLayout } from './layout/inspect';

/** The layout suite's judge, judged: each rule fires on a page made to break it, and only then. */

const PAGE = `<!doctype html><html><body style="margin:0;font:16px sans-serif">
  <div id="cut" style="width:60px;overflow:hidden;white-space:nowrap">Opposition abstained</div>
  <div style="width:60px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis" title="Full name here">Full name here</div>
  <div style="width:60px;overflow:hidden;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:1" title="Clamped text">Clamped text here</div>
  <div style="height:40px;overflow:hidden"><p style="margin:0">one</p><p id="hidden-row" style="margin:0;height:60px">below the edge</p></div>
  <div style="height:40px;overflow:auto"><p style="margin:0">one</p><p style="margin:0;height:60px">scrolls into view</p></div>
  <p style="font-size:12px">fine print</p>
  <p style="font-size:12px" data-chrome><button>chrome</button></p>
  <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">for screen readers</span>
  <p style="position:absolute;top:2000px">far below</p>
  <div style="height:20px"><p style="margin:0;line-height:20px">first line</p><p style="margin:0;line-height:20px">second line</p></div>
  <p style="margin:-22px 0 0;line-height:20px">spilled over</p>
</body></html>`;

test('the layout inspector reports cut text, clipping, off-screen content, text over text and small type', async ({
  page,
}) => {
  await page.setViewportSize({ width: 400, height: 600 });
  await page.setContent(PAGE);

  const desk = await page.evaluate(inspectLayout, { projector: false, minFontPx: 0 });
  expect(desk.map((p) => `${p.kind} ${p.what}`)).toEqual([
    'text-cut <div> "Opposition abstained"',
    'clipped <p> "below the edge"',
    'overlap <p> "spilled over"',
  ]);

  const hall = await page.evaluate(inspectLayout, { projector: true, minFontPx: 14 });
  expect(hall.map((p) => `${p.kind} ${p.what}`)).toEqual([
    'page-overflow-y page',
    'text-cut <div> "Opposition abstained"',
    // Nobody hovers over a projector: a tooltip does not make cut text readable there.
    'text-cut <div> "Full name here"',
    'text-cut <div> "Clamped text here"',
    'clipped <p> "below the edge"',
    // A projector cannot be scrolled, so a scroll container does not save what is outside it.
    'clipped <p> "scrolls into view"',
    'text-too-small <p> "fine print"',
    'off-screen <p> "far below"',
    'overlap <p> "spilled over"',
  ]);
});
