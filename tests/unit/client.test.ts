import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { parse } from '../../client/src/i18n/icu-lite';
import {
  _,
  addMessages,
  formatMessage,
  init,
  locale,
  register,
  waitLocale,
} from '../../client/src/i18n/store';
import zh from '../../client/src/i18n/zh-CN.json';
import en from '../../client/src/i18n/en.json';
import zhStaff from '../../client/src/i18n/zh-CN.staff.json';
import enStaff from '../../client/src/i18n/en.staff.json';
import zhAudio from '../../client/src/i18n/zh-CN.audio.json';
import enAudio from '../../client/src/i18n/en.audio.json';
import zhScreen from '../../client/src/i18n/zh-CN.screen.json';
import enScreen from '../../client/src/i18n/en.screen.json';
import zhSpeech from '../../client/src/i18n/zh-CN.speech.json';
import enSpeech from '../../client/src/i18n/en.speech.json';
import { matchRoute } from '../../shared/routes';
import { formatClock, remainingMs } from '../../client/src/lib/time';
import { outcomeTone } from '../../client/src/lib/outcome';
import { OUTCOMES } from '../../shared/protocol/constants';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
const messages = (o: object): string[] =>
  Object.values(o).flatMap((v) => (typeof v === 'object' ? messages(v as object) : [v as string]));

