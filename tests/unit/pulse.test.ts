import { describe, expect, it } from 'vitest';
import { PulseAnswerPayload, PulseHallPayload, PulseOpenPayload } from '../../shared/protocol';
import { pulseLines } from '../../server/export/pulse-labels';
import { PulseTally } from '../../server/pulse/tally';

const cards = () => new PulseTally('pulse-0001', 'cards', '电梯装在东侧？', 't0');
const counts = (t: PulseTally) => t.view().counts.map((c) => [c.answer, c.phones, c.hall]);
const codeOf = (fn: () => void): string => {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'none';
};

describe('temperature check (pure tally)', () => {
  it('counts one answer per person; a changed answer moves, a repeated one does not add', () => {
    const t = cards();
    t.answer('p1', 'up');
    t.answer('p2', 'up');
    t.answer('p3', 'down');
    t.answer('p1', 'unsure'); // changed
    t.answer('p2', 'up'); // the same again (a retry after reconnect)
    expect(counts(t)).toEqual([
      ['up', 1, 0],
      ['unsure', 1, 0],
      ['down', 1, 0],
    ]);
    expect(t.view().phones).toBe(3);
    expect(t.mine('p1')).toBe('unsure');
    expect(t.mine('nobody')).toBeNull();
  });

  it('refuses answers off the scale and after close; close forgets who answered', () => {
    const t = cards();
    expect(codeOf(() => t.answer('p1', '3'))).toBe('PULSE_INVALID_ANSWER');
    const five = new PulseTally('pulse-0002', 'five', null, 't0');
    expect(codeOf(() => five.answer('p1', 'up'))).toBe('PULSE_INVALID_ANSWER');
    five.answer('p1', '5');
    expect(five.view().counts.map((c) => c.answer)).toEqual(['1', '2', '3', '4', '5']);
    t.answer('p1', 'up');
    t.close('t1');
    t.close('t2'); // a second close changes nothing
    expect(t.view()).toMatchObject({ status: 'closed', closedAt: 't1', phones: 1 });
    expect(t.mine('p1')).toBeNull();
    expect(codeOf(() => t.answer('p2', 'down'))).toBe('PULSE_NOT_OPEN');
  });

  it('keeps hall hands apart from phones; a new entry replaces the last; off-scale refused', () => {
    const t = cards();
    t.answer('p1', 'up');
    t.setHall({ up: 4, down: 9 });
    t.setHall({ up: 5, down: 2 });
    expect(counts(t)).toEqual([
      ['up', 1, 5],
      ['unsure', 0, 0],
      ['down', 0, 2],
    ]);
    expect(t.view()).toMatchObject({ phones: 1, hall: 7 });
    expect(codeOf(() => t.setHall({ '4': 1 }))).toBe('PULSE_INVALID_ANSWER');
    expect(t.view().hall).toBe(7);
  });

  it('the view carries counts only: no participant id anywhere', () => {
    const t = cards();
    t.answer('participant-secret-id', 'down');
    expect(JSON.stringify(t.view())).not.toContain('participant-secret-id');
  });

  it('schemas refuse unknown answers, fields and negative hands', () => {
    expect(PulseAnswerPayload.safeParse({ pulseId: 'pulse-0001', answer: 'maybe' }).success).toBe(
      false,
    );
    expect(PulseOpenPayload.safeParse({ scale: 'ten' }).success).toBe(false);
    expect(PulseOpenPayload.safeParse({ who: 'x' }).success).toBe(false);
    expect(PulseOpenPayload.safeParse({}).success).toBe(true);
    expect(PulseHallPayload.safeParse({ pulseId: 'pulse-0001', counts: { up: -1 } }).success).toBe(
      false,
    );
    expect(PulseHallPayload.safeParse({ pulseId: 'pulse-0001', counts: { x: 1 } }).success).toBe(
      false,
    );
  });

  it('is written in the record as a temperature check, not a vote', () => {
    const lines = pulseLines({
      question: '电梯装在东侧？',
      agendaItemTitle: '电梯选址',
      scale: 'cards',
      counts: [
        { answer: 'up', phones: 3, hall: 2 },
        { answer: 'unsure', phones: 1, hall: 0 },
        { answer: 'down', phones: 0, hall: 1 },
      ],
      phones: 4,
      hall: 3,
      openedAt: 't0',
      closedAt: 't1',
    });
    expect(lines).toEqual([
      '电梯装在东侧？',
      '所属议程：电梯选址',
      '结果：赞同 5 人（手机 3，举手 2），还要想想 1 人，不赞同 1 人（手机 0，举手 1）',
      '参与：手机 4 人，现场举手 3 人，共 7 人',
      '说明：匿名意向了解，不是表决，不形成决定',
    ]);
  });
});
