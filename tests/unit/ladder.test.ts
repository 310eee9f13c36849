import { describe, expect, it } from 'vitest';
import {
  decide,
  openLadder,
  revise,
  setPosition,
  strongestDecision,
} from '../../server/ladder/machine';
import { ladderLines } from '../../server/export/labels';

const li = { participantId: 'p1', name: '李大爷' };
const wang = { participantId: 'p2', name: '王阿姨' };
const zhao = { participantId: 'p3', name: '赵奶奶' };
const start = () => openLadder('l', 'm', '在3号楼东侧加装电梯', 't0');

describe('consensus ladder', () => {
  it('counts the temperature check, one position per person, the latest wins', () => {
    let l = setPosition(start(), li, 'support', undefined);
    l = setPosition(l, wang, 'reservations', '担心采光');
    l = setPosition(l, li, 'accept', undefined);
    expect(l.counts).toEqual({ support: 0, accept: 1, reservations: 1, oppose: 0 });
    expect(l.positions.find((p) => p.name === '王阿姨')?.reason).toBe('担心采光');
  });

  it('refuses an objection without a reason, and keeps every objection raised', () => {
    expect(() => setPosition(start(), zhao, 'oppose', '  ')).toThrow(/reason/);
    const l = setPosition(start(), zhao, 'oppose', '一楼采光受影响');
    expect(l.objections).toHaveLength(1);
    expect(strongestDecision(l)).toBe('not_reached');
  });

  it('keeps each revision, asks everyone again, but remembers old objections', () => {
    let l = setPosition(start(), zhao, 'oppose', '一楼采光受影响');
    l = revise(l, '在3号楼东侧加装电梯，一楼住户获得补偿', 't1');
    expect(l.versions.map((v) => v.text)).toHaveLength(2);
    expect(l.positions).toEqual([]);
    expect(l.objections[0]).toMatchObject({ name: '赵奶奶', version: 0 });
    l = setPosition(l, zhao, 'reservations', '补偿标准待定');
    l = setPosition(l, li, 'support', undefined);
    expect(strongestDecision(l)).toBe('consensus_with_reservations');
  });

  it('never records more agreement than the positions allow, and lists the dissent', () => {
    let l = setPosition(start(), li, 'support', undefined);
    l = setPosition(l, wang, 'reservations', '担心采光');
    expect(() => decide(l, 'consensus', 't2')).toThrow(/at most/);
    const decided = decide(l, 'consensus_with_reservations', 't2');
    expect(decided.status).toBe('decided');
    expect(decided.dissent.map((d) => d.name)).toEqual(['王阿姨']);
    expect(() => setPosition(decided, zhao, 'support', undefined)).toThrow(/decided/);
    expect(() => revise(decided, 'x', 't3')).toThrow(/decided/);
    expect(decide(setPosition(start(), li, 'support', undefined), 'consensus', 't').decision).toBe(
      'consensus',
    );
    // With nobody asked there is no consensus to claim.
    expect(strongestDecision(start())).toBe('not_reached');
  });

  it('is rendered in the record with revisions, decision and dissent', () => {
    let l = setPosition(start(), zhao, 'oppose', '一楼采光受影响');
    l = revise(l, '加装电梯并补偿一楼', 't1');
    l = setPosition(l, zhao, 'reservations', '补偿标准待定');
    const lines = ladderLines(decide(l, 'consensus_with_reservations', 't2'));
    expect(lines[0]).toBe('加装电梯并补偿一楼（第 2 稿）');
    expect(lines.join('\n')).toContain('协商结果：有保留地达成共识');
    expect(lines.join('\n')).toContain('赵奶奶（有保留：补偿标准待定）');
    expect(lines.join('\n')).toContain('赵奶奶（第 1 稿）：一楼采光受影响');
  });
});
