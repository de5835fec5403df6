import { describe, expect, it } from 'vitest';
import { valueAxis } from './compareAxis';

describe('compare value axis', () => {
  it('hugs the data with round bounds instead of starting at 0', () => {
    const a = valueAxis(0.52, 0.67, 0.52, false);
    expect(a.domain).toEqual([0.5, 0.7]);
    expect(a.ticks).toEqual([0.5, 0.55, 0.6, 0.65, 0.7]);
  });

  it('covers negative differences', () => {
    const a = valueAxis(-0.3, 0.1, 0.1, false);
    expect(a.domain[0]).toBeLessThanOrEqual(-0.3);
    expect(a.domain[1]).toBeGreaterThanOrEqual(0.1);
    expect(a.ticks).toContain(0);
  });

  it('gives a flat line a range around its value', () => {
    const a = valueAxis(0.01, 0.01, 0.01, false);
    expect(a.domain[0]).toBeLessThan(0.01);
    expect(a.domain[1]).toBeGreaterThan(0.01);
  });

  it('uses whole decades on a log axis, and falls back to linear without positive values', () => {
    expect(valueAxis(0.02, 3, 0.02, true)).toEqual({
      domain: [0.01, 10],
      ticks: [0.01, 0.1, 1, 10],
      log: true,
    });
    expect(valueAxis(-2, -1, Infinity, true).log).toBe(false);
  });
});
