import { describe, expect, it } from 'vitest';
import { errorMessage, errorText } from '../../client/src/lib/errors';
import { nextItemOf } from '../../shared/agenda-order';
import zh from '../../client/src/i18n/zh-CN.json';
import zhStaff from '../../client/src/i18n/zh-CN.staff.json';
import { nameKey } from '../../client/src/pages/console/same-name';
import { nextAgendaItem } from '../../server/meetings/timer';
import { hasPermission, permissionsOf, PERMISSIONS, type Permission } from '../../shared/protocol';

const agenda = ['a', 'b', 'c'].map((id) => ({ id, title: id, durationMin: 5, notes: '' }));

describe('next item (issue 10)', () => {
  it('is the item after the current one, the first when none, nothing after the last', () => {
    expect(nextAgendaItem(agenda, null)?.id).toBe('a');
    expect(nextAgendaItem(agenda, 'a')?.id).toBe('b');
    expect(nextAgendaItem(agenda, 'c')).toBeNull();
    expect(nextAgendaItem([], null)).toBeNull();
    // A deleted current item: start again from the top rather than guess.
    expect(nextAgendaItem(agenda, 'gone')?.id).toBe('a');
  });

  it('is the same item on the console as on the server', () => {
    for (const current of [null, 'a', 'b', 'c', 'gone']) {
      expect(nextItemOf(agenda, current)?.item ?? null).toEqual(nextAgendaItem(agenda, current));
    }
    expect(nextItemOf(agenda, 'a')?.index).toBe(1);
  });
});

describe('permissionsOf', () => {
  it('is hasPermission over every permission, nothing more', () => {
    const meeting = { id: 'm', staff: [{ userId: 'u', role: 'teller' as const }] };
    const principal = {
      kind: 'user' as const,
      userId: 'u',
      role: 'recorder' as const,
      displayName: 'x',
    };
    const all = Object.keys(PERMISSIONS) as Permission[];
    expect(permissionsOf(principal, meeting)).toEqual(
      all.filter((p) => hasPermission(principal, p, meeting)),
    );
    expect(permissionsOf(principal, meeting)).toEqual(['readDocs', 'tally', 'admit']);
    expect(permissionsOf({ kind: 'screen', meetingId: 'm' }, meeting)).toEqual(['readDocs']);
  });
});

describe('same-name hint', () => {
  it('compares names as people read them', () => {
    expect(nameKey(' 李  大爷 ')).toBe(nameKey('李 大爷'));
    expect(nameKey('Ｌｉ　Ｗｅｉ')).toBe(nameKey('li wei'));
    expect(nameKey('Li Wei')).toBe(nameKey('li wei'));
    expect(nameKey('李大爷')).toBe(nameKey('李大爷'));
    expect(nameKey('李大爷')).not.toBe(nameKey('李大娘'));
  });
});

describe('errorText', () => {
  // The real messages, formatted the simple way: {name} replaced by its value.
  // Field names and field errors are staff messages (zh-CN.staff.json): the console's bundles.
  const lookupIn = (dict: object, key: string): string | undefined =>
    key.split('.').reduce<unknown>((d, k) => (d as Record<string, unknown>)?.[k], dict) as
      string | undefined;
  const lookup = (key: string): string | undefined => lookupIn(zh, key) ?? lookupIn(zhStaff, key);
  const t = (key: string, o: { values?: Record<string, unknown>; default?: string } = {}) =>
    (lookup(key) ?? o.default ?? key).replace(/\{(\w+)\}/g, (_m, k: string) =>
      String(o.values?.[k] ?? ''),
    );

  it('names the field and the problem of a VALIDATION refusal', () => {
    expect(
      errorText(t, { code: 'VALIDATION', issue: { field: 'options', problem: 'duplicate' } }),
    ).toBe('“选项”中有重复的内容，请删去重复的一项。');
    expect(
      errorText(t, {
        code: 'VALIDATION',
        issue: { field: 'proposal', problem: 'tooLong', limit: 4000 },
      }),
    ).toBe('“表决事项”太长了，最多 4000 个字。');
  });

  it('falls back to the code’s message for fields it has no name for', () => {
    expect(errorText(t, { code: 'VALIDATION', issue: { field: 'zzz', problem: 'invalid' } })).toBe(
      zh.errors.VALIDATION,
    );
    expect(errorText(t, { code: 'NO_NEXT_ITEM' })).toBe(zhStaff.errors.NO_NEXT_ITEM);
  });

  it('on a page without the staff messages, a staff-only code reads as the generic error', () => {
    // The phone's formatter: only zh-CN.json.
    const phone = (key: string, o: { default?: string } = {}) =>
      lookupIn(zh, key) ?? o.default ?? key;
    expect(errorMessage(phone, 'NO_NEXT_ITEM')).toBe(zh.errors.INTERNAL);
    expect(errorMessage(phone, 'VOTE_CLOSED')).toBe(zh.errors.VOTE_CLOSED);
    expect(errorMessage(t, 'NO_NEXT_ITEM')).toBe(zhStaff.errors.NO_NEXT_ITEM);
  });
});
