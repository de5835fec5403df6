import { describe, expect, it } from 'vitest';
import { decadeTicks, ticksOf } from '../ticks';
import { labelStride, placeTicks, stepAxisTicks, thinLabels, valueAxisTicks } from './axisTicks';
import { linearScale, logScale } from './scale';
import { textWidth } from './text';

describe('placeTicks', () => {
  it('positions ticks with the scale and labels them', () => {
    const s = linearScale(0, 100, 44, 544);
    expect(placeTicks([0, 50, 100], s, 44, 544)).toEqual([
      { value: 0, pos: 44, label: '0' },
      { value: 50, pos: 294, label: '50' },
      { value: 100, pos: 544, label: '100' },
    ]);
  });

  it('drops ticks outside the plot, keeps those on its edges', () => {
    const s = linearScale(10, 90, 0, 80);
    expect(placeTicks([0, 10, 50, 90, 100], s, 0, 80).map((t) => t.value)).toEqual([10, 50, 90]);
  });

  it('places decades on a log axis (range given top to bottom)', () => {
    const s = logScale(1e-3, 1, 200, 20);
    const ticks = placeTicks(decadeTicks(-3, 0), s, 200, 20);
    expect(ticks.map((t) => t.pos)).toEqual([200, 140, 80, 20].map((p) => expect.closeTo(p, 9)));
    expect(ticks.map((t) => t.label)).toEqual(['1e-3', '0.01', '0.1', '1']);
  });
});

describe('label thinning', () => {
  const at = (positions: number[]) => positions.map((pos, i) => ({ value: i, pos, label: '1000' }));

  it('keeps every label when they fit', () => {
    expect(labelStride(at([0, 100, 200]), () => 30, 6)).toBe(1);
  });

  it('keeps every k-th label when neighbours would overlap', () => {
    // 30 px apart, labels 30 px wide plus a 6 px gap: every second one fits (60 ≥ 36).
    expect(labelStride(at([0, 30, 60, 90, 120]), () => 30, 6)).toBe(2);
    expect(labelStride(at([0, 10, 20, 30, 40]), () => 30, 6)).toBe(4);
    const thinned = thinLabels(at([0, 30, 60, 90, 120]), 2);
    expect(thinned.map((t) => t.label)).toEqual(['1000', '', '1000', '', '1000']);
    expect(thinned.map((t) => t.pos)).toEqual([0, 30, 60, 90, 120]);
  });

  it('step axis: six ticks fit a 500 px plot, crowd a 100 px one', () => {
    const wide = linearScale(0, 500, 0, 500);
    expect(stepAxisTicks(ticksOf(0, 100, 6), wide, 0, 500, 11).every((t) => t.label)).toBe(true);
    const narrow = linearScale(0, 50000, 0, 100);
    const ticks = stepAxisTicks(ticksOf(0, 10000, 6), narrow, 0, 100, 11);
    const shown = ticks.filter((t) => t.label);
    expect(shown.length).toBeLessThan(6);
    for (let i = 1; i < shown.length; i++)
      expect(shown[i]!.pos - shown[i - 1]!.pos).toBeGreaterThanOrEqual(
        textWidth(shown[i]!.label, 11),
      );
  });

  it('value axis: lines of text do not touch', () => {
    const s = linearScale(0, 1, 60, 0);
    const ticks = valueAxisTicks(ticksOf(0, 0.1, 11), s, 60, 0, 11);
    const shown = ticks.filter((t) => t.label);
    for (let i = 1; i < shown.length; i++)
      expect(Math.abs(shown[i]!.pos - shown[i - 1]!.pos)).toBeGreaterThanOrEqual(13);
  });
});
