import { describe, expect, it } from 'vitest';
import { DomainEvent, EVENT_KINDS, type EventKind } from '../../shared/events';
import { faultSeam } from '../../server/events/faults';

const counts = { agree: 3, oppose: 1, abstain: 0 };

/** One realistic event per kind, shaped as the server appends it. */
const SAMPLES: { [K in EventKind]: Extract<DomainEvent, { kind: K }>['data'] } = {
  'meeting.started': { from: 'scheduled' },
  'meeting.closed': { from: 'live' },
  'minutes.frozen': { digest: 'a'.repeat(64) },
  'item.changed': { itemId: 'item-0001', title: '电梯选址' },
  'settings.changed': { admission: 'roster', recordAccess: 'staff', timerWithItem: true },
  'staff.changed': { staff: [{ name: '王主任', role: 'facilitator' }] },
  'roster.added': {
    entries: [
      {
        participantId: 'p-000001',
        name: '李大爷',
        role: 'resident',
        kind: 'roster',
        attendance: 'room',
        onLeave: false,
        present: true,
      },
    ],
  },
  'roster.removed': { participantId: 'p-000001', participant: '李大爷' },
  'participant.changed': {
    participantId: 'p-000001',
    participant: '李大爷',
    role: 'member',
    attendance: 'remote',
    onLeave: false,
    present: true,
    was: { name: '李大爷', role: 'resident', attendance: 'room', onLeave: false, present: true },
  },
  'participant.checkedIn': { participantId: 'p-000001', participant: '李大爷', attendance: 'room' },
  'link.reissued': { participantId: 'p-000001', participant: '李大爷' },
  'record.signed': { headHash: 'b'.repeat(64), digest: 'c'.repeat(64), fingerprint: 'ab12 cd34' },
  'vote.opened': {
    voteId: 'v-000001',
    proposal: '选一个位置',
    rule: 'simple_majority',
    secret: false,
    quorum: 0.5,
    eligible: 12,
    kind: 'single',
    options: ['东侧', '西侧'],
    maxChoices: 1,
  },
  'quorum.set': { quorum: 0.5 },
  'ballots.received': { voteId: 'v-000001', count: 40 },
  'ballot.assisted': { voteId: 'v-000001', voter: '张奶奶', by: '王主任', witness: '李大爷' },
  'ballot.proxy': { voteId: 'v-000001', voter: '张奶奶', by: '李大爷', witness: null },
  'ballot.proxyReplaced': { voteId: 'v-000001', voter: '张奶奶', holder: '李大爷' },
  'hall.entered': { voteId: 'v-000001', entryId: 1, counts, by: 'teller', correction: false },
  'hall.confirmed': { voteId: 'v-000001', entryId: 1, counts, by: 'admin' },
  'vote.closed': {
    voteId: 'v-000001',
    outcome: 'passed',
    tally: {
      byChannel: { room: counts, remote: counts, hall: counts },
      totals: counts,
      cast: 4,
      eligible: 12,
    },
    closedBy: 'meetingClose',
  },
  'mandate.registered': { grantor: '张奶奶', holder: '李大爷', holderId: 'p-000001' },
  'ladder.opened': { ladderId: 'l-000001', text: '东侧加装' },
  'ladder.position': { ladderId: 'l-000001', name: '李大爷', level: 'support', reason: null },
  'ladder.revised': { ladderId: 'l-000001', text: '东侧加装，费用按楼层' },
  'ladder.decided': { ladderId: 'l-000001', decision: 'consensus' },
  'pulse.kept': {
    pulseId: 'pu-000001',
    question: '大家觉得呢？',
    agendaItemTitle: null,
    scale: 'cards',
    counts: [{ answer: 'up', phones: 3, hall: 2 }],
    phones: 3,
    hall: 2,
    openedAt: '2026-11-22T09:00:00.000Z',
    closedAt: '2026-11-22T09:01:00.000Z',
  },
};

describe('domain events', () => {
  it.each(EVENT_KINDS)('%s round-trips its schema', (kind) => {
    const event = { kind, data: SAMPLES[kind] } as DomainEvent;
    const parsed = DomainEvent.parse(JSON.parse(JSON.stringify(event)));
    expect(parsed).toEqual(event);
  });

  it('covers every kind in the union, and refuses unknown kinds and stray fields', () => {
    expect(new Set(DomainEvent.options.map((o) => o.shape.kind.value))).toEqual(
      new Set(EVENT_KINDS),
    );
    expect(DomainEvent.safeParse({ kind: 'vote.hacked', data: {} }).success).toBe(false);
    const stray = { kind: 'quorum.set', data: { quorum: 0.5, by: 'someone' } };
    expect(DomainEvent.safeParse(stray).success).toBe(false);
    const untyped = { kind: 'ballots.received', data: { voteId: 'v', count: '40' } };
    expect(DomainEvent.safeParse(untyped).success).toBe(false);
  });
});

describe('the test-fault seam', () => {
  it('is refused without the explicit test flag', () => {
    const faults = 'crash-after-commit:meeting.closed';
    expect(() => faultSeam({ YUANBA_TEST_FAULTS: faults, YUANBA_TEST: false })).toThrow(
      /tests only/,
    );
    expect(() =>
      faultSeam({ YUANBA_TEST_FAULTS: 'crash-after-commit:nope', YUANBA_TEST: true }),
    ).toThrow(/expected crash-after-commit/);
    // Unset: nothing happens after any commit.
    expect(() => faultSeam({ YUANBA_TEST: true })([])).not.toThrow();
  });
});
