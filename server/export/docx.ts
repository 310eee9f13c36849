/**
 * The record as a DOCX in the GB/T 9704-2012 minutes (纪要) layout, ready to be filed by
 * the township. Only plain paragraphs, runs, styles and a PAGE field are used, so Word, WPS
 * and LibreOffice all open it the same way; numbering is written as text for the same reason.
 */
import {
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
} from 'docx';
import type {
  MeetingRecord,
  MinutesBlock,
  RecordAttendee,
  RecordVote,
} from '../../shared/protocol';
import { CHAR, FONT, PAGE, STYLE, STYLES, markSize } from './docx-styles';
import {
  LEVEL_LABELS,
  NONE,
  SECTION_TITLES,
  auditLine,
  ladderLines,
  delegatedLines,
  attendanceCount,
  formatChineseDate,
  hasOwnNumbering,
  joinNames,
  numberLevel1,
  numberLevel2,
  numberLevel3,
  numberLevel4,
  rollLines,
  splitAttendees,
  tallySentence,
  voteRuleLine,
} from './labels';
import { PULSE_SECTION_TITLE, pulseLines, pulseSectionNumber } from './pulse-labels';
import { normaliseDeep } from '../../shared/text';

/** Runs for text that may hold line breaks (hard_break in the minutes, newlines in proposals). */
function runs(text: string, options: Omit<IRunOptions, 'text' | 'break'> = {}): TextRun[] {
  return text
    .split('\n')
    .map((line, i) => new TextRun({ ...options, text: line, ...(i > 0 ? { break: 1 } : {}) }));
}

const body = (text: string): Paragraph =>
  new Paragraph({ style: STYLE.body, children: runs(text) });

/** Ends a sentence with 。 unless it already ends with punctuation. */
const sentence = (text: string): string => (/[。；！？.;!?]$/.test(text) ? text : `${text}。`);

/**
 * "出席：" style line: 黑体 label, 仿宋 content, left two characters in, wrapped lines aligned
 * with the first character after the colon.
 */
function labelled(label: string, content: string): Paragraph {
  const hanging = [...label].length * CHAR;
  return new Paragraph({
    style: STYLE.labelled,
    indent: { left: 2 * CHAR + hanging, hanging },
    children: [new TextRun({ text: label, font: FONT.heiti }), ...runs(content)],
  });
}

const heading1 = (n: number, title: string): Paragraph =>
  new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(`${numberLevel1(n)}${title}`) });

function attendeeList(label: string, people: readonly RecordAttendee[]): Paragraph {
  return labelled(label, `${joinNames(people.map((a) => a.name))}${attendanceCount(people)}`);
}

function voteParagraphs(vote: RecordVote, n: number): Paragraph[] {
  const out = [body(`${numberLevel3(n)}${vote.proposal}`)];
  if (vote.agendaItemTitle) out.push(body(`所属议程：${vote.agendaItemTitle}`));
  out.push(body(sentence(voteRuleLine(vote))));
  out.push(body(sentence(`表决情况：${tallySentence(vote)}`)));
  // Open ballots: who chose what, one line per choice.
  for (const line of rollLines(vote)) out.push(body(sentence(line)));
  for (const line of delegatedLines(vote)) out.push(body(sentence(line)));
  return out;
}

function votesSection(votes: readonly RecordVote[]): Paragraph[] {
  if (votes.length === 0) return [body(NONE)];
  return votes.flatMap((v, i) => voteParagraphs(v, i + 1));
}

function agendaSection(agenda: MeetingRecord['agenda']): Paragraph[] {
  if (agenda.length === 0) return [body(NONE)];
  const total = agenda.reduce((sum, a) => sum + a.durationMin, 0);
  return [
    ...agenda.map((a, i) => body(`${numberLevel3(i + 1)}${a.title}（${a.durationMin} 分钟）`)),
    body(`议程共 ${agenda.length} 项，计划用时 ${total} 分钟。`),
  ];
}

/**
 * Minutes under 四、: the editor's headings continue the GB numbering one level down
 * (（一） 楷体, 1. 仿宋, （1）), unless the recorder typed a number already. List items indent
 * two characters per level of nesting.
 */
