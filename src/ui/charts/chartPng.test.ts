import { describe, expect, it } from 'vitest';
import {
  flowLayout,
  gradientColors,
  inlineStyleText,
  isVisibleColor,
  PAGE,
  pageLayout,
  pngFileName,
  rowCount,
  slugOf,
  SVG_STYLE_PROPS,
  tidyLabel,
  titleNote,
} from './chartPng';

describe('file names', () => {
  it('slugs chart titles to lowercase dashed ASCII', () => {
    expect(slugOf('Loss')).toBe('loss');
    expect(slugOf('Update / weight ratio')).toBe('update-weight-ratio');
    expect(slugOf('Sharpness vs. 2/η')).toBe('sharpness-vs-2');
    expect(slugOf('  Gradient norm per layer  ')).toBe('gradient-norm-per-layer');
    expect(slugOf('Données réelles')).toBe('donnees-reelles');
  });

  it('falls back to "chart" when nothing file-safe is left', () => {
    expect(slugOf('η ∇ ·')).toBe('chart');
    expect(slugOf('')).toBe('chart');
  });

  it('adds the step when it is known', () => {
    expect(pngFileName('Loss', 120)).toBe('loss-step-120.png');
    expect(pngFileName('Decision boundary', 0)).toBe('decision-boundary-step-0.png');
    expect(pngFileName('Loss')).toBe('loss.png');
    expect(pngFileName('Loss', null)).toBe('loss.png');
    expect(pngFileName('Loss', NaN)).toBe('loss.png');
  });

  it('notes detail and step after the title', () => {
    expect(titleNote('hidden2', 40)).toBe('hidden2 · step 40');
    expect(titleNote(null, 0)).toBe('step 0');
    expect(titleNote(undefined, undefined)).toBe('');
  });
});

describe('legend flow', () => {
  it('wraps to a new row when the next item would pass the width', () => {
    const places = flowLayout([40, 40, 40], 100, 10);
    expect(places).toEqual([
      { x: 0, row: 0 },
      { x: 50, row: 0 },
      { x: 0, row: 1 },
    ]);
    expect(rowCount(places)).toBe(2);
  });

  it('gives an item wider than the row a row of its own, never an empty row', () => {
    const places = flowLayout([300, 20], 100, 10);
    expect(places).toEqual([
      { x: 0, row: 0 },
      { x: 0, row: 1 },
    ]);
  });

  it('has no rows without items', () => {
    expect(rowCount(flowLayout([], 100, 10))).toBe(0);
  });
});

describe('page layout', () => {
  it('stacks title, plot and legend inside the padding', () => {
    const p = pageLayout(400.4, 260, 2);
    expect(p.width).toBe(401);
    expect(p.titleY).toBe(PAGE.pad);
    expect(p.plotY).toBe(PAGE.pad + PAGE.titleHeight + PAGE.gap);
    expect(p.legendY).toBe(p.plotY + 260 + PAGE.gap);
    expect(p.height).toBe(p.legendY + 2 * PAGE.legendRowHeight + PAGE.pad);
  });

  it('leaves no legend gap when there is no legend', () => {
    const p = pageLayout(300, 100, 0);
    expect(p.legendY).toBe(p.plotY + 100);
    expect(p.height).toBe(p.plotY + 100 + PAGE.pad);
  });
});

describe('style inlining', () => {
  it('writes every listed computed property, skipping empty ones', () => {
    const computed: Record<string, string> = {
      fill: 'rgb(102, 102, 102)',
      stroke: 'none',
      'font-family': 'system-ui, "Segoe UI", sans-serif',
      'font-size': '11px',
      'text-anchor': 'end',
      opacity: ' ',
    };
    const text = inlineStyleText((p) => computed[p] ?? '');
    expect(text).toBe(
      'fill: rgb(102, 102, 102); stroke: none; font-family: system-ui, "Segoe UI", sans-serif; font-size: 11px; text-anchor: end',
    );
  });

  it('covers the styles that make axis text and lines look right', () => {
    for (const p of [
      'fill',
      'stroke',
      'stroke-width',
      'stroke-dasharray',
      'font-size',
      'font-family',
    ]) {
      expect(SVG_STYLE_PROPS).toContain(p);
    }
  });
});

describe('colours', () => {
  it('reads the stops of a computed gradient in order', () => {
    expect(
      gradientColors(
        'linear-gradient(90deg, rgb(240, 160, 110), rgb(255, 255, 255), rgb(100, 150, 215))',
      ),
    ).toEqual(['rgb(240, 160, 110)', 'rgb(255, 255, 255)', 'rgb(100, 150, 215)']);
    expect(gradientColors('linear-gradient(90deg, #fff, rgba(0, 0, 0, 0.5))')).toEqual([
      '#fff',
      'rgba(0, 0, 0, 0.5)',
    ]);
    expect(gradientColors('none')).toEqual([]);
    expect(gradientColors('url(a.png)')).toEqual([]);
  });

  it('tells painting colours from transparent ones', () => {
    expect(isVisibleColor('rgb(255, 255, 255)')).toBe(true);
    expect(isVisibleColor('rgba(0, 0, 0, 0.2)')).toBe(true);
    expect(isVisibleColor('rgba(0, 0, 0, 0)')).toBe(false);
    expect(isVisibleColor('rgb(0 0 0 / 0)')).toBe(false);
    expect(isVisibleColor('rgb(0 0 0 / 50%)')).toBe(true);
    expect(isVisibleColor('transparent')).toBe(false);
    expect(isVisibleColor('')).toBe(false);
  });

  it('tidies legend labels like the browser shows them', () => {
    expect(tidyLabel('  class 0\n   ')).toBe('class 0');
    expect(tidyLabel('hidden1  0.123')).toBe('hidden1 0.123');
  });
});
