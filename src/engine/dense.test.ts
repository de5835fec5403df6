import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { affine } from './dense';

/** A loss that weights every output differently, so each gradient entry is distinct. */
function lossOf(y: tf.Tensor2D, c: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.mul(tf.tanh(y), c));
}

describe('affine (x·W + b with a written-out gradient)', () => {
  it('matches tfjs autodiff of add(matMul(x, W), b) in value and in every gradient', () => {
    const x = tf.randomNormal([7, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([5, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([3], 0, 1, 'float32', 3) as tf.Tensor1D;
    const c = tf.randomNormal([7, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
    const ours = tf.grads((xi, wi, bi) =>
      lossOf(affine(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D), c),
    );
    const ref = tf.grads((xi, wi, bi) =>
      lossOf(tf.add(tf.matMul(xi as tf.Tensor2D, wi as tf.Tensor2D), bi) as tf.Tensor2D, c),
    );
    expect(Array.from(affine(x, w, b).dataSync())).toEqual(
      Array.from(tf.add(tf.matMul(x, w), b).dataSync()),
    );
    const a = ours([x, w, b]);
    const r = ref([x, w, b]);
    expect(a.map((t) => t.shape)).toEqual([[7, 5], [5, 3], [3]]);
    a.forEach((t, i) => {
      const want = r[i]!.dataSync();
      t.dataSync().forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 5));
    });
  });

  it('gives variables their gradients through tf.variableGrads', () => {
    const w = tf.variable(tf.randomNormal([4, 2], 0, 1, 'float32', 5), true, 'dense-test-w');
    const b = tf.variable(tf.randomNormal([2], 0, 1, 'float32', 6), true, 'dense-test-b');
    const x = tf.randomNormal([6, 4], 0, 1, 'float32', 7) as tf.Tensor2D;
    const c = tf.randomNormal([6, 2], 0, 1, 'float32', 8) as tf.Tensor2D;
    const { grads } = tf.variableGrads(
      () => lossOf(affine(x, w as tf.Tensor2D, b as tf.Tensor1D), c),
      [w, b],
    );
    // db = Σ over the batch of dL/dy = Σ c·(1 − tanh²(y)), worked out directly.
    const y = tf.add(tf.matMul(x, w), b);
    const dy = tf.mul(c, tf.sub(1, tf.square(tf.tanh(y))));
    const db = tf.sum(dy, 0).dataSync();
    grads['dense-test-b']!.dataSync().forEach((v, j) => expect(v).toBeCloseTo(db[j]!, 5));
    const dw = tf.matMul(x, dy, true, false).dataSync();
    grads['dense-test-w']!.dataSync().forEach((v, j) => expect(v).toBeCloseTo(dw[j]!, 5));
    w.dispose();
    b.dispose();
  });
});