function minutesSection(blocks: readonly MinutesBlock[]): Paragraph[] {
  if (blocks.length === 0) return [body(NONE)];
  const counters = [0, 0, 0];
  const numberers = [numberLevel2, numberLevel3, numberLevel4];
  const headings = [HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_3];
  return blocks.map((b) => {
    switch (b.type) {
      case 'heading': {
        const i = b.level - 1;
        counters[i] = (counters[i] ?? 0) + 1;
        counters.fill(0, i + 1);
        const numberer = numberers[i] ?? numberLevel4;
        const text = b.text.replace(/\n/g, ' ');
        const label = hasOwnNumbering(text) ? text : `${numberer(counters[i] ?? 1)}${text}`;
        return new Paragraph({ heading: headings[i], children: runs(label) });
      }
      case 'paragraph':
        return body(b.text);
      case 'bullet':
      case 'ordered': {
        const marker = b.type === 'bullet' ? '• ' : numberLevel3(b.index);
        return new Paragraph({
          style: STYLE.body,
          // Capped so a deeply nested list stays inside the type area.
          indent: {
            left: 2 * CHAR * Math.min(b.depth, 5),
            firstLine: 2 * CHAR,
            firstLineChars: 200,
          },
          children: runs(`${marker}${b.text}`),
        });
      }
    }
  });
}

function meetingParagraphs(record: MeetingRecord): Paragraph[] {
  const m = record.meeting;
  const markText = m.title.endsWith('纪要') ? m.title : `${m.title}纪要`;
  const meta: [string, string][] = [
    ['时间：', formatChineseDate(m.date)],
    ['地点：', m.place],
    ['主持人：', m.facilitator],
    ['议题：', m.topic],
    ['平台层级：', LEVEL_LABELS[m.level]],
  ];
  const { present, observers } = splitAttendees(record.attendance.attendees);
  return [
    new Paragraph({
      style: STYLE.mark,
      children: [new TextRun({ text: markText, size: markSize(markText) })],
    }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(m.title) }),
    ...meta.filter(([, v]) => v.trim() !== '').map(([k, v]) => labelled(k, v)),
    attendeeList('出席：', present),
    ...(observers.length > 0 ? [attendeeList('列席：', observers)] : []),
    heading1(1, SECTION_TITLES.conclusions),
    ...votesSection(record.conclusions),
    heading1(2, SECTION_TITLES.escalations),
    ...votesSection(record.escalations),
    heading1(3, SECTION_TITLES.agenda),
    ...agendaSection(record.agenda),
    heading1(4, SECTION_TITLES.minutes),
    ...minutesSection(record.minutes),
    ...(record.ladders && record.ladders.length > 0
      ? [
          heading1(5, '共识协商'),
          ...record.ladders.flatMap((l) => ladderLines(l).map((line) => body(sentence(line)))),
        ]
      : []),
    ...(record.pulses && record.pulses.length > 0
      ? [
          heading1(pulseSectionNumber(record), PULSE_SECTION_TITLE),
          ...record.pulses.flatMap((p) => pulseLines(p).map((line) => body(sentence(line)))),
        ]
      : []),
    new Paragraph({ style: STYLE.date, children: runs(formatChineseDate(m.date)) }),
    ...(auditLine(record) ? [new Paragraph({ children: runs(auditLine(record)!) })] : []),
  ];
}

/** Page number "— 1 —" centred at the foot of every page. */
const footer = (): Footer =>
  new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });

export async function renderDocx(raw: MeetingRecord): Promise<Buffer> {
  const record = normaliseDeep(raw);
  const doc = new Document({
    title: `${record.meeting.title}纪要`,
    subject: record.meeting.topic,
    creator: '院坝 Yuanba',
    description: `会议码 ${record.meeting.code}`,
    styles: STYLES,
    // A line ended by a hard break stays unstretched in justified paragraphs.
    compatibility: { doNotExpandShiftReturn: true },
    sections: [
      {
        properties: { page: PAGE },
        footers: { default: footer() },
        children: meetingParagraphs(record),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
