import { describe, expect, it } from 'vitest';
import { appendRows, emptySeries, MAX_CHART_POINTS, thinRows } from './series';

const rows = (from: number, to: number, every = 1) =>
  Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => ({
    step: from + i * every,
  }));

describe('appendRows', () => {
  it('keeps every row while under the bound', () => {
    const s = appendRows(emptySeries(), rows(1, 50));
    expect(s.rows.map((r) => r.step)).toEqual(rows(1, 50).map((r) => r.step));
    expect(s.stride).toBe(1);
  });

  it('stays bounded over a long run, keeps the first and the newest row, and stays sorted', () => {
    let s = emptySeries<{ step: number }>();
    for (let b = 0; b < 500; b++) s = appendRows(s, rows(b * 100 + 10, b * 100 + 100, 10));
    expect(s.rows.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(s.rows.length).toBeGreaterThan(MAX_CHART_POINTS / 4);
    expect(s.rows[0]!.step).toBe(10);
    expect(s.rows.at(-1)!.step).toBe(50_000);
    for (let i = 1; i < s.rows.length; i++)
      expect(s.rows[i]!.step).toBeGreaterThan(s.rows[i - 1]!.step);
  });

  it('spaces kept rows roughly evenly after thinning', () => {
    let s = emptySeries<{ step: number }>();
    for (let step = 1; step <= 10_000; step++) s = appendRows(s, [{ step }], 100);
    const gaps = s.rows.slice(1, -1).map((r, i) => r.step - s.rows[i]!.step);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * s.stride);
    expect(s.rows.length).toBeLessThanOrEqual(100);
  });

  it('does not mutate its input', () => {
    const s = appendRows(emptySeries(), rows(1, 5));
    const before = s.rows.slice();
    appendRows(s, rows(6, 10));
    expect(s.rows).toEqual(before);
  });
});

describe('thinRows', () => {
  it('returns at most max rows, first and last included', () => {
    const r = rows(1, 1000);
    const t = thinRows(r, 50);
    expect(t.length).toBe(50);
    expect(t[0]).toBe(r[0]);
    expect(t.at(-1)).toBe(r.at(-1));
    expect(thinRows(r.slice(0, 10), 50)).toHaveLength(10);
  });
});
