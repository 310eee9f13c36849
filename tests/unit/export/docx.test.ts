import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../../server/export';
import { makeLongRecord, makeRecord } from './fixture';
import { unzipAll } from '../../integration/helpers/zip';

/** One entry of a zip (a .docx) as text. */
function unzipEntry(zip: Buffer, name: string): string {
  const entry = unzipAll(zip).get(name);
  if (!entry) throw new Error(`${name} not in the zip`);
  return entry.toString('utf8');
}

describe('renderDocx', async () => {
  const buffer = await renderDocx(makeRecord());
  const { value: text } = await mammoth.extractRawText({ buffer });
  const documentXml = unzipEntry(buffer, 'word/document.xml');
  const stylesXml = unzipEntry(buffer, 'word/styles.xml');

  it('is a zip that mammoth reads', () => {
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(text).toContain('清水村老年食堂建设协商会纪要');
  });

  it('has the sections in order', () => {
    const order = [
      '出席：',
      '列席：',
      '一、议定事项',
      '二、未达成共识事项（转报）',
      '三、会议议程',
      '四、会议记录',
    ].map((s) => text.indexOf(s));
    for (const i of order) expect(i).toBeGreaterThanOrEqual(0);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(text.trimEnd().endsWith('2026年11月21日')).toBe(true);
  });

  it('holds the conclusions, attendance and the escalated item', () => {
    expect(text).toContain('1.同意在村委会东侧闲置仓库改建村级老年食堂');
    expect(text).toContain(
      '同意 13 票（现场 6、线上 3、举手 4），反对 1 票（现场 1），弃权 1 票（举手 1）',
    );
    expect(text).toContain(
      '同意（9 人）：张建国、刘志强、赵德明、孙桂兰、周大山、冯玉珍、王秀英、陈丽华、郑小军',
    );
    expect(text).toContain(
      '出席：张建国、王秀英、刘志强、陈丽华、赵德明、孙桂兰、周大山、吴春梅、郑小军、冯玉珍、黄老三、杨记录（共 12 人：现场 8 人、线上 4 人）',
    );
    expect(text).toContain('列席：何振华、林晓燕');
    const escalations = text.slice(
      text.indexOf('二、未达成共识事项'),
      text.indexOf('三、会议议程'),
    );
    expect(escalations).toContain('将食堂门前道路两侧划为临时停车区');
    expect(escalations).toContain('表决结果：未达成共识');
  });

  it('numbers the minutes headings one level below 四、', () => {
    expect(text).toContain('（一）食堂选址');
    expect(text).toContain('1.各方意见');
    expect(text).toContain('（1）后续安排');
    expect(text).toContain('• 吴春梅担心油烟影响周边住户。');
    expect(text).toContain('3.村委会负责出具改建方案');
  });

  it('declares A4, GB/T 9704 margins and a footer page number', () => {
    expect(documentXml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(documentXml).toMatch(
      /<w:pgMar w:top="2097" w:right="1474" w:bottom="1984" w:left="1587"/,
    );
    const footerXml = unzipEntry(buffer, 'word/footer1.xml');
    expect(footerXml).toContain('PAGE');
    expect(footerXml).toContain('— ');
  });

  it('uses the official fonts and a fixed 28.95 pt line', () => {
    expect(stylesXml).toContain('w:eastAsia="仿宋"');
    expect(stylesXml).toContain('w:ascii="FangSong"');
    expect(stylesXml).toContain('w:eastAsia="黑体"');
    expect(stylesXml).toContain('w:eastAsia="楷体"');
    expect(stylesXml).toContain('w:eastAsia="方正小标宋简体"');
    expect(stylesXml).toMatch(/<w:sz w:val="32"\/>/);
    expect(stylesXml).toMatch(
      /<w:pPrDefault><w:pPr><w:spacing [^>]*w:line="579" w:lineRule="exact"/,
    );
    expect(stylesXml).toContain('w:firstLineChars="200"');
    // The minutes mark is red; no fonts are embedded.
    expect(stylesXml).toContain('<w:color w:val="FF0000"/>');
    expect(unzipEntry(buffer, 'word/fontTable.xml')).not.toContain('w:embed');
  });

  it('renders a 3-hour meeting quickly', async () => {
    const long = makeLongRecord();
    const started = performance.now();
    const big = await renderDocx(long);
    const elapsed = performance.now() - started;
    expect(big.length).toBeGreaterThan(10_000);
    expect(elapsed).toBeLessThan(3000);
  });
});
