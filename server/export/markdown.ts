/**
 * The record as Markdown (CommonMark), for pasting into chat groups and quick review.
 * Same sections and wording as the DOCX, without the GB/T 9704 page layout.
 */
import type {
  MeetingRecord,
  MinutesBlock,
  RecordAttendee,
  RecordVote,
} from '../../shared/protocol';
import {
  LEVEL_LABELS,
  NONE,
  SECTION_TITLES,
  auditLine,
  ladderLines,
  delegatedLines,
  attendanceCount,
  formatChineseDate,
  joinNames,
  numberLevel1,
  roleBreakdown,
  rollLines,
  splitAttendees,
  tallySentence,
  voteRuleLine,
} from './labels';
import { normaliseDeep } from '../../shared/text';
import { PULSE_SECTION_TITLE, pulseLines, pulseSectionNumber } from './pulse-labels';

/**
 * Escapes inline Markdown and HTML syntax so user text shows literally: no emphasis, link,
 * image, autolink, raw HTML or entity can start inside it (all ASCII punctuation CommonMark
 * gives a meaning to inline, plus `&` for entities and `!` before images).
 */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&!]/g, '\\$&');
}

/** Escapes one line, including markers that only matter at line start (#, -, +, 1.). */
function escapeLine(line: string): string {
  return escapeInline(line)
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** Multi-line text as one Markdown block: hard line breaks, continuation lines indented. */
function text(raw: string, indent = ''): string {
  return raw.split('\n').map(escapeLine).join(`\\\n${indent}`);
}

function labelled(label: string, people: readonly RecordAttendee[]): string {
  // The colon stays outside the emphasis: CommonMark won't close `**` after 。：）-style
  // punctuation when a letter follows, which breaks bold labels in Chinese text.
  return `**${label}**：${text(joinNames(people.map((a) => a.name)))}${attendanceCount(people)}`;
}

function voteLines(v: RecordVote, n: number): string[] {
  const pad = ' '.repeat(`${n}. `.length);
  const lines = [`${n}. ${text(v.proposal, pad)}`];
  if (v.agendaItemTitle) lines.push(`${pad}- 所属议程：${text(v.agendaItemTitle, `${pad}  `)}`);
  lines.push(`${pad}- ${text(voteRuleLine(v), `${pad}  `)}`);
  lines.push(`${pad}- 表决情况：${text(tallySentence(v), `${pad}  `)}`);
  for (const line of rollLines(v)) lines.push(`${pad}- ${text(line, `${pad}  `)}`);
  for (const line of delegatedLines(v)) lines.push(`${pad}- ${text(line, `${pad}  `)}`);
  return lines;
}

function votesSection(votes: readonly RecordVote[]): string[] {
  if (votes.length === 0) return [NONE];
  return votes.flatMap((v, i) => [...voteLines(v, i + 1), '']).slice(0, -1);
}

/** Four spaces per level: deep enough to nest under both `- ` and `10. ` markers. */
function minutesLine(b: MinutesBlock): string {
  switch (b.type) {
    case 'heading':
      return `${'#'.repeat(b.level + 2)} ${text(b.text.replace(/\n/g, ' '))}`;
    case 'paragraph':
      return text(b.text);
    case 'bullet': {
      const indent = '    '.repeat(b.depth);
      return `${indent}- ${text(b.text, `${indent}  `)}`;
    }
    case 'ordered': {
      const indent = '    '.repeat(b.depth);
      const marker = `${b.index}. `;
      return `${indent}${marker}${text(b.text, indent + ' '.repeat(marker.length))}`;
    }
  }
}

/**
 * Blank lines between blocks, except inside one list. CommonMark merges or splits lists on
 * subtle rules: a list of another type at the same depth needs a blank line to start, and so
 * does a nested ordered list not starting at 1 (it may not interrupt a paragraph).
 */
function minutesSection(blocks: readonly MinutesBlock[]): string[] {
  if (blocks.length === 0) return [NONE];
  const lines: string[] = [];
  let lastTypeAtDepth: string[] = [];
  let prevDepth = -1;
  blocks.forEach((b, i) => {
    if (b.type !== 'bullet' && b.type !== 'ordered') {
      lastTypeAtDepth = [];
      prevDepth = -1;
      if (i > 0) lines.push('');
      lines.push(minutesLine(b));
      return;
    }
    const deeper = prevDepth >= 0 && b.depth > prevDepth;
    const continues = deeper
      ? b.type === 'bullet' || b.index === 1
      : lastTypeAtDepth[b.depth] === b.type;
    if (i > 0 && !continues) lines.push('');
    lastTypeAtDepth = lastTypeAtDepth.slice(0, b.depth);
    lastTypeAtDepth[b.depth] = b.type;
    prevDepth = b.depth;
    lines.push(minutesLine(b));
  });
  return lines;
}

export function renderMarkdown(raw: MeetingRecord): string {
  const record = normaliseDeep(raw);
  const m = record.meeting;
  const { present, observers } = splitAttendees(record.attendance.attendees);
  const meta: [string, string][] = [
    ['时间', formatChineseDate(m.date)],
    ['地点', m.place],
    ['主持人', m.facilitator],
    ['议题', m.topic],
    ['平台层级', LEVEL_LABELS[m.level]],
    ['会议码', m.code],
  ];
  const agenda =
    record.agenda.length === 0
      ? [NONE]
      : record.agenda.map((a, i) => `${i + 1}. ${text(a.title)}（${a.durationMin} 分钟）`);
  const totalMin = record.agenda.reduce((sum, a) => sum + a.durationMin, 0);
  if (record.agenda.length > 0)
    agenda.push('', `议程共 ${record.agenda.length} 项，计划用时 ${totalMin} 分钟。`);

  const out: string[] = [
    `# ${text(m.title)}纪要`,
    '',
    ...meta.filter(([, v]) => v.trim() !== '').map(([k, v]) => `- **${k}**：${text(v)}`),
    '',
    labelled('出席', present),
    '',
    ...(observers.length > 0 ? [labelled('列席', observers), ''] : []),
    `参会构成：${roleBreakdown(record.attendance.byRole)}`,
    '',
    `## ${numberLevel1(1)}${SECTION_TITLES.conclusions}`,
    '',
    ...votesSection(record.conclusions),
    '',
    `## ${numberLevel1(2)}${SECTION_TITLES.escalations}`,
    '',
    ...votesSection(record.escalations),
    '',
    `## ${numberLevel1(3)}${SECTION_TITLES.agenda}`,
    '',
    ...agenda,
    '',
    `## ${numberLevel1(4)}${SECTION_TITLES.minutes}`,
    '',
    ...minutesSection(record.minutes),
    '',
    ...(record.ladders && record.ladders.length > 0
      ? [
          `## ${numberLevel1(5)}共识协商`,
          '',
          ...record.ladders.flatMap((l, i) => [
            ...ladderLines(l).map((line, j) =>
              j === 0 ? `${i + 1}. ${text(line)}` : `   - ${text(line)}`,
            ),
            '',
          ]),
        ]
      : []),
    ...(record.pulses && record.pulses.length > 0
      ? [
          `## ${numberLevel1(pulseSectionNumber(record))}${PULSE_SECTION_TITLE}`,
          '',
          ...record.pulses.flatMap((p, i) => [
            ...pulseLines(p).map((line, j) =>
              j === 0 ? `${i + 1}. ${text(line)}` : `   - ${text(line)}`,
            ),
            '',
          ]),
        ]
      : []),
    '---',
    '',
    formatChineseDate(m.date),
    '',
  ];
  const audit = auditLine(record);
  if (audit) out.push(text(audit), '');
  return out.join('\n');
}
