import { describe, expect, it } from 'vitest';
import { normaliseDeep, normaliseText } from '../../../shared/text';
import { PersonName } from '../../../shared/protocol/common';

describe('normaliseText', () => {
  it('removes non-characters, C0/C1 controls and bidi controls, keeps tab and newline', () => {
    expect(normaliseText('张\uFFFE建\uFFFF国\uFDD0\u{1FFFE}')).toBe('张建国');
    expect(normaliseText('a\u0000b\u0008c\u001Bd\u007Fe\u0085f\u009Bg')).toBe('abcdefg');
    expect(normaliseText('a\tb\nc')).toBe('a\tb\nc');
    expect(normaliseText('\u202Eevil\u202C \u2066x\u2069 \u200E\u200F\u061C')).toBe('evil x ');
  });

  it('replaces lone surrogates, keeps pairs, unifies line ends, composes to NFC', () => {
    expect(normaliseText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(normaliseText('😀𠀋')).toBe('😀𠀋');
    expect(normaliseText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(normaliseText('e\u0301')).toBe('é');
  });

  it('leaves ordinary text alone and is idempotent', () => {
    const text = '清水村老年食堂（东侧仓库）：同意 7 票；Ω <b>&amp;';
    expect(normaliseText(text)).toBe(text);
    expect(normaliseText('e\u202E\u0301')).toBe('é');
    const messy = '\uD83D x\u202E\uFFFEe\u0301\r\n';
    expect(normaliseText(normaliseText(messy))).toBe(normaliseText(messy));
  });

  it('normalises every string of a nested value, numbers and nulls untouched', () => {
    expect(normaliseDeep({ a: ['x\uFFFF', 1, null], b: { c: '\u202Ey' } })).toEqual({
      a: ['x', 1, null],
      b: { c: 'y' },
    });
  });

  it('is idempotent and leaves no forbidden character, on 5,000 seeded random strings', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
    const forbidden = /(?![\t\n])\p{Cc}|\p{Noncharacter_Code_Point}|\p{Bidi_Control}|\p{Cs}/u;
    for (let i = 0; i < 5000; i += 1) {
      let s = '';
      for (let j = 0; j < 8; j += 1) {
        s +=
          next() < 0.5
            ? String.fromCharCode(Math.floor(next() * 0x10000))
            : String.fromCharCode(0x300 + Math.floor(next() * 0x70));
      }
      const once = normaliseText(s);
      expect(normaliseText(once), JSON.stringify(s)).toBe(once);
      expect(forbidden.test(once), JSON.stringify(s)).toBe(false);
    }
  });

  it('runs at the boundary: a typed name loses bidi overrides and controls before the length check', () => {
    expect(PersonName.parse(' \u202EAlice\u0000 ')).toBe('Alice');
    expect(PersonName.safeParse('\u202E\u200F').success).toBe(false);
  });
});
