import { describe, expect, it } from 'vitest';
import { isEmptyDelta, SentBaseline } from '../../server/realtime/sent-baseline';

const entries = (o: Record<string, unknown>): [string, unknown][] => Object.entries(o);
const changedKeys = (b: SentBaseline, o: Record<string, unknown>) =>
  b.changes(entries(o)).changed.map((c) => c.key);

describe('SentBaseline: what a delta must carry', () => {
  it('starts from the first snapshot and then carries only what changed', () => {
    const b = new SentBaseline();
    expect(b.ready).toBe(false);
    b.noteSnapshot(entries({ a: 1, b: { x: 1 }, c: null }));
    expect(b.ready).toBe(true);
    expect(isEmptyDelta(b.changes(entries({ a: 1, b: { x: 1 }, c: null })))).toBe(true);
    const delta = b.changes(entries({ a: 1, b: { x: 2 }, c: null }));
    expect(delta.changed.map((c) => [c.key, c.value])).toEqual([['b', { x: 2 }]]);
    // Not accepted: the same change is still pending; accepted: it is the baseline.
    expect(changedKeys(b, { a: 1, b: { x: 2 }, c: null })).toEqual(['b']);
    b.accept(delta);
    expect(changedKeys(b, { a: 1, b: { x: 2 }, c: null })).toEqual([]);
  });

  it('a newer snapshot given to one client forces its differing keys into the next delta', () => {
    const b = new SentBaseline();
    b.noteSnapshot(entries({ a: 1, b: 1 }));
    // A client connects while `a` is 2 (not yet broadcast); `a` goes back to 1 before the
    // flush: without forcing, the delta would be empty and that client would keep 2.
    b.noteSnapshot(entries({ a: 2, b: 1 }));
    const delta = b.changes(entries({ a: 1, b: 1 }));
    expect(delta.changed.map((c) => [c.key, c.value])).toEqual([['a', 1]]);
    b.accept(delta);
    expect(isEmptyDelta(b.changes(entries({ a: 1, b: 1 })))).toBe(true);
  });

  it('reports removed keys, also a key only a newer snapshot had', () => {
    const b = new SentBaseline();
    b.noteSnapshot(entries({ p1: 'x', p2: 'y' }));
    b.noteSnapshot(entries({ p1: 'x', p2: 'y', p3: 'z' }));
    const delta = b.changes(entries({ p1: 'x' }));
    expect(delta.changed).toEqual([]);
    expect(delta.removed.sort()).toEqual(['p2', 'p3']);
    b.accept(delta);
    expect(isEmptyDelta(b.changes(entries({ p1: 'x' })))).toBe(true);
  });

  it('keeps the order of the entries for new keys, and starts over after reset', () => {
    const b = new SentBaseline();
    b.noteSnapshot(entries({ a: 1 }));
    expect(changedKeys(b, { a: 1, c: 3, b: 2 })).toEqual(['c', 'b']);
    b.reset();
    expect(b.ready).toBe(false);
    b.noteSnapshot(entries({ z: 1 }));
    expect(changedKeys(b, { z: 1 })).toEqual([]);
  });

  it('sends what its fingerprint sees change, and only that', () => {
    // As phones compare an open vote: by its id and status, not its running tally.
    const b = new SentBaseline((key, value) =>
      key === 'vote' ? String((value as { status: string }).status) : JSON.stringify(value),
    );
    b.noteSnapshot(entries({ vote: { status: 'open', cast: 0 }, online: 1 }));
    expect(changedKeys(b, { vote: { status: 'open', cast: 40 }, online: 1 })).toEqual([]);
    expect(changedKeys(b, { vote: { status: 'open', cast: 41 }, online: 2 })).toEqual(['online']);
    expect(changedKeys(b, { vote: { status: 'closed', cast: 41 }, online: 1 })).toEqual(['vote']);
  });
});
