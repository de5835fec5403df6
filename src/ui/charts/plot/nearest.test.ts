import { describe, expect, it } from 'vitest';
import { nearestIndex, stepIndex } from './nearest';

describe('nearestIndex', () => {
  const xs = [10, 20, 40, 80];

  it('finds the closest point', () => {
    expect(nearestIndex(xs, 19)).toBe(1);
    expect(nearestIndex(xs, 29)).toBe(1);
    expect(nearestIndex(xs, 31)).toBe(2);
    expect(nearestIndex(xs, 79)).toBe(3);
  });

  it('clamps to the ends outside the points', () => {
    expect(nearestIndex(xs, -100)).toBe(0);
    expect(nearestIndex(xs, 1e9)).toBe(3);
  });

  it('takes the earlier point on a tie and hits exact positions', () => {
    expect(nearestIndex(xs, 30)).toBe(1);
    expect(nearestIndex(xs, 40)).toBe(2);
  });

  it('works on one point and says -1 for none or for NaN', () => {
    expect(nearestIndex([5], 100)).toBe(0);
    expect(nearestIndex([], 3)).toBe(-1);
    expect(nearestIndex(xs, Number.NaN)).toBe(-1);
  });

  it('agrees with a linear scan on many points', () => {
    const many = Array.from({ length: 200 }, (_, i) => i * 3 + (i % 3) * 0.5);
    for (let x = -5; x < 620; x += 1.7) {
      let best = 0;
      for (let i = 1; i < many.length; i++)
        if (Math.abs(many[i]! - x) < Math.abs(many[best]! - x)) best = i;
      expect(nearestIndex(many, x)).toBe(best);
    }
  });
});

describe('stepIndex (keyboard)', () => {
  it('starts at the newest point, then moves within range', () => {
    expect(stepIndex(null, -1, 5)).toBe(4);
    expect(stepIndex(4, -1, 5)).toBe(3);
    expect(stepIndex(4, 1, 5)).toBe(4);
    expect(stepIndex(0, -1, 5)).toBe(0);
    expect(stepIndex(2, -Infinity, 5)).toBe(0);
    expect(stepIndex(2, Infinity, 5)).toBe(4);
    expect(stepIndex(null, 1, 0)).toBeNull();
  });
});
