import * as tf from '@tensorflow/tfjs';
import { makeRng, normal } from './random';

/**
 * A variable from a freshly made tensor. tf.variable copies its initial value, so the tidy frees
 * the original; without it every model build leaks one tensor per parameter.
 */
export function variableOf<R extends tf.Rank>(make: () => tf.Tensor<R>, trainable = true): tf.Variable<R> {
  return tf.tidy(() => tf.variable(make(), trainable));
}

/**
 * A trainable variable with N(0, std²) entries drawn in JS from `seed`: every backend (and the
 * CLI) starts from exactly the same numbers. std 0 gives zeros.
 */
export function seededNormal<R extends tf.Rank>(shape: number[], std: number, seed: number): tf.Variable<R> {
  const rng = makeRng(seed);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (std > 0) for (let i = 0; i < values.length; i++) values[i] = std * normal(rng);
  return variableOf(() => tf.tensor(values, shape)) as unknown as tf.Variable<R>;
}
