import * as tf from '@tensorflow/tfjs';

/**
 * A variable from a freshly made tensor. tf.variable copies its initial value, so the tidy frees
 * the original; without it every model build leaks one tensor per parameter.
 */
export function variableOf<R extends tf.Rank>(make: () => tf.Tensor<R>, trainable = true): tf.Variable<R> {
  return tf.tidy(() => tf.variable(make(), trainable));
}
