import { describe, expect, it } from 'vitest';
import { digitsToHanzi, integerToHanzi, numbersToHanzi } from '../../server/speech/numbers';
import { chineseSegments, englishSegments, hanToPinyin } from '../../server/speech/pinyin-text';
import { MAX_SSML_CHARS, toSsml } from '../../server/speech/ssml';

/** The text the read-aloud clip hands espeak-ng (server/speech): pure, so tested exhaustively. */
describe('numbers as Chinese words', () => {
  it.each([
    ['0', '零'],
    ['6', '六'],
    ['10', '十'],
    ['15', '十五'],
    ['20', '二十'],
    ['105', '一百零五'],
    ['110', '一百一十'],
    ['1005', '一千零五'],
    ['1050', '一千零五十'],
    ['10000', '一万'],
    ['20000', '两万'],
    ['100005', '十万零五'],
    ['1200000', '一百二十万'],
    ['120030040', '一亿二千零三万零四十'],
  ])('%s → %s', (digits, words) => expect(integerToHanzi(digits)).toBe(words));

  it('reads percentages, decimals, years, grouped thousands and codes', () => {
    expect(numbersToHanzi('60%的人')).toBe('百分之六十的人');
    expect(numbersToHanzi('12.5％')).toBe('百分之十二点五');
    expect(numbersToHanzi('3.5米')).toBe('三点五米');
    expect(numbersToHanzi('2026年3月')).toBe('二零二六年三月');
    expect(numbersToHanzi('1,200元')).toBe('一千二百元');
    expect(numbersToHanzi('电话0571')).toBe('电话零五七一');
    expect(numbersToHanzi('1'.repeat(13))).toBe('一'.repeat(13));
    expect(digitsToHanzi('2026')).toBe('二零二六');
  });
});

describe('Chinese as tone-numbered pinyin for espeak-ng', () => {
  it('reads polyphones by their word (银行 hang2, 行走 xing2) and the neutral tone as 5', () => {
    expect(hanToPinyin('银行')).toBe('yin2 hang2');
    expect(hanToPinyin('行走')).toBe('xing2 zou3');
    expect(hanToPinyin('我的')).toBe('wo3 de5');
    expect(hanToPinyin('绿化')).toBe('lv4 hua4');
    // A character outside the dictionary is left out rather than read as something else.
    expect(hanToPinyin('𠀀')).toBe('');
  });

  it('turns punctuation into pauses and numbers into words', () => {
    expect(chineseSegments('表决事项：是否同意在3号楼加装电梯？')).toEqual([
      {
        voice: 'zh',
        text: 'biao3 jue2 shi4 xiang4, shi4 fou3 tong2 yi4 zai4 san1 hao4 lou2 jia1 zhuang1 dian4 ti1.',
      },
    ]);
    expect(chineseSegments('60%的人同意。')[0]!.text).toBe(
      'bai3 fen1 zhi1 liu4 shi2 de5 ren2 tong2 yi4.',
    );
  });

  it('spells short or capitalised Latin words and gives longer ones to the English voice', () => {
    expect(chineseSegments('装APP，做CT，连WiFi')).toEqual([
      { voice: 'zh', text: 'zhuang1 A P P, zuo4 C T, lian2' },
      { voice: 'en', text: 'WiFi' },
    ]);
  });

  it('drops markup, emoji and other scripts', () => {
    const segments = chineseSegments('<voice name="en">同意</voice> 😀 Привет');
    const text = segments.map((s) => s.text).join(' ');
    expect(text).not.toMatch(/[<>"=/😀]|Привет/u);
    expect(text).toContain('tong2 yi4');
  });
});

describe('English for the English voice', () => {
  it('keeps Latin letters, digits and plain punctuation only', () => {
    expect(englishSegments('Motion: build <b>the</b> bridge & 3 roads?')).toEqual([
      { voice: 'en', text: 'Motion: build b the b bridge 3 roads?' },
    ]);
  });
});

describe('SSML for espeak-ng', () => {
  it('switches voices per language and lets no markup through', () => {
    const ssml = toSsml([
      { text: 'Motion:', lang: 'en' },
      { text: '</voice></speak><audio src="x"/>同意。', lang: 'zh-CN' },
    ]);
    expect(ssml).toMatch(/^<speak>\n<voice name="en">Motion:<\/voice>\n<voice name="en">/);
    expect(ssml).toContain(
      '<voice name="cmn-latn-pinyin">S R C, X, tong2 yi4.</voice>\n</speak>\n',
    );
    // Only our own tags: the motion's markup became words.
    const inner = ssml.replace(/<\/?(?:speak|voice)(?: name="(?:en|cmn-latn-pinyin)")?>/g, '');
    expect(inner).not.toMatch(/[<>"&]/);
  });

  it('is bounded whatever the length of the text', () => {
    const huge = Array.from({ length: 200 }, () => ({ text: '同意'.repeat(2000), lang: 'zh-CN' }));
    expect(toSsml(huge).length).toBeLessThanOrEqual(MAX_SSML_CHARS + 20);
  });
});
