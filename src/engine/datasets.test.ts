import { describe, expect, it } from 'vitest';
import { DATASET_KIND, DATASET_NAMES, type DatasetName } from '../config/options';
import { mustParseConfig } from '../config/schema';
import { makeDataset, type Dataset } from './datasets';

function dataset(
  name: DatasetName,
  opts: { seed?: number; noise?: number; size?: number; valFraction?: number } = {},
) {
  const { seed = 1, ...rest } = opts;
  return makeDataset(mustParseConfig({ seed, dataset: { name, ...rest } }));
}

function allArrays(d: Dataset) {
  return [d.xTrain, d.yTrain, d.xVal, d.yVal];
}

function fractionOfClass1(labels: Int32Array): number {
  return labels.reduce((s, y) => s + y, 0) / labels.length;
}

const POINT_SETS = DATASET_NAMES.filter((n) => DATASET_KIND[n] === 'points');

describe.each(POINT_SETS)('%s', (name) => {
  it('the same seed gives identical arrays', () => {
    const a = dataset(name, { seed: 42 });
    const b = dataset(name, { seed: 42 });
    allArrays(a).forEach((arr, i) => expect(arr).toEqual(allArrays(b)[i]));
  });

  it('a different seed gives different points', () => {
    const a = dataset(name, { seed: 42 });
    const b = dataset(name, { seed: 43 });
    expect(a.xTrain).not.toEqual(b.xTrain);
    expect(a.xVal).not.toEqual(b.xVal);
  });

  it.each([
    [600, 0.3, 420, 180],
    [100, 0.25, 75, 25],
    [40, 0.05, 38, 2],
    [1001, 0.5, 500, 501],
  ])(
    'size %i with validation fraction %f splits into %i train and %i validation points',
    (size, valFraction, nTrain, nVal) => {
      const d = dataset(name, { size, valFraction });
      expect(d.yTrain.length).toBe(nTrain);
      expect(d.yVal.length).toBe(nVal);
      expect(d.xTrain.length).toBe(2 * nTrain);
      expect(d.xVal.length).toBe(2 * nVal);
      expect(d.inputDim).toBe(2);
      expect(d.numClasses).toBe(2);
    },
  );

  it('labels are 0 or 1 and both classes are about equally common in each split', () => {
    const d = dataset(name, { size: 2000, valFraction: 0.3 });
    for (const labels of [d.yTrain, d.yVal]) {
      expect(labels.every((y) => y === 0 || y === 1)).toBe(true);
      // Binomial std at n = 600 is 0.02; 0.4–0.6 is a 5-sigma band.
      expect(fractionOfClass1(labels)).toBeGreaterThan(0.4);
      expect(fractionOfClass1(labels)).toBeLessThan(0.6);
    }
  });

  it('every coordinate is finite, and with moderate noise the points lie inside the plotting extent', () => {
    const d = dataset(name, { size: 2000, noise: 0.1 });
    const [lo, hi] = d.extent!;
    for (const x of [d.xTrain, d.xVal]) {
      expect(x.every(Number.isFinite)).toBe(true);
      expect(x.every((v) => v >= lo && v <= hi)).toBe(true);
    }
  });

  it('noise 0 and noise > 0 give different points from the same seed', () => {
    const clean = dataset(name, { noise: 0 });
    const noisy = dataset(name, { noise: 0.5 });
    expect(clean.xTrain).not.toEqual(noisy.xTrain);
    // The noise jitters points; it does not reshuffle which points exist or their labels.
    expect(clean.yTrain).toEqual(noisy.yTrain);
  });

  it('the training and validation splits do not share points', () => {
    const d = dataset(name, { size: 400, noise: 0.1 });
    const key = (x: ArrayLike<number>, i: number) => `${x[2 * i]},${x[2 * i + 1]}`;
    const train = new Set(Array.from({ length: d.yTrain.length }, (_, i) => key(d.xTrain, i)));
    for (let i = 0; i < d.yVal.length; i++) expect(train.has(key(d.xVal, i))).toBe(false);
  });
});

describe('shapes of the noise-free sets', () => {
  function points(d: Dataset): { x: number; y: number; label: number }[] {
    const out = [];
    for (const [x, y] of [
      [d.xTrain, d.yTrain],
      [d.xVal, d.yVal],
    ] as const) {
      for (let i = 0; i < y.length; i++) out.push({ x: x[2 * i]!, y: x[2 * i + 1]!, label: y[i]! });
    }
    return out;
  }

  it('xor: the label is 0 exactly where x·y > 0', () => {
    for (const p of points(dataset('xor', { noise: 0 })))
      expect(p.label).toBe(p.x * p.y > 0 ? 0 : 1);
  });

  it('circles: class 0 lies inside radius 2 and class 1 in the ring from 3 to 5', () => {
    for (const p of points(dataset('circles', { noise: 0 }))) {
      const r = Math.hypot(p.x, p.y);
      if (p.label === 0) expect(r).toBeLessThanOrEqual(2 + 1e-5);
      else expect(r >= 3 - 1e-5 && r <= 5 + 1e-5).toBe(true);
    }
  });

  it('gaussians: the two class means sit near (2, 2) and (−2, −2)', () => {
    const ps = points(dataset('gaussians', { noise: 0, size: 2000 }));
    for (const [label, c] of [
      [0, 2],
      [1, -2],
    ] as const) {
      const mine = ps.filter((p) => p.label === label);
      const mx = mine.reduce((s, p) => s + p.x, 0) / mine.length;
      const my = mine.reduce((s, p) => s + p.y, 0) / mine.length;
      // Standard error of the mean over ~1000 unit-variance draws is ~0.03.
      expect(Math.abs(mx - c)).toBeLessThan(0.15);
      expect(Math.abs(my - c)).toBeLessThan(0.15);
    }
  });

  it('spiral: the two arms are point reflections of each other (offset by half a turn)', () => {
    // At radius r the class-0 arm is at angle θ(r) and the class-1 arm at θ(r) + π, so a
    // class-1 point reflected through the origin lies on the class-0 arm.
    const ps = points(dataset('spiral', { noise: 0, size: 2000 }));
    const arm0 = ps.filter((p) => p.label === 0);
    for (const p of ps.filter((q) => q.label === 1).slice(0, 50)) {
      const nearest = Math.min(...arm0.map((q) => Math.hypot(q.x + p.x, q.y + p.y)));
      expect(nearest).toBeLessThan(0.3);
    }
  });
});
