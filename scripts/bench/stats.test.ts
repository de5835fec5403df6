import { describe, expect, it } from 'vitest';
import { median, minMax, pairedRatios, planWindows, ratio } from './stats';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('ratios', () => {
  it('never returns Infinity', () => {
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(NaN, 2)).toBeNaN();
    expect(ratio(3, 2)).toBe(1.5);
  });
  it('pairs rounds by index and drops pairs that are not finite', () => {
    expect(pairedRatios([2, 4, 6], [1, 0, 3, 9])).toEqual([2, 2]);
  });
  it('gives the range of a series', () => {
    expect(minMax([2, 5, 1])).toEqual([1, 5]);
    expect(minMax([])).toBeNull();
  });
});

describe('planWindows', () => {
  const base = { recordEvery: 10, period: 100, targetWindowS: 2, budgetS: 60, maxRounds: 5 };

  it('uses whole cost periods when the typical variant does one in the target time', () => {
    const p = planWindows({ ...base, probeRates: [300, 400, 500] });
    expect(p.steps).toBe(800);
    expect(p.wholePeriods).toBe(true);
    expect(p.note).toBeNull();
  });

  it('stretches windows to one whole period when two rounds of them fit the budget', () => {
    // 100 steps at 25 steps/s: 3 × 4 s = 12 s per round, two rounds fit 60 s.
    expect(planWindows({ ...base, probeRates: [20, 25, 30] })).toMatchObject({ steps: 100, wholePeriods: true });
  });

  it('falls back to whole record intervals, and says the lab figure is then an upper bound', () => {
    const p = planWindows({ ...base, budgetS: 20, probeRates: [20, 25, 30] });
    expect(p.steps).toBe(50);
    expect(p.wholePeriods).toBe(false);
    expect(p.note).toMatch(/upper bound/);
  });

  it('never plans less than one record interval, nor fewer than one round', () => {
    const p = planWindows({ ...base, probeRates: [0.1, 0.1, 0.1] });
    expect(p.steps).toBe(10);
    expect(p.rounds).toBe(1);
    expect(p.note).toMatch(/1 of 5 rounds/);
  });

  it('fits the rounds into the budget', () => {
    // 3 variants × 100 steps at 100 steps/s = 3 s per round; 10 s allows 3 rounds.
    const p = planWindows({ ...base, budgetS: 10, targetWindowS: 1, probeRates: [100, 100, 100] });
    expect(p).toMatchObject({ steps: 100, rounds: 3 });
  });

  it('takes a fixed window rounded up to whole records', () => {
    expect(planWindows({ ...base, fixedSteps: 25, probeRates: [1000] }).steps).toBe(30);
  });

  it('is not shrunk by one variant slowed by a load spike', () => {
    expect(planWindows({ ...base, probeRates: [5, 300, 320] }).steps).toBe(600);
  });
});
