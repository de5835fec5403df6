/** Activation registry: the function and, for bounded ones, the range histograms are drawn over. */
import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../config/options';

export interface ActivationEntry {
  fn: (x: tf.Tensor) => tf.Tensor;
  /** Output range for bounded activations; histograms then use fixed bins over it. */
  range: [number, number] | null;
  /** Initialization family that keeps the forward variance ≈ 1 for this activation. */
  init: 'he' | 'glorot';
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export const ACTIVATIONS: Record<ActivationName, ActivationEntry> = {
  relu: { fn: (x) => tf.relu(x), range: null, init: 'he' },
  tanh: { fn: (x) => tf.tanh(x), range: [-1, 1], init: 'glorot' },
  sigmoid: { fn: (x) => tf.sigmoid(x), range: [0, 1], init: 'glorot' },
  // tfjs-core has no GELU op; this is the tanh approximation of x·Φ(x) (Hendrycks & Gimpel 2016).
  gelu: {
    fn: (x) =>
      tf.tidy(() => {
        const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
        return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
      }),
    range: null,
    init: 'he',
  },
};
