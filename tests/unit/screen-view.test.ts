import { describe, expect, it } from 'vitest';
import type { Ladder, PulseState, ScreenState, SpeakerEntry, Vote } from '../../shared/protocol';
import { resolveScreen, type ScreenInput } from '../../shared/screen-view';

const T0 = '2026-11-30T10:00:00.000Z';
const T1 = '2026-11-30T10:10:00.000Z';
const T2 = '2026-11-30T10:20:00.000Z';
const T3 = '2026-11-30T10:30:00.000Z';

const agenda = [
  { id: 'item-aaaa1', title: 'Budget', durationMin: 10, notes: '' },
  { id: 'item-bbbb2', title: 'Road', durationMin: 5, notes: '' },
];

function vote(over: Partial<Vote> = {}): Vote {
  return {
    id: 'vote-aaaa1',
    meetingId: 'meet-aaaa1',
    agendaItemId: 'item-aaaa1',
    proposal: 'Fix the road',
    rule: 'simple',
    secret: false,
    status: 'open',
    openedAt: T0,
    closedAt: null,
    outcome: null,
    tally: { hidden: true, cast: 0, eligible: 6, voters: { room: 0, remote: 0, hall: 0 } },
    ...over,
  } as Vote;
}

function ladder(over: Partial<Ladder> = {}): Ladder {
  return {
    id: 'ladder-aaa1',
    meetingId: 'meet-aaaa1',
    status: 'open',
    versions: [{ text: 'Plant trees', at: T0 }],
    positions: [],
    counts: {} as Ladder['counts'],
    objections: [],
    decision: null,
    dissent: [],
    openedAt: T0,
    decidedAt: null,
    ...over,
  };
}

function pulse(over: Partial<PulseState> = {}): PulseState {
  return {
    id: 'pulse-aaa1',
    scale: 'cards',
    question: null,
    status: 'open',
    counts: [],
    phones: 0,
    hall: 0,
    openedAt: T1,
    closedAt: null,
    ...over,
  };
}

function input(
  state: Partial<Omit<ScreenInput['state'], 'screen'>> & { screen?: Partial<ScreenState> } = {},
  extra: Partial<Omit<ScreenInput, 'state'>> = {},
): ScreenInput {
  const { screen, ...rest } = state;
  return {
    state: {
      phase: 'live',
      agenda,
      currentItemId: 'item-aaaa1',
      vote: null,
      speakers: { queue: [], floor: null, speakingSec: 120 },
      pulse: null,
      ...rest,
      screen: { mode: 'auto', pinned: null, itemSince: T0, ...screen },
    },
    ladder: null,
    ...extra,
  };
}

const kind = (i: ScreenInput) => resolveScreen(i).view.kind;

describe('hall screen resolver: automatic', () => {
  it('welcomes before the start and closes after the end', () => {
    expect(kind(input({ phase: 'scheduled' }))).toBe('welcome');
    expect(kind(input({ phase: 'closed', vote: vote({ status: 'closed', closedAt: T1 }) }))).toBe(
      'closed',
    );
  });

  it('puts an open vote first, then a temperature check, then an open ladder', () => {
    const open = { vote: vote() };
    expect(kind(input({ ...open, pulse: pulse() }, { ladder: ladder() }))).toBe('vote');
    expect(kind(input({ pulse: pulse() }, { ladder: ladder() }))).toBe('pulse');
    expect(kind(input({}, { ladder: ladder() }))).toBe('ladder');
  });

  it('keeps a closed temperature check on screen until the next decision or item', () => {
    const closedPulse = pulse({ status: 'closed', closedAt: T2 });
    const closedVote = vote({ status: 'closed', closedAt: T1 });
    expect(kind(input({ vote: closedVote, pulse: closedPulse }))).toBe('pulse');
    // A vote closed after the check is newer: its result shows.
    const later = vote({ status: 'closed', closedAt: T3 });
    expect(kind(input({ vote: later, pulse: closedPulse }))).toBe('result');
    // The next item: neither lingers.
    const moved = { currentItemId: 'item-bbbb2', screen: { itemSince: T3 } };
    expect(kind(input({ ...moved, vote: closedVote, pulse: closedPulse }))).toBe('item');
    // Directed, it shows whether open or closed.
    expect(
      kind(input({ ...moved, pulse: closedPulse, screen: { mode: 'pulse', itemSince: T3 } })),
    ).toBe('pulse');
  });

  it('shows a result decided on the current item, never one left from an earlier item', () => {
    const closed = vote({ status: 'closed', closedAt: T1 });
    expect(resolveScreen(input({ vote: closed })).view).toEqual({ kind: 'result', vote: closed });
    // Moved on to the next item: the old result is gone.
    const moved = input({ vote: closed, currentItemId: 'item-bbbb2', screen: { itemSince: T2 } });
    expect(kind(moved)).toBe('item');
    // Back to the same item later: what was decided before the revisit is stale too.
    expect(kind(input({ vote: closed, screen: { itemSince: T2 } }))).toBe('item');
  });

  it('shows a ladder decision, and it replaces an older vote result', () => {
    const closed = vote({ status: 'closed', closedAt: T1 });
    const decided = ladder({
      status: 'decided',
      decision: 'consensus',
      decidedAt: T2,
    } as Partial<Ladder>);
    expect(resolveScreen(input({ vote: closed }, { ladder: decided })).view).toEqual({
      kind: 'ladder',
      ladder: decided,
    });
    const later = vote({ status: 'closed', closedAt: T3 });
    expect(kind(input({ vote: later }, { ladder: decided }))).toBe('result');
    // A decision taken before the current item was set is stale.
    expect(kind(input({ screen: { itemSince: T3 } }, { ladder: decided }))).toBe('item');
  });

  it('shows the item with the queue when people wait to speak, the agenda without an item', () => {
    const entry = { id: 'entry-aaa1', name: 'Li', origin: 'room' } as SpeakerEntry;
    const queued = input({ speakers: { queue: [entry], floor: null, speakingSec: 120 } });
    expect(resolveScreen(queued).view).toEqual({ kind: 'item', queue: true });
    expect(resolveScreen(input()).view).toEqual({ kind: 'item', queue: false });
    expect(kind(input({ currentItemId: null }))).toBe('agenda');
  });
});

