import { describe, expect, it } from 'vitest';
import { dotsPath, linePath } from './linePath';
import { linearScale, logScale } from './scale';

interface Row {
  step: number;
  v: number | null;
}
const get = (r: Row) => r.v;
const rows = (vs: (number | null)[]): Row[] => vs.map((v, i) => ({ step: i, v }));
// Steps 0..4 onto 0..40 px, values 0..1 onto 100..0 px.
const sx = linearScale(0, 4, 0, 40);
const sy = linearScale(0, 1, 100, 0);

describe('linePath', () => {
  it('draws one sub-path through consecutive points', () => {
    expect(linePath(rows([0, 0.5, 1]), get, sx, sy)).toBe('M0,100L10,50L20,0');
  });

  it('breaks the line at a missing value and starts a new sub-path after it', () => {
    expect(linePath(rows([0, 0.5, null, 1, 0]), get, sx, sy)).toBe('M0,100L10,50M30,0L40,100');
  });

  it('treats NaN and infinities as gaps too', () => {
    expect(linePath(rows([0, Number.NaN, 1, Infinity, 0.5]), get, sx, sy)).toBe(
      'M0,100M20,0M40,50',
    );
  });

  it('leaves values ≤ 0 out on a log axis', () => {
    const ly = logScale(0.01, 1, 100, 0);
    expect(linePath(rows([0.01, 0, 1, -1, 0.1]), get, sx, ly)).toBe('M0,100M20,0M40,50');
  });

  it('is empty with nothing to draw', () => {
    expect(linePath(rows([]), get, sx, sy)).toBe('');
    expect(linePath(rows([null, null]), get, sx, sy)).toBe('');
  });

  it('rounds to tenths of a pixel', () => {
    const fine = linearScale(0, 3, 0, 10);
    expect(linePath(rows([0, 0.123456]), get, fine, sy)).toBe('M0,100L3.3,87.7');
  });

  it('starts with a move and a line, as the e2e test reads it', () => {
    expect(linePath(rows([0.2, 0.3]), get, sx, sy)).toMatch(/^M[\d.,-]+L/);
  });
});

describe('dotsPath', () => {
  it('places a zero-length segment at every drawable point', () => {
    expect(dotsPath(rows([0, null, 1]), get, sx, sy)).toBe('M0,100h0M20,0h0');
  });
});
