import { describe, expect, it } from 'vitest';
import type { HistogramSeries } from '../protocol';
import {
  appendHeatmap,
  binRange,
  columnSpans,
  countShade,
  layerHeatmap,
  type HeatmapHistory,
} from './heatmap';

/** Two layers, 4 bins; column r of layer l covers [lo, hi] given per row. */
function series(steps: number[], ranges: [number, number][], layers = ['a', 'b']): HistogramSeries {
  const L = layers.length;
  return {
    layers,
    bins: 4,
    quantity: 'activation',
    steps: Float64Array.from(steps),
    lo: Float32Array.from({ length: steps.length * L }, (_, k) => ranges[Math.floor(k / L)]![0]),
    hi: Float32Array.from({ length: steps.length * L }, (_, k) => ranges[Math.floor(k / L)]![1]),
    counts: Float32Array.from({ length: steps.length * L * 4 }, (_, k) => k % 4),
  };
}

describe('heatmap history', () => {
  it('puts columns with different ranges on one value axis', () => {
    const h = appendHeatmap(
      null,
      series(
        [10, 20],
        [
          [-1, 1],
          [0, 4],
        ],
      ),
    );
    const view = layerHeatmap(h, 1);
    expect(view.layer).toBe('b');
    expect([view.vmin, view.vmax]).toEqual([-1, 4]);
    expect(view.maxCount).toBe(3);
    expect(view.columns.map((c) => [c.lo, c.hi])).toEqual([
      [-1, 1],
      [0, 4],
    ]);
    // Bin 1 of the second column is [1, 2], not where bin 1 of the first one sits.
    expect(binRange(0, 4, 4, 1)).toEqual([1, 2]);
    expect(binRange(-1, 1, 4, 1)).toEqual([-0.5, 0]);
  });

  it('ignores non-finite ranges for the axis and gives a flat layer a unit-wide one', () => {
    const h = appendHeatmap(
      null,
      series(
        [10, 20],
        [
          [NaN, NaN],
          [2, 2],
        ],
      ),
    );
    const view = layerHeatmap(h, 0);
    expect([view.vmin, view.vmax]).toEqual([1.5, 2.5]);
  });

  it('thins old columns when full and restarts on other layers', () => {
    let h: HeatmapHistory | null = null;
    for (let s = 1; s <= 50; s++) h = appendHeatmap(h, series([s], [[0, 1]]), 20);
    expect(h!.columns.rows.length).toBeLessThanOrEqual(20);
    expect(h!.columns.rows[0]!.step).toBe(1);
    expect(h!.columns.rows.at(-1)!.step).toBe(50);
    const other = appendHeatmap(h, series([51], [[0, 1]], ['c', 'd']));
    expect(other.columns.rows.map((c) => c.step)).toEqual([51]);
  });

  it('shades counts on a log scale and spans columns up to the next one', () => {
    expect(countShade(0, 100)).toBe(0);
    expect(countShade(100, 100)).toBe(1);
    expect(countShade(9, 99)).toBeCloseTo(0.5);
    expect(columnSpans([10, 20, 40])).toEqual([
      [10, 20],
      [20, 40],
      [40, 60],
    ]);
    expect(columnSpans([5])).toEqual([[5, 6]]);
  });
});
