import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse } from '../../client/src/i18n/icu-lite';
import zh from '../../client/src/i18n/zh-CN.json';
import en from '../../client/src/i18n/en.json';
import zhStaff from '../../client/src/i18n/zh-CN.staff.json';
import enStaff from '../../client/src/i18n/en.staff.json';
import zhAudio from '../../client/src/i18n/zh-CN.audio.json';
import enAudio from '../../client/src/i18n/en.audio.json';
import { matchRoute } from '../../client/src/routes';
import { formatClock, remainingMs } from '../../client/src/lib/time';

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
  });

  it('every message parses with the small ICU parser and formats like the full one', () => {
    for (const message of [
      ...messages(zh),
      ...messages(en),
      ...messages(zhStaff),
      ...messages(enStaff),
      ...messages(zhAudio),
      ...messages(enAudio),
    ]) {
      expect(() => parse(message), message).not.toThrow();
    }
    const plural = new IntlMessageFormat(
      parse('Full agenda ({count, plural, one {# item} other {# items}})') as never,
      'en',
    );
    expect(plural.format({ count: 1 })).toBe('Full agenda (1 item)');
    expect(plural.format({ count: 3 })).toBe('Full agenda (3 items)');
    expect(
      new IntlMessageFormat(parse('{name}，欢迎') as never, 'zh-CN').format({ name: '张三' }),
    ).toBe('张三，欢迎');
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
