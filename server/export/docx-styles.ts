/**
 * GB/T 9704-2012 geometry, fonts and paragraph styles for the DOCX record. Fonts are named,
 * never embedded: Word, WPS and LibreOffice substitute a font the machine lacks.
 */
import {
  AlignmentType,
  LineRuleType,
  convertMillimetersToTwip,
  type IFontAttributesProperties,
  type IStylesOptions,
} from 'docx';

/** Half-points, as WordprocessingML sizes runs: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
export const SIZE = { hao2: 44, hao3: 32, hao4: 28 } as const;

/** One 3号 character in twips: indents are counted in characters (首行缩进 2 字). */
export const CHAR = 320;

/** 22 lines in the 225 mm type area: a fixed 28.95 pt line. */
export const LINE = 579;

export const RED = 'FF0000';

/** A4 with GB/T 9704 margins: 156 × 225 mm type area, binding edge on the left. */
export const PAGE = {
  size: { width: 11906, height: 16838 },
  margin: {
    top: convertMillimetersToTwip(37),
    bottom: convertMillimetersToTwip(35),
    left: convertMillimetersToTwip(28),
    right: convertMillimetersToTwip(26),
    header: convertMillimetersToTwip(15),
    // Puts the 4号 page number about 7 mm below the type area.
    footer: convertMillimetersToTwip(22),
    gutter: 0,
  },
} as const;

/** East Asian face by its Chinese name, Latin fallback by its English one. */
const face = (eastAsia: string, latin: string): IFontAttributesProperties => ({
  ascii: latin,
  hAnsi: latin,
  cs: latin,
  eastAsia,
  // Ambiguous-width punctuation (“ ” — …) takes the Chinese face.
  hint: 'eastAsia',
});

export const FONT = {
  fangsong: face('仿宋', 'FangSong'),
  heiti: face('黑体', 'SimHei'),
  kaiti: face('楷体', 'KaiTi'),
  songti: face('宋体', 'SimSun'),
  // 方正小标宋 is rarely on a fresh machine; 宋体 covers its Latin and digits.
  xiaobiaosong: face('方正小标宋简体', 'SimSun'),
} as const;

/** Paragraph style ids used by the document builder. */
export const STYLE = {
  body: 'YbBody',
  mark: 'YbMark',
  labelled: 'YbLabelled',
  date: 'YbDate',
  footer: 'YbFooter',
} as const;

const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const indent2 = { firstLine: 2 * CHAR, firstLineChars: 200 };

/**
 * Headings indent two characters like body text and are never bold: 黑体 and 楷体 carry the
 * weight. Outline levels make them show in Word's navigation pane.
 */
const heading = (font: IFontAttributesProperties, outlineLevel: number, bold = false) => ({
  basedOn: 'Normal',
  next: STYLE.body,
  quickFormat: true,
  run: { font, size: SIZE.hao3, bold, color: '000000' },
  paragraph: {
    spacing: exact,
    indent: indent2,
    keepNext: true,
    keepLines: true,
    outlineLevel,
    alignment: AlignmentType.BOTH,
  },
});

export const STYLES: IStylesOptions = {
  default: {
    document: {
      run: {
        font: FONT.fangsong,
        size: SIZE.hao3,
        language: { value: 'zh-CN', eastAsia: 'zh-CN' },
      },
      paragraph: { spacing: exact },
    },
    title: {
      basedOn: 'Normal',
      next: STYLE.body,
      quickFormat: true,
      run: { font: FONT.xiaobiaosong, size: SIZE.hao2, color: '000000' },
      // At least one grid line: a two-line title may not clip under a large 小标宋 ascent.
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { line: LINE, lineRule: LineRuleType.AT_LEAST, before: LINE, after: LINE },
        keepNext: true,
      },
    },
    heading1: heading(FONT.heiti, 0),
    heading2: heading(FONT.kaiti, 1),
    heading3: heading(FONT.fangsong, 2, true),
  },
  paragraphStyles: [
    {
      id: STYLE.body,
      name: '纪要正文',
      basedOn: 'Normal',
      quickFormat: true,
      paragraph: { spacing: exact, indent: indent2, alignment: AlignmentType.BOTH },
    },
    {
      id: STYLE.mark,
      name: '纪要标志',
      basedOn: 'Normal',
      next: 'Title',
      run: { font: FONT.xiaobiaosong, color: RED },
      // Upper edge 35 mm below the type area; single spacing so a large mark is not clipped.
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: {
          before: convertMillimetersToTwip(35),
          after: 0,
          line: 240,
          lineRule: LineRuleType.AUTO,
        },
        keepNext: true,
      },
    },
    {
      id: STYLE.labelled,
      name: '纪要标注',
      basedOn: 'Normal',
      paragraph: { spacing: exact, alignment: AlignmentType.BOTH },
    },
    {
      id: STYLE.date,
      name: '纪要日期',
      basedOn: 'Normal',
      // 成文日期 right-aligned, four characters in from the right edge.
      paragraph: {
        spacing: { ...exact, before: LINE },
        alignment: AlignmentType.RIGHT,
        indent: { right: 4 * CHAR },
      },
    },
    {
      id: STYLE.footer,
      name: '纪要页码',
      basedOn: 'Normal',
      run: { font: FONT.songti, size: SIZE.hao4 },
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
      },
    },
  ],
};

/**
 * Size of the red mark: as large as 小初 (36 pt) while it fits one 156 mm line, shrinking
 * to 2号 for long meeting names.
 */
export function markSize(text: string): number {
  const chars = [...text].length;
  if (chars <= 12) return 72;
  if (chars <= 15) return 56;
  if (chars <= 18) return 48;
  return SIZE.hao2;
}
