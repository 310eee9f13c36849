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
import {
  LADDER_DECISIONS,
  type MeetingRecord,
  type RecordLadder,
  type RecordVote,
} from '../../shared/protocol';
import { renderDocx, renderJson, renderMarkdown } from '../../server/export';
import { makeRecord } from '../unit/export/fixture';
import { unzipAll } from './helpers/zip';

const SEED = Number(process.env.YB_FUZZ_SEED ?? 20261130);
const CASES = Number(process.env.YB_FUZZ_CASES ?? 150);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '\uFFFE',
  '\uFFFF',
  '\uFDD0',
  '\uFDEF',
  '\u{1FFFE}',
  '\u{10FFFF}',
  '\uD800',
  '\uDFFF',
  'a\uDC00b',
  '\u202E',
  '\u202D',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000B',
  '\u000C',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009B',
  '\r',
  '\r\n',
  '\t',
  '\n',
  ' ',
  '    ',
  'e\u0301',
  '\u1100\u1161',
  '\uFEFF',
  '😀',
  '𠀋',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '[点我](javascript:alert(1))',
  '![x](http://127.0.0.1:9/x.png)',
  '<javascript:alert(1)>',
  '<http://evil.example/>',
  '[a]: javascript:alert(1)',
  '[a]',
  '&lt;b&gt;',
  '&#x3C;i&#x3E;',
  '&amp;',
  '**粗**',
  '_斜_',
  '`code`',
  '~~删~~',
  '# 标题',
  '- 列表',
  '1. 一',
  '> 引用',
  '---',
  '===',
  '|a|b|',
  '\\',
  '\\*',
  '<!-- c -->',
  '<![CDATA[x]]>',
  ']]>',
  '"\'',
  '张建国',
  '老年食堂',
  'Ω',
  'x',
];

function randomText(rng: () => number): string {
  const n = 1 + Math.floor(rng() * 6);
  let s = '';
  for (let i = 0; i < n; i += 1) s += PIECES[Math.floor(rng() * PIECES.length)];
  // Random code points too, surrogates and non-characters included.
  if (rng() < 0.5) s += String.fromCharCode(Math.floor(rng() * 0x10000));
  if (rng() < 0.3) s += String.fromCodePoint(Math.floor(rng() * 0x110000) & ~0x800);
  return s;
}

/** Keys of free text (names, titles, options, minutes, reasons) anywhere in a record. */
const TEXT_KEYS = new Set([
  'title',
  'topic',
  'place',
  'facilitator',
  'agendaItemTitle',
  'proposal',
  'name',
  'text',
  'reason',
  'voter',
  'by',
  'witness',
  'holder',
  'headHash',
  'code',
]);
const TEXT_LIST_KEYS = new Set(['agree', 'oppose', 'abstain', 'labels', 'options']);

function fill(value: unknown, rng: () => number, key = '', inList = false): unknown {
  if (typeof value === 'string') return TEXT_KEYS.has(key) || inList ? randomText(rng) : value;
  if (Array.isArray(value)) {
    return value.map((v) => fill(v, rng, key, inList || TEXT_LIST_KEYS.has(key)));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fill(v, rng, k, false);
    return out;
  }
  return value;
}

/** The fixture plus every optional part that carries text: options, delegated votes, ladders. */
function fullRecord(): MeetingRecord {
  const record = makeRecord();
  const optionVote: RecordVote = {
    ...record.conclusions[0]!,
    id: 'vote_options',
    kind: 'single' as const,
    roll: { agree: [], oppose: [], abstain: [], options: [['张建国'], ['王秀英', '刘志强']] },
    options: {
      labels: ['东侧仓库', '村小学旧址'],
      maxChoices: 1,
      byChannel: { room: [1, 1], remote: [0, 1], hall: [0, 0] },
      voters: { room: 2, remote: 1, hall: 0 },
      totals: [1, 2],
      ranking: [1, 0],
      winner: 1,
    },
    assisted: [{ voter: '赵奶奶', by: '王主任', witness: '李大爷' }],
    proxies: [{ voter: '钱大爷', holder: '孙婶' }],
  };
  const position = (name: string) => ({
    participantId: 'p1',
    name,
    level: 'oppose' as const,
    reason: '油烟',
    version: 0,
  });
  const ladder: RecordLadder = {
    versions: [
      { text: '第一稿', at: '2026-11-21T02:00:00.000Z' },
      { text: '第二稿', at: '2026-11-21T02:10:00.000Z' },
    ],
    counts: { support: 3, accept: 2, reservations: 1, oppose: 1 },
    objections: [position('吴春梅')],
    decision: LADDER_DECISIONS[0],
    dissent: [position('冯玉珍')],
    decidedAt: '2026-11-21T02:20:00.000Z',
  };
  return {
    ...record,
    conclusions: [...record.conclusions, optionVote],
    ladders: [ladder],
    audit: {
      headHash: 'abc',
      entries: [
        {
          seq: 1,
          at: '2026-11-21T02:00:00.000Z',
          kind: 'participant.joined',
          data: { name: '张建国', text: '备注' },
          prevHash: '0',
          hash: 'abc',
        },
      ],
    },
  };
}

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