describe('hall screen resolver: directed', () => {
  it('follows the facilitator when the choice is possible', () => {
    expect(kind(input({ screen: { mode: 'blank' } }))).toBe('blank');
    expect(kind(input({ screen: { mode: 'agenda' } }))).toBe('agenda');
    expect(kind(input({ screen: { mode: 'welcome' } }))).toBe('welcome');
    expect(kind(input({ screen: { mode: 'queue' } }))).toBe('queue');
    expect(kind(input({ vote: vote(), screen: { mode: 'item' } }))).toBe('item');
    expect(resolveScreen(input({ screen: { mode: 'blank' } })).honoured).toBe(true);
  });

  it('falls back to automatic when the choice is impossible, and says so', () => {
    const noVote = resolveScreen(input({ screen: { mode: 'vote' } }));
    expect(noVote.view.kind).toBe('item');
    expect(noVote.honoured).toBe(false);
    expect(kind(input({ screen: { mode: 'ladder' } }))).toBe('item');
    expect(kind(input({ screen: { mode: 'pulse' } }))).toBe('item');
    expect(kind(input({ screen: { mode: 'result' } }))).toBe('item');
    expect(kind(input({ agenda: [], currentItemId: null, screen: { mode: 'agenda' } }))).toBe(
      'item',
    );
  });

  it('never shows how to join after close', () => {
    expect(kind(input({ phase: 'closed', screen: { mode: 'welcome' } }))).toBe('closed');
    expect(kind(input({ phase: 'closed', screen: { mode: 'queue' } }))).toBe('closed');
    expect(kind(input({ phase: 'closed', screen: { mode: 'blank' } }))).toBe('blank');
  });

  it('shows a pinned result of an earlier vote, or the latest result when none is named', () => {
    const old = vote({ id: 'vote-old01', status: 'closed', closedAt: T0 });
    const last = vote({ status: 'closed', closedAt: T1, agendaItemId: 'item-bbbb2' });
    const pinned = input({ vote: last, screen: { mode: 'result', voteId: old.id, pinned: old } });
    expect(resolveScreen(pinned).view).toEqual({ kind: 'result', vote: old });
    // Directed, a result from an earlier item is what the facilitator asked for.
    expect(resolveScreen(input({ vote: last, screen: { mode: 'result' } })).view).toEqual({
      kind: 'result',
      vote: last,
    });
    const unknown = input({ vote: last, screen: { mode: 'result', voteId: 'vote-nope1' } });
    expect(resolveScreen(unknown).honoured).toBe(false);
  });

  it('keeps a directed vote on screen as its result once it closes', () => {
    const closed = vote({ status: 'closed', closedAt: T1 });
    expect(kind(input({ vote: closed, screen: { mode: 'vote' } }))).toBe('result');
  });
});
