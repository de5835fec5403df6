import { describe, expect, it } from 'vitest';
import { aggregate, meanSeries, spreadOf } from './compareAggregate';

describe('spread of seed values', () => {
  it('mean, sample sd, min and max of [1, 2, 3, 4]', () => {
    const s = spreadOf([1, 2, 3, 4]);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    // Σ(x − 2.5)² = 5, over n − 1 = 3.
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect([s.min, s.max]).toEqual([1, 4]);
    expect(s.nonFinite).toBe(0);
  });

  it('leaves NaN and ±∞ out and counts them', () => {
    const s = spreadOf([2, NaN, 4, Infinity, -Infinity]);
    expect(s.n).toBe(2);
    expect(s.nonFinite).toBe(3);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.SQRT2, 12);
  });

  it('one value has no sd; no values have no statistics', () => {
    const one = spreadOf([0.7]);
    expect(one.mean).toBe(0.7);
    expect(Number.isNaN(one.sd)).toBe(true);
    expect([one.min, one.max]).toEqual([0.7, 0.7]);
    const none = spreadOf([NaN]);
    expect(none.n).toBe(0);
    expect(Number.isNaN(none.mean)).toBe(true);
  });
});

describe('aggregate over seeds step by step', () => {
  // Seed A recorded steps 0, 10, 20; seed B 0, 20, 30 and diverged at 20.
  const a = { steps: [0, 10, 20], values: [1, 2, 3] };
  const b = { steps: [0, 20, 30], values: [3, NaN, 5] };
  const agg = aggregate([a, b]);

  it('covers the union of steps', () => {
    expect(agg.steps).toEqual([0, 10, 20, 30]);
  });

  it('takes a step over the seeds that recorded it, and says how many', () => {
    const [s0, s10, s20, s30] = agg.spreads;
    expect([s0!.mean, s0!.min, s0!.max, s0!.n]).toEqual([2, 1, 3, 2]);
    expect(s0!.sd).toBeCloseTo(Math.SQRT2, 12);
    expect([s10!.mean, s10!.n]).toEqual([2, 1]); // B lacks step 10
    expect([s20!.mean, s20!.n, s20!.nonFinite]).toEqual([3, 1, 1]); // B's NaN left out
    expect([s30!.mean, s30!.n]).toEqual([5, 1]);
  });

  it('the mean series is NaN where no seed has a finite value', () => {
    const all = aggregate([a, { steps: [40], values: [NaN] }]);
    const m = meanSeries(all);
    expect(m.steps).toEqual([0, 10, 20, 40]);
    expect(m.values.slice(0, 3)).toEqual([1, 2, 3]);
    expect(Number.isNaN(m.values[3])).toBe(true);
  });
});