describe('translations', () => {
  it('English is complete: the same keys as Chinese, phone and staff bundles alike', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    expect(keys(enStaff).sort()).toEqual(keys(zhStaff).sort());
    // The staff bundle only adds keys; phones never need it.
    const phoneKeys = new Set(keys(zh));
    expect(keys(zhStaff).filter((k) => phoneKeys.has(k))).toEqual([]);
    // The audio panel's bundle, loaded with the panel, likewise.
    expect(keys(enAudio).sort()).toEqual(keys(zhAudio).sort());
    expect(keys(zhAudio).filter((k) => phoneKeys.has(k))).toEqual([]);
    // The hall screen's and home page's bundle, loaded with those pages, likewise.
    expect(keys(enScreen).sort()).toEqual(keys(zhScreen).sort());
    expect(keys(zhScreen).filter((k) => phoneKeys.has(k))).toEqual([]);
    expect(keys(zhScreen).filter((k) => keys(zhStaff).includes(k))).toEqual([]);
    // The read-aloud wording, loaded on the first tap of 朗读, likewise.
    expect(keys(enSpeech).sort()).toEqual(keys(zhSpeech).sort());
    expect(keys(zhSpeech).filter((k) => phoneKeys.has(k))).toEqual([]);
  });

  it('every message parses with the small ICU parser and formats with sample values', () => {
    const sample = (message: string): Record<string, unknown> => {
      const values: Record<string, unknown> = {};
      for (const m of message.matchAll(/\{\s*([^\s{},#]+)\s*(,\s*(\w+))?/g)) {
        values[m[1]!] = m[3] === 'select' ? 'other' : 2;
      }
      return values;
    };
    for (const [loc, bundles] of [
      ['zh-CN', [zh, zhStaff, zhAudio, zhScreen, zhSpeech]],
      ['en', [en, enStaff, enAudio, enScreen, enSpeech]],
    ] as const) {
      for (const message of bundles.flatMap((b) => messages(b))) {
        expect(() => parse(message), message).not.toThrow();
        const out = formatMessage(message, sample(message), loc);
        expect(typeof out, message).toBe('string');
        expect(out, message).not.toMatch(/[{}]/);
      }
    }
  });

  it('formats arguments, plurals and selects in Chinese and English', () => {
    const agenda = 'Full agenda ({count, plural, one {# item} other {# items}})';
    expect(formatMessage(agenda, { count: 1 }, 'en')).toBe('Full agenda (1 item)');
    expect(formatMessage(agenda, { count: 3 }, 'en')).toBe('Full agenda (3 items)');
    expect(formatMessage(agenda, { count: 1000 }, 'en')).toBe('Full agenda (1,000 items)');
    expect(formatMessage(agenda, { count: 1 }, 'zh-CN')).toBe('Full agenda (1 items)');
    const exact = '{n, plural, =0 {none} one {one} other {# of them}}';
    expect(formatMessage(exact, { n: 0 }, 'en')).toBe('none');
    expect(formatMessage(exact, { n: 1 }, 'en')).toBe('one');
    expect(formatMessage(exact, { n: 5 }, 'en')).toBe('5 of them');
    expect(formatMessage('{name}，欢迎', { name: '张三' }, 'zh-CN')).toBe('张三，欢迎');
    expect(formatMessage('共 {n} 项', { n: 12345 }, 'zh-CN')).toBe('共 12345 项');
    const select = '{who, select, me {我} other {{who}}}投了票';
    expect(formatMessage(select, { who: 'me' }, 'zh-CN')).toBe('我投了票');
    expect(formatMessage(select, { who: '李四' }, 'zh-CN')).toBe('李四投了票');
    expect(formatMessage('{a, select, x {X} other {O}}', { a: 'y' }, 'en')).toBe('O');
  });

  it('the store: fallback to Chinese, then the key; lazy bundles load on switch', async () => {
    addMessages('zh-CN', { t: { hello: '你好，{name}', onlyZh: '只有中文' } });
    let loaded = 0;
    register('en', () => {
      loaded++;
      return Promise.resolve({ default: { t: { hello: 'Hello, {name}' } } });
    });
    await init({ fallbackLocale: 'zh-CN', initialLocale: 'zh-CN' });
    expect(get(_)('t.hello', { values: { name: '张三' } })).toBe('你好，张三');
    expect(loaded).toBe(0);
    const seen: (string | undefined)[] = [];
    const stop = locale.subscribe((l) => seen.push(l));
    const switched = locale.set('en');
    expect(get(locale)).toBe('zh-CN');
    await switched;
    stop();
    expect(loaded).toBe(1);
    expect(seen).toEqual(['zh-CN', 'en']);
    expect(get(_)('t.hello', { values: { name: 'Ann' } })).toBe('Hello, Ann');
    expect(get(_)('t.onlyZh')).toBe('只有中文');
    expect(get(_)('t.missing')).toBe('t.missing');
    expect(get(_)('t.missing', { default: 'Default' })).toBe('Default');
    // Without values a message is returned as written, like svelte-i18n.
    expect(get(_)('t.hello')).toBe('Hello, {name}');
    // A bundle registered later loads on waitLocale, and `_` re-renders.
    let renders = 0;
    const stopRenders = _.subscribe(() => renders++);
    register('en', () => Promise.resolve({ t: { onlyZh: 'Now in English' } }));
    await waitLocale();
    stopRenders();
    expect(renders).toBeGreaterThan(1);
    expect(get(_)('t.onlyZh')).toBe('Now in English');
    await locale.set('zh-CN');
  });
});

describe('client routes and clock', () => {
  it('matches the routes and refuses open redirects', () => {
    expect(matchRoute('/m/123456')).toEqual({ name: 'participant', code: '123456' });
    expect(matchRoute('/m/123456/screen/')).toEqual({ name: 'screen', code: '123456' });
    expect(matchRoute('/login', '?next=//evil.com')).toEqual({ name: 'login', next: null });
    expect(matchRoute('/m/12345')).toEqual({ name: 'notFound' });
  });

  it('shows the countdown, and overtime with a plus sign', () => {
    expect(formatClock(10_200)).toBe('00:11');
    expect(formatClock(-61_000)).toBe('+01:01');
    expect(remainingMs({ durationSec: 60, runningSince: 1000, elapsedMs: 5000 }, 11_000)).toBe(
      45_000,
    );
  });
});

describe('outcome colours', () => {
  it('gives every outcome a tone: adopted ones good, the rest bad', () => {
    expect(OUTCOMES.filter((o) => outcomeTone(o) === 'good').sort()).toEqual([
      'chosen',
      'passed',
      'ranked',
    ]);
    expect(OUTCOMES.filter((o) => outcomeTone(o) === 'bad').sort()).toEqual([
      'failed',
      'no_consensus',
      'no_quorum',
      'no_winner',
    ]);
  });
});
