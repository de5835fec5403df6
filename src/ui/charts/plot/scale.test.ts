import { describe, expect, it } from 'vitest';
import { linearScale, logScale, makeScale } from './scale';

describe('linear scale', () => {
  it('maps the domain ends onto the range ends, also reversed (a y axis grows upwards)', () => {
    const s = linearScale(0, 10, 100, 300);
    expect(s(0)).toBe(100);
    expect(s(10)).toBe(300);
    expect(s(2.5)).toBe(150);
    const y = linearScale(0, 1, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(1)).toBe(0);
    expect(y(0.25)).toBe(150);
  });

  it('extrapolates outside the domain', () => {
    expect(linearScale(0, 10, 0, 100)(-5)).toBe(-50);
  });

  it('puts every value of a zero-width domain (one record) in the middle', () => {
    const s = linearScale(7, 7, 40, 140);
    expect(s(7)).toBe(90);
    expect(s(Number.NaN)).toBeNaN();
  });

  it('gives NaN for NaN, so the path builder leaves a gap', () => {
    expect(linearScale(0, 1, 0, 10)(Number.NaN)).toBeNaN();
  });
});

describe('log scale', () => {
  it('spaces decades evenly', () => {
    const s = logScale(0.01, 1, 200, 0);
    expect(s(0.01)).toBeCloseTo(200, 9);
    expect(s(0.1)).toBeCloseTo(100, 9);
    expect(s(1)).toBeCloseTo(0, 9);
    expect(s(10 ** -1.5)).toBeCloseTo(150, 9);
  });

  it('has no place for zero or negative values', () => {
    const s = logScale(1e-3, 1, 0, 100);
    expect(s(0)).toBeNaN();
    expect(s(-1)).toBeNaN();
  });

  it('is empty for a domain that is not positive', () => {
    expect(logScale(0, 1, 0, 100)(0.5)).toBeNaN();
  });

  it('makeScale picks log or linear', () => {
    expect(makeScale(1, 100, 0, 2, true)(10)).toBeCloseTo(1, 9);
    expect(makeScale(1, 100, 0, 2, false)(10)).toBeCloseTo(18 / 99, 9);
  });
});
