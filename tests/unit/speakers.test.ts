import { describe, expect, it } from 'vitest';
import { emptySpeakers, type SpeakerEntry } from '../../shared/protocol';
import { micPolicy, mayConsume } from '../../server/audio/policy';
import * as Q from '../../server/speakers/queue';

const entry = (id: string, participantId: string | null, raisedAt = 0): SpeakerEntry => ({
  id,
  participantId,
  name: id,
  origin: participantId ? 'room' : 'hall',
  raisedAt,
});

describe('speakers’ queue', () => {
  it('is first come first served, one place per participant', () => {
    let s = emptySpeakers(120);
    s = Q.raise(s, entry('a', 'p1', 1));
    s = Q.raise(s, entry('b', null, 2));
    s = Q.raise(s, entry('c', 'p2', 3));
    const same = Q.raise(s, entry('d', 'p1', 4));
    expect(same).toBe(s);
    expect(s.queue.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(Q.lower(s, 'p2').queue.map((e) => e.id)).toEqual(['a', 'b']);
    expect(Q.lower(s, 'nobody')).toBe(s);
  });

  it('reorders and skips', () => {
    let s = emptySpeakers();
    for (const id of ['a', 'b', 'c']) s = Q.raise(s, entry(id, id));
    expect(Q.move(s, 'c', 0).queue.map((e) => e.id)).toEqual(['c', 'a', 'b']);
    expect(Q.move(s, 'a', 99).queue.map((e) => e.id)).toEqual(['b', 'c', 'a']);
    expect(Q.remove(s, 'b').queue.map((e) => e.id)).toEqual(['a', 'c']);
    expect(Q.move(s, 'zz', 0)).toBe(s);
  });

  it('gives the floor to the first in line or to a chosen one, with a countdown', () => {
    let s = emptySpeakers(60);
    expect(Q.giveFloor(s, 0)).toBe(s);
    for (const id of ['a', 'b']) s = Q.raise(s, entry(id, `p-${id}`));
    const first = Q.giveFloor(s, 1_000);
    expect(first.floor?.entry.id).toBe('a');
    expect(first.queue.map((e) => e.id)).toEqual(['b']);
    expect(Q.floorHolder(first)).toBe('p-a');
    expect(Q.floorRemainingMs(first, 31_000)).toBe(30_000);
    expect(Q.floorRemainingMs(first, 71_000)).toBe(-10_000);
    // A raised hand from the floor holder is not queued twice.
    expect(Q.raise(first, entry('x', 'p-a'))).toBe(first);
    const chosen = Q.giveFloor(first, 2_000, 'b');
    expect(chosen.floor?.entry.id).toBe('b');
    expect(chosen.queue).toEqual([]);
    const taken = Q.takeFloor(chosen);
    expect(taken.floor).toBeNull();
    expect(Q.takeFloor(taken)).toBe(taken);
    expect(Q.floorRemainingMs(taken, 0)).toBeNull();
  });

  it('restores from stored JSON, tolerating old or broken rows', () => {
    const s = Q.giveFloor(Q.raise(emptySpeakers(90), entry('a', 'p')), 5);
    expect(Q.parseSpeakers(JSON.stringify(s))).toEqual(s);
    expect(Q.parseSpeakers('{}')).toEqual(emptySpeakers());
    expect(Q.parseSpeakers('not json')).toEqual(emptySpeakers());
  });
});

describe('who may open a microphone', () => {
  const open = { floorOnly: false, muted: new Set<string>(), floorHolder: null };
  it('keeps phones in the room closed unless they hold the floor, and silent always', () => {
    expect(micPolicy('room', 'p', open)).toEqual({ canProduce: false, reason: 'inRoom' });
    expect(micPolicy('room', 'p', { ...open, floorHolder: 'p' }).canProduce).toBe(true);
    expect(mayConsume('room')).toBe(false);
    expect(mayConsume('remote')).toBe(true);
  });
  it('lets remote members speak unless muted or mute-all; the floor overrides both', () => {
    expect(micPolicy('remote', 'r', open).canProduce).toBe(true);
    expect(micPolicy('remote', 'r', { ...open, floorOnly: true }).reason).toBe('floorOnly');
    expect(micPolicy('remote', 'r', { ...open, muted: new Set(['r']) }).reason).toBe('muted');
    expect(
      micPolicy('remote', 'r', { ...open, floorOnly: true, floorHolder: 'r' }).canProduce,
    ).toBe(true);
  });
  it('never closes the hall device', () => {
    expect(micPolicy('hall', null, { ...open, floorOnly: true }).canProduce).toBe(true);
  });
});
