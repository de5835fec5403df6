import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  MAX_POOL_WINDOW,
  maxOverBatch,
  meanOfSlices,
  meanOverBatch,
  minOverBatch,
  rowCrossEntropy,
  rowLogSumExp,
  rowMax,
  rowSum,
  withPooling,
} from './rows';

const close = (got: tf.Tensor, want: tf.Tensor, digits = 5) => {
  const w = want.dataSync();
  expect(got.shape).toEqual(want.shape);
  got.dataSync().forEach((v, i) => expect(v).toBeCloseTo(w[i]!, digits));
};

describe.each([true, false])('row reductions (pooling forms %s)', (on) => {
  const x = tf.randomNormal([37, 7], 0, 3, 'float32', 11) as tf.Tensor2D;

  it('rowMax and rowSum equal tf.max and tf.sum along the last axis', () =>
    withPooling(on, () => {
      expect(Array.from(rowMax(x).dataSync())).toEqual(Array.from(tf.max(x, 1).dataSync()));
      close(rowSum(x), tf.sum(x, 1));
    }));

  it('rowLogSumExp equals tf.logSumExp, also where exp would overflow float32', () =>
    withPooling(on, () => {
      close(rowLogSumExp(x), tf.logSumExp(x, 1));
      const big = tf.tensor2d([
        [1000, 999, -1000],
        [-500, -501, -502],
      ]);
      // 1000 + log(1 + e⁻¹ + e⁻²⁰⁰⁰) and −500 + log(1 + e⁻¹ + e⁻²), worked out by hand.
      close(
        rowLogSumExp(big),
        tf.tensor1d([
          1000 + Math.log(1 + Math.exp(-1)),
          -500 + Math.log(1 + Math.exp(-1) + Math.exp(-2)),
        ]),
        3,
      );
    }));

  it('rowCrossEntropy equals tfjs softmaxCrossEntropy per example, and a NaN logit gives NaN', () =>
    withPooling(on, () => {
      const labels = tf.tensor1d(
        Array.from({ length: 37 }, (_, i) => (i * 3) % 7),
        'int32',
      );
      const want = tf.losses.softmaxCrossEntropy(
        tf.oneHot(labels, 7),
        x,
        undefined,
        undefined,
        tf.Reduction.NONE,
      );
      close(rowCrossEntropy(x, labels), want);
      const withNaN = tf.tensor2d([
        [0.5, NaN, 1],
        [0.5, 0, 1],
      ]);
      const ce = rowCrossEntropy(withNaN, tf.tensor1d([0, 2], 'int32')).dataSync();
      expect(Number.isNaN(ce[0])).toBe(true);
      expect(ce[1]).toBeCloseTo(Math.log(Math.exp(0.5) + 1 + Math.E) - 1, 5);
    }));
});

describe.each([true, false])('batch-axis reductions (pooling forms %s)', (on) => {
  const x = tf.randomNormal([3, 9, 5], 0, 2, 'float32', 12) as tf.Tensor3D;

  it('maxOverBatch and minOverBatch equal tf.max and tf.min over the middle axis', () =>
    withPooling(on, () => {
      expect(Array.from(maxOverBatch(x).dataSync())).toEqual(Array.from(tf.max(x, 1).dataSync()));
      expect(Array.from(minOverBatch(x).dataSync())).toEqual(Array.from(tf.min(x, 1).dataSync()));
    }));

  it('meanOfSlices and meanOverBatch equal tf.mean over the last two axes and the middle one', () =>
    withPooling(on, () => {
      close(meanOfSlices(x), tf.mean(x, [1, 2]));
      close(meanOverBatch(x), tf.mean(x, 1));
    }));
});

describe('batch-axis reductions over windows too long for one thread', () => {
  const on = true;
  it('give the same results past the longest pooling window (tfjs reductions take over)', () =>
    withPooling(on, () => {
      const b = MAX_POOL_WINDOW + 3;
      const x = tf.randomNormal([2, b, 3], 1, 2, 'float32', 13) as tf.Tensor3D;
      expect(Array.from(maxOverBatch(x).dataSync())).toEqual(Array.from(tf.max(x, 1).dataSync()));
      expect(Array.from(minOverBatch(x).dataSync())).toEqual(Array.from(tf.min(x, 1).dataSync()));
      close(meanOverBatch(x), tf.mean(x, 1));
      close(meanOfSlices(x), tf.mean(x, [1, 2]));
    }));
});
