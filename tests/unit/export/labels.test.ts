import { describe, expect, it } from 'vitest';
import {
  chineseNumber,
  formatChineseDate,
  hasOwnNumbering,
  numberLevel1,
  numberLevel2,
  splitAttendees,
  tallySentence,
} from '../../../server/export/labels';
import { CANTEEN, FEES, makeRecord } from './fixture';

describe('record labels', () => {
  it('writes Chinese numerals', () => {
    const cases: [number, string][] = [
      [1, '一'],
      [9, '九'],
      [10, '十'],
      [11, '十一'],
      [20, '二十'],
      [21, '二十一'],
      [100, '一百'],
      [105, '一百零五'],
      [110, '一百一十'],
      [1001, '一千零一'],
    ];
    for (const [n, zh] of cases) expect(chineseNumber(n)).toBe(zh);
    expect(numberLevel1(4)).toBe('四、');
    expect(numberLevel2(12)).toBe('（十二）');
  });

  it('formats the date in Arabic numerals without leading zeros', () => {
    expect(formatChineseDate('2026-11-21')).toBe('2026年11月21日');
    expect(formatChineseDate('2027-03-05')).toBe('2027年3月5日');
    expect(formatChineseDate('soon')).toBe('soon');
  });

  it('recognises hand-typed numbering', () => {
    expect(hasOwnNumbering('一、背景')).toBe(true);
    expect(hasOwnNumbering('（二）意见')).toBe(true);
    expect(hasOwnNumbering('3. 安排')).toBe(true);
    expect(hasOwnNumbering('食堂选址')).toBe(false);
  });

  it('phrases tallies by channel; 应到 is the roster, the hall hands included', () => {
    expect(tallySentence(CANTEEN)).toBe(
      '同意 13 票（现场 6、线上 3、举手 4），反对 1 票（现场 1），弃权 1 票（举手 1）；应到 15 人，实投 15 票',
    );
    // Secret: combined totals, turnout by channel, never a split per choice.
    expect(tallySentence(FEES)).toBe(
      '同意 9 票，反对 1 票，弃权 1 票；应到 11 人，实投 11 票。无记名投票：不分渠道显示（投票人数：现场 7 人、线上 4 人、举手 0 人）',
    );
    const few = {
      ...FEES,
      byChannel: { ...FEES.byChannel, hall: { agree: 3, oppose: 3, abstain: 0 } },
      secretTurnout: { voters: { room: 0, remote: 1, hall: 6 }, minGroup: 5, smallGroup: true },
    };
    expect(tallySentence(few)).toContain(
      '注意：电子投票仅 1 人（少于 5 人），总票数减去公开的举手数可推知其选择',
    );
  });

  it('splits 出席 and 列席, voting roles first and recorders last', () => {
    const { present, observers } = splitAttendees(makeRecord().attendance.attendees);
    expect(observers.map((a) => a.name)).toEqual(['何振华', '林晓燕']);
    expect(present).toHaveLength(12);
    expect(present.at(-1)?.role).toBe('recorder');
    expect(present[0]?.name).toBe('张建国');
  });
});
