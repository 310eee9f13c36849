import { describe, expect, it } from 'vitest';
import { isOpen, nextPhase } from '../../server/meetings/phase';
import { applyTimer, elapsedMs, idleTimer } from '../../server/meetings/timer';

describe('meeting phases', () => {
  it('moves scheduled → live → closed and nowhere else', () => {
    expect(nextPhase('scheduled', 'start')).toBe('live');
    expect(nextPhase('live', 'close')).toBe('closed');
    expect(nextPhase('scheduled', 'close')).toBe('closed');
    expect(nextPhase('live', 'start')).toBeNull();
    expect(nextPhase('closed', 'start')).toBeNull();
    expect(nextPhase('closed', 'close')).toBeNull();
  });

  it('is open until closed', () => {
    expect(isOpen('scheduled')).toBe(true);
    expect(isOpen('live')).toBe(true);
    expect(isOpen('closed')).toBe(false);
  });
});

describe('timer', () => {
  it('accumulates running time across pauses', () => {
    let t = applyTimer(idleTimer(600), 'start', 1_000);
    expect(elapsedMs(t, 4_000)).toBe(3_000);
    t = applyTimer(t, 'pause', 4_000);
    expect(t.runningSince).toBeNull();
    expect(elapsedMs(t, 99_000)).toBe(3_000);
    t = applyTimer(t, 'start', 10_000);
    expect(elapsedMs(t, 12_500)).toBe(5_500);
  });

  it('a second start keeps the original start', () => {
    const t = applyTimer(applyTimer(idleTimer(60), 'start', 1_000), 'start', 5_000);
    expect(t.runningSince).toBe(1_000);
  });

  it('reset clears elapsed time and may set a new duration', () => {
    const t = applyTimer(applyTimer(idleTimer(60), 'start', 0), 'reset', 9_000, 300);
    expect(t).toEqual({ durationSec: 300, runningSince: null, elapsedMs: 0 });
  });
});
