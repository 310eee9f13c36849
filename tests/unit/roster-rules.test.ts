import { describe, expect, it } from 'vitest';
import {
  checkRosterEdit,
  expectedVoters,
  presentVoters,
  rosterCounts,
} from '../../server/meetings/roster-rules';
import { checkStaff } from '../../server/meetings/staff';
import { WaitingList } from '../../server/meetings/waiting';
import { hallCap } from '../../server/voting/rules';
import type { Participant } from '../../shared/protocol';
import { parseRosterText } from '../../shared/protocol/roster-text';

let n = 0;
const entry = (over: Partial<Participant> = {}): Participant => ({
  id: `p${(n += 1)}`,
  meetingId: 'm',
  name: 'x',
  role: 'resident',
  attendance: 'room',
  joinedAt: '',
  online: false,
  kind: 'roster',
  onLeave: false,
  present: false,
  linked: false,
  ...over,
});

describe('quorum and hall cap against the roster', () => {
  const roster = [
    entry(),
    entry({ present: true }),
    entry({ onLeave: true }),
    entry({ role: 'observer', present: true }),
    entry({ kind: 'guest', role: 'observer', present: true }),
    entry({ role: 'member', present: true, attendance: 'remote' }),
  ];

  it('counts 应到 as voting roster entries minus 请假, never guests', () => {
    expect(expectedVoters(roster)).toBe(3);
    expect(rosterCounts(roster)).toEqual({ expected: 4, present: 3, onLeave: 1, guests: 1 });
  });

  it('caps hands at present voters in the room who did not vote electronically', () => {
    expect([...presentVoters(roster)].map((p) => p.attendance)).toEqual(['room', 'remote']);
    expect(hallCap(presentVoters(roster), () => false)).toBe(1);
    // Five thousand joiners who are not on the roster do not move either figure.
    const flood = Array.from({ length: 5000 }, () =>
      entry({ kind: 'guest', role: 'observer', present: true }),
    );
    expect(expectedVoters([...roster, ...flood])).toBe(3);
    expect(hallCap(presentVoters([...roster, ...flood]), () => false)).toBe(1);
  });

  it('locks removal and 请假 while a vote is open, and never removes a bound entry', () => {
    const free = entry();
    expect(() => checkRosterEdit(free, { remove: true }, false)).not.toThrow();
    expect(() => checkRosterEdit(free, { remove: true }, true)).toThrow(/vote is open/);
    expect(() => checkRosterEdit(free, { onLeave: true }, true)).toThrow(/vote is open/);
    expect(() => checkRosterEdit(free, { onLeave: false }, true)).not.toThrow();
    expect(() => checkRosterEdit(entry({ linked: true }), { remove: true }, false)).toThrow(
      /phone/,
    );
  });
});

describe('pasted and imported rosters', () => {
  it('reads names, roles (keys or Chinese labels) and 请假 in tabs, CSV or spaces', () => {
    const text = [
      '姓名,角色,请假',
      '李大爷',
      '王阿姨\t委员',
      '"陈, 建国",official,请假',
      '赵列席  列席',
      '',
      '钱干部，干部',
    ].join('\r\n');
    expect(parseRosterText(text)).toEqual({
      entries: [
        { name: '李大爷', role: 'resident', onLeave: false },
        { name: '王阿姨', role: 'member', onLeave: false },
        { name: '陈, 建国', role: 'official', onLeave: true },
        { name: '赵列席', role: 'observer', onLeave: false },
        { name: '钱干部', role: 'cadre', onLeave: false },
      ],
      rejected: [],
    });
  });

  it('rejects lines with an unknown role or an overlong name, by line number', () => {
    const parsed = parseRosterText(`好人\n坏人,皇帝\n${'长'.repeat(41)}`);
    expect(parsed.entries.map((e) => e.name)).toEqual(['好人']);
    expect(parsed.rejected).toEqual([2, 3]);
  });
});

describe('staff lists', () => {
  const accounts = new Map([
    ['a', { role: 'admin' as const }],
    ['f', { role: 'facilitator' as const }],
    ['r', { role: 'recorder' as const }],
  ]);
  it('keeps a facilitator, refuses recorder accounts as facilitator, drops duplicates', () => {
    expect(() => checkStaff([{ userId: 'r', role: 'teller' }], accounts)).toThrow(/facilitator/);
    expect(() => checkStaff([{ userId: 'r', role: 'facilitator' }], accounts)).toThrow(
      /recorder account/,
    );
    expect(() => checkStaff([{ userId: 'zz', role: 'facilitator' }], accounts)).toThrow();
    expect(
      checkStaff(
        [
          { userId: 'f', role: 'facilitator' },
          { userId: 'r', role: 'teller' },
          { userId: 'r', role: 'teller' },
        ],
        accounts,
      ),
    ).toHaveLength(2);
  });
});

describe('the waiting list at the door', () => {
  it('drops the oldest waiting person when full, and remembers decisions', () => {
    const door = new WaitingList(3, 2);
    const a = door.add('a', 'room', 't1').entry;
    door.add('b', 'room', 't2');
    door.add('c', 'remote', 't3');
    const { entry: d, dropped } = door.add('d', 'room', 't4');
    expect(dropped?.name).toBe('a');
    expect(door.status(a.ticket)).toBeNull();
    expect(door.list().map((w) => w.name)).toEqual(['b', 'c', 'd']);
    door.decide(d, { status: 'refused' });
    expect(door.status(d.ticket)).toEqual({ status: 'refused' });
    expect(door.byId(d.id)).toBeUndefined();
    expect(door.size).toBe(2);
    // Staff never see tickets; ids and tickets differ.
    expect(door.list().every((w) => w.id !== w.ticket)).toBe(true);
  });
});
