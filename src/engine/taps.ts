/**
 * Gradient taps: an identity op whose backward pass records the squared norm of the gradient that
 * flows through it. This is how the lab measures ∂loss/∂h_t for every time step of a recurrent
 * net without a second backward pass: the tap sits on the hidden state, and the gradient the
 * trainer computes anyway passes through it.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Returns `x` unchanged; when the gradient reaches it, stores Σ dy² into `sink[index]` (kept: the
 * caller disposes it). Adds to an existing entry, so a state tapped twice sums both paths.
 */
export function gradientTap(x: tf.Tensor, sink: (tf.Tensor | undefined)[], index: number): tf.Tensor {
  const tap = tf.customGrad((input) => ({
    value: tf.clone(input as tf.Tensor),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
      const g = dy as tf.Tensor;
      const sq = tf.sum(tf.square(g));
      const prev = sink[index];
      sink[index] = tf.keep(prev ? tf.add(prev, sq) : sq);
      prev?.dispose();
      return g;
    },
  })) as (t: tf.Tensor) => tf.Tensor;
  return tap(x);
}
