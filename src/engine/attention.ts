/**
 * Multi-head self-attention (Vaswani et al. 2017) on tfjs-core ops:
 *   Q = X·Wq + bq,  K = X·Wk + bk,  V = X·Wv + bv          (each [B, T, d])
 *   head_i = softmax(Q_i·K_iᵀ/√dh + M)·V_i                  (Q_i: columns i·dh … (i+1)·dh, dh = d/h)
 *   Attn(X) = [head_1 … head_h]·Wo + bo
 * with M = MASKED_SCORE on padded keys. Heads live on their own axis ([B, h, T, dh]) so one batched
 * matMul serves them all; tf.einsum would be shorter but has no WASM kernel.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Projections [d, d] (units on the last axis, like every weight of the lab) and their biases.
 * Generic so the model can hold variables while tests pass plain (e.g. sliced) tensors.
 */
export interface AttentionParams<
  W extends tf.Tensor2D = tf.Tensor2D,
  B extends tf.Tensor1D = tf.Tensor1D,
> {
  wq: W;
  wk: W;
  wv: W;
  wo: W;
  bq: B;
  bk: B;
  bv: B;
  bo: B;
}

/**
 * Score bias of a padded key. Large enough that exp() underflows to exactly 0 (so padding has no
 * influence at all), yet finite: with −Infinity a row whose keys are all padding would be
 * softmax(−∞, …) = 0/0 = NaN, and that NaN would reach the gradients through the padded queries.
 */
export const MASKED_SCORE = -1e9;

/** x [B, T, dIn]·w [dIn, dOut] + b as one 2-D matMul, so every backend runs the same kernel. */
export function dense(x: tf.Tensor, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor3D {
  const [batch, time, dIn] = x.shape as [number, number, number];
  const y = tf.matMul(tf.reshape(x, [batch * time, dIn]), w);
  return tf.reshape(b ? tf.add(y, b) : y, [batch, time, w.shape[1]]);
}

/** [B, T, d] → [B, h, T, d/h]: head i takes columns i·dh … (i+1)·dh. */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [batch, time, d] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [batch, time, heads, d / heads]), [0, 2, 1, 3]);
}

/** Inverse of `splitHeads`: the heads' outputs side by side, [B, T, d]. */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [batch, heads, time, dh] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, time, heads * dh]);
}

/**
 * softmax(q·kᵀ/√dh + M)·v for q, k, v [B, h, T, dh]; `mask` [B, T] (1 = real token) masks keys only:
 * a padded query still gets an output, which pooling later ignores.
 * Returns the output [B, h, T, dh] and the attention weights [B, h, Tq, Tk] (rows sum to 1).
 */
export function scaledDotProduct(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  mask?: tf.Tensor,
): { out: tf.Tensor4D; weights: tf.Tensor4D } {
  const [batch, , , dh] = q.shape;
  let scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
  if (mask) {
    const keyBias = tf.mul(tf.sub(1, tf.cast(mask, 'float32')), MASKED_SCORE);
    scores = tf.add(scores, tf.reshape(keyBias, [batch, 1, 1, -1]));
  }
  const weights = tf.softmax(scores) as tf.Tensor4D;
  return { out: tf.matMul(weights, v), weights };
}

/** Multi-head self-attention of x [B, T, d]; `heads` must divide d. */
export function selfAttention(
  x: tf.Tensor,
  p: AttentionParams,
  heads: number,
  mask?: tf.Tensor,
): { y: tf.Tensor3D; weights: tf.Tensor4D } {
  const q = splitHeads(dense(x, p.wq, p.bq), heads);
  const k = splitHeads(dense(x, p.wk, p.bk), heads);
  const v = splitHeads(dense(x, p.wv, p.bv), heads);
  const { out, weights } = scaledDotProduct(q, k, v, mask);
  return { y: dense(mergeHeads(out), p.wo, p.bo), weights };
}
