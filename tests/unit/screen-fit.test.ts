import { describe, expect, it } from 'vitest';
import { fitSteps } from '../../client/src/lib/fit';

describe('hall screen fit steps', () => {
  it('steps down 5 % at a time from the largest size and ends exactly on the floor', () => {
    const steps = fitSteps(40, 32);
    expect(steps[0]).toBe(40);
    expect(steps.at(-1)).toBe(32);
    expect(Math.min(...steps)).toBe(32);
    for (let i = 1; i < steps.length - 1; i += 1) {
      expect(steps[i]! / steps[i - 1]!).toBeCloseTo(0.95, 2);
    }
  });

  it('scales the floor with the screen: 32 px at 1080p is 21.33 px at 720p', () => {
    const floor = (32 * 720) / 1080;
    expect(fitSteps((40 * 720) / 1080, floor).at(-1)).toBeCloseTo(21.33, 2);
    // A floor above the start never goes below the floor.
    expect(fitSteps(20, 32)).toEqual([32]);
  });
});
