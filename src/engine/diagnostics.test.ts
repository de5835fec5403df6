/**
 * The joint histogram pass against a per-tensor reference computed in JS: values are placed at
 * bin centres (no float edge cases), so the reference counts are exact.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binSums,
  histogram,
  histograms,
  HISTOGRAM_MAX_VALUES,
  oneHotBinSums,
  pairCounts,
  pairCountsByProduct,
} from './diagnostics';
import { useNodeBackend } from './node-backend';
import { TensorCache } from './tensorCache';
import { makeRng } from './random';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const BINS = 6;

/** `count` values at random bin centres of [lo, hi], plus lo and hi themselves (its min and max). */
function atBinCentres(count: number, lo: number, hi: number, seed: number) {
  const rng = makeRng(seed);
  const values = Float32Array.from(
    { length: count },
    () => lo + ((Math.floor(rng() * BINS) + 0.5) * (hi - lo)) / BINS,
  );
  values[0] = lo;
  values[1] = hi;
  // The reference: exact for bin centres; hi itself belongs to the last bin.
  const bins = new Array<number>(BINS).fill(0);
  for (const v of values) bins[Math.min(BINS - 1, Math.floor(((v - lo) / (hi - lo)) * BINS))]! += 1;
  return { values, bins, lo, hi };
}

function read(t: () => tf.Tensor): number[] {
  return tf.tidy(() => Array.from(t().dataSync()));
}

describe('histograms: several tensors binned in one pass', () => {
  const a = atBinCentres(40, -2, 2, 1);
  const b = atBinCentres(60, 0, 5, 2);
  const c = atBinCentres(24, -1, 1, 3);
  const tensors = () => [
    tf.tensor2d(a.values, [10, 4]),
    tf.tensor2d(b.values, [20, 3]),
    tf.tensor1d(c.values),
  ];

  it("with each tensor's own range: [lo, hi, counts…] per tensor, as the JS reference counts them", () => {
    const got = read(() => histograms(tensors(), null, BINS));
    const want = [a, b, c].flatMap((h) => [h.lo, h.hi, ...h.bins]);
    expect(got).toEqual(want);
  });

  it('equals the per-tensor histogram of each, concatenated', () => {
    const joint = read(() => histograms(tensors(), null, BINS));
    const single = read(() => tf.concat(tensors().map((t) => histogram(t, null, BINS))));
    expect(joint).toEqual(single);
  });

  it('with a constants cache: the same histograms, and the cache keeps a fixed set of tensors', () => {
    const cache = new TensorCache();
    const plain = read(() => histograms(tensors(), null, BINS));
    const ranged = read(() => histograms(tensors(), [-1, 1], BINS));
    for (let call = 0; call < 3; call++) {
      expect(read(() => histograms(tensors(), null, BINS, undefined, cache))).toEqual(plain);
      expect(read(() => histograms(tensors(), [-1, 1], BINS, undefined, cache))).toEqual(ranged);
      // One index vector (shared by both calls, same sizes) and the two range fills.
      if (call === 0) expect(cache.size).toBe(3);
    }
    expect(cache.size).toBe(3);
    const before = tf.memory().numTensors;
    cache.dispose();
    expect(tf.memory().numTensors).toBe(before - 3);
  });

  it('with a fixed range, values outside it go to the end bins; `map` runs before binning', () => {
    const got = read(() =>
      histograms([tf.tensor1d([-5, 0.5, 9]), tf.tensor1d([1, 2])], [0, 3], 3, (v) => tf.mul(v, 1)),
    );
    expect(got).toEqual([0, 3, 2, 0, 1, 0, 3, 0, 1, 1]);
    const doubled = read(() =>
      histograms([tf.tensor1d([0.4, 1.4])], [0, 3], 3, (v) => tf.mul(v, 2)),
    );
    expect(doubled).toEqual([0, 3, 1, 0, 1]);
  });

  it('a constant tensor lands in bin 0; large tensors are sampled, each to at most the limit', () => {
    const got = read(() =>
      histograms([tf.fill([5], 7), tf.zeros([HISTOGRAM_MAX_VALUES * 3 + 1, 1])], null, 2),
    );
    expect(got.slice(0, 4)).toEqual([7, 7, 5, 0]);
    const sampled = got[6]! + got[7]!;
    expect(sampled).toBeLessThanOrEqual(HISTOGRAM_MAX_VALUES);
    expect(sampled).toBeGreaterThan(HISTOGRAM_MAX_VALUES / 2);
  });

  it('no tensors: an empty result, and nothing leaks', () => {
    const before = tf.memory().numTensors;
    expect(read(() => histograms([], null))).toEqual([]);
    tf.tidy(() => histograms(tensors(), null, BINS)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('binSums', () => {
  it('the one-hot product (used on WebGL) equals denseBincount, with and without weights', () => {
    const rng = makeRng(5);
    const n = 300;
    const size = 17;
    const idx = Int32Array.from({ length: n }, () => Math.floor(rng() * size));
    const w = Float32Array.from({ length: n }, () => rng() * 3 - 1);
    const sums = (f: typeof binSums, weighted: boolean) =>
      read(() => f(tf.tensor1d(idx, 'int32'), weighted ? tf.tensor1d(w) : null, size));
    const counts = new Array<number>(size).fill(0);
    for (const i of idx) counts[i]! += 1;
    expect(sums(binSums, false)).toEqual(counts);
    expect(sums(oneHotBinSums, false)).toEqual(counts);
    const weighted = sums(binSums, true);
    sums(oneHotBinSums, true).forEach((v, i) => expect(v).toBeCloseTo(weighted[i]!, 4));
    expect(weighted.reduce((a, b) => a + b, 0)).toBeCloseTo(
      w.reduce((a, b) => a + b, 0),
      3,
    );
  });
});

describe('pairCounts', () => {
  it('the two one-hot product (used on WebGL) equals the bincount, and both count each pair', () => {
    const rng = makeRng(9);
    const [n, rows, cols] = [500, 5, 24];
    const row = Int32Array.from({ length: n }, () => Math.floor(rng() * rows));
    const col = Int32Array.from({ length: n }, () => Math.floor(rng() * cols));
    const want = new Array<number>(rows * cols).fill(0);
    for (let i = 0; i < n; i++) want[row[i]! * cols + col[i]!]! += 1;
    for (const f of [pairCounts, pairCountsByProduct])
      expect(
        read(() => f(tf.tensor1d(row, 'int32'), tf.tensor1d(col, 'int32'), rows, cols)),
      ).toEqual(want);
  });
});
