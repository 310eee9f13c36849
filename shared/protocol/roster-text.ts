/**
 * Pasted or imported roster text → entries (zod-free, so the console can preview it). One
 * person a line; an optional role column and an optional 请假 mark, separated by a tab, a
 * comma (CSV, also the Chinese ，) or two spaces. Roles may be written as the app's keys or
 * their Chinese labels. A CSV header line (姓名/name) is skipped; blank lines are ignored.
 */
import { LIMITS } from '../limits';
import { PARTICIPANT_ROLES } from './constants';

type Role = (typeof PARTICIPANT_ROLES)[number];

export interface ParsedRosterLine {
  name: string;
  role: Role;
  onLeave: boolean;
}

export interface ParsedRoster {
  entries: ParsedRosterLine[];
  /** 1-based line numbers that could not be read (name too long, unknown role). */
  rejected: number[];
}

const ROLE_WORDS: Record<string, Role> = {
  委员: 'member',
  政协委员: 'member',
  部门负责人: 'official',
  单位负责人: 'official',
  负责人: 'official',
  干部: 'cadre',
  基层干部: 'cadre',
  村干部: 'cadre',
  群众代表: 'resident',
  群众: 'resident',
  居民: 'resident',
  村民: 'resident',
  利益相关方: 'resident',
  乡贤: 'resident',
  列席: 'observer',
  记录员: 'recorder',
};
const LEAVE_WORDS = new Set(['请假', 'leave', 'on leave', 'excused', '是', 'yes', 'y', '1']);
const HEADER_WORDS = new Set(['姓名', 'name', '名字']);

function roleOf(word: string): Role | null {
  const w = word.trim().toLowerCase();
  if ((PARTICIPANT_ROLES as readonly string[]).includes(w)) return w as Role;
  return ROLE_WORDS[word.trim()] ?? null;
}

/** Strips a CSV field's quotes ("李, 大爷" stays one field only when quoted: see split). */
const unquote = (field: string): string =>
  field
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .replace(/""/g, '"');

function splitLine(line: string): string[] {
  if (line.includes('\t')) return line.split('\t');
  if (/[,，]/.test(line)) {
    const fields: string[] = [];
    let current = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      if (!quoted && (ch === ',' || ch === '，')) {
        fields.push(current);
        current = '';
      } else current += ch;
    }
    fields.push(current);
    return fields;
  }
  return line.split(/ {2,}|\u3000+/);
}

export function parseRosterText(text: string): ParsedRoster {
  const entries: ParsedRosterLine[] = [];
  const rejected: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const fields = splitLine(raw).map(unquote);
    const name = (fields[0] ?? '').trim();
    if (!name) return;
    if (index === 0 && HEADER_WORDS.has(name.toLowerCase())) return;
    let role: Role = 'resident';
    let onLeave = false;
    let ok = name.length <= LIMITS.nameChars;
    for (const field of fields.slice(1)) {
      const f = field.trim();
      if (!f) continue;
      const r = roleOf(f);
      if (r) role = r;
      else if (LEAVE_WORDS.has(f.toLowerCase())) onLeave = true;
      else ok = false;
    }
    if (ok) entries.push({ name, role, onLeave });
    else rejected.push(index + 1);
  });
  return { entries, rejected };
}
