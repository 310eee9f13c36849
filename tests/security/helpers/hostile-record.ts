/** Seeded hostile records: the export fixture with random hostile Unicode in every text field. */
import {
  LADDER_DECISIONS,
  type MeetingRecord,
  type RecordLadder,
  type RecordVote,
} from '../../../shared/protocol';
import { makeRecord } from '../../unit/export/fixture';

export function mulberry32(seed: number): () => number {
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

export function fill(value: unknown, rng: () => number, key = '', inList = false): unknown {
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
export function fullRecord(): MeetingRecord {
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
          kind: 'roster.added',
          data: { name: '张建国', text: '备注' },
          prevHash: '0',
          hash: 'abc',
        },
      ],
    },
  };
}
