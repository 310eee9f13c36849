/**
 * Finding 6: seeded random Unicode (non-characters, lone surrogates, bidi and C0/C1 controls,
 * HTML, Markdown links to javascript:) in every text field of a record; every export must still
 * parse: DOCX XML parts by a conforming XML parser (saxes), Markdown by markdown-it with raw
 * HTML enabled (so unescaped HTML would come through), JSON by JSON.parse; and a few DOCX
 * files must open in LibreOffice headless. Seed: YB_FUZZ_SEED (default fixed), in each message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../../shared/protocol';
import { renderDocx, renderJson, renderMarkdown } from '../../server/export';
import { fill, fullRecord, mulberry32 } from './helpers/hostile-record';
import { unzipAll } from '../integration/helpers/zip';

const SEED = Number(process.env.YB_FUZZ_SEED ?? 20261130);
const CASES = Number(process.env.YB_FUZZ_CASES ?? 150);

const ALLOWED_HTML = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'br',
  'hr',
  'code',
  'pre',
  'blockquote',
]);
/** Characters no export may contain (XML 1.0 invalid, bidi controls, non-characters). */
const FORBIDDEN = /(?![\t\n])\p{Cc}|\p{Noncharacter_Code_Point}|\p{Bidi_Control}|\p{Cs}/u;

function xmlErrors(name: string, bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `${name}: not UTF-8`;
  }
  const parser = new SaxesParser({ xmlns: true });
  let error: string | null = null;
  parser.on('error', (e) => (error ??= `${name}: ${e.message}`));
  parser.write(text).close();
  return error;
}

const md = new MarkdownIt({ html: true });

describe(`exports of records full of hostile Unicode (seed ${SEED}, ${CASES} cases)`, () => {
  const rng = mulberry32(SEED);
  const samples = Array.from({ length: CASES }, () => fill(fullRecord(), rng) as MeetingRecord);
  const docxSamples: Buffer[] = [];

  it('JSON parses, round-trips and holds no forbidden character', () => {
    for (const [i, record] of samples.entries()) {
      const json = renderJson(record);
      expect(FORBIDDEN.test(json), `case ${i} seed ${SEED}`).toBe(false);
      const parsed = JSON.parse(json) as MeetingRecord;
      expect(renderJson(parsed), `case ${i} seed ${SEED}`).toBe(json);
    }
  });

  it('Markdown renders to no raw HTML, no link, no image, with the user text literal', () => {
    for (const [i, record] of samples.entries()) {
      const source = renderMarkdown(record);
      expect(FORBIDDEN.test(source), `case ${i} seed ${SEED}`).toBe(false);
      const html = md.render(source);
      const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) =>
        m[1]!.toLowerCase(),
      );
      const foreign = tags.filter((t) => !ALLOWED_HTML.has(t));
      expect(foreign, `case ${i} seed ${SEED}: ${html.slice(0, 2000)}`).toEqual([]);
      // In markdown-it's output a `<` only ever starts a real tag (text has `&lt;`).
      expect(html, `case ${i} seed ${SEED}`).not.toMatch(/<[a-z][^>]*\s(href|src|on\w+)=|<!--/i);
      if (record.meeting.title.includes('<script>')) expect(html).toContain('&lt;script&gt;');
    }
  });

  it('DOCX parts are well-formed XML for a conforming parser', async () => {
    for (const [i, record] of samples.entries()) {
      const docx = await renderDocx(record);
      if (i < 3) docxSamples.push(docx);
      for (const [name, bytes] of unzipAll(docx)) {
        if (!/\.(xml|rels)$/.test(name)) continue;
        expect(xmlErrors(name, bytes), `case ${i} seed ${SEED}`).toBeNull();
      }
    }
  });

  it('opens in LibreOffice headless (a few samples)', { timeout: 120_000 }, () => {
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.error) {
      if (process.env.CI === 'true')
        throw new Error('soffice is required in CI (libreoffice-writer-nogui)');
      console.warn(
        'SKIPPED the LibreOffice part: soffice is not installed (apt-get install libreoffice-writer-nogui)',
      );
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-lo-'));
    try {
      const files = docxSamples.map((docx, i) => {
        const file = path.join(dir, `sample-${i}.docx`);
        writeFileSync(file, docx);
        return file;
      });
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          ...files,
        ],
        { stdio: 'pipe', timeout: 110_000 },
      );
      for (const file of files) {
        const pdf = file.replace(/\.docx$/, '.pdf');
        expect(existsSync(pdf), `${path.basename(pdf)} in ${readdirSync(dir).join(', ')}`).toBe(
          true,
        );
        expect(statSync(pdf).size).toBeGreaterThan(1000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
