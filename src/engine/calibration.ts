/**
 * Calibration: does the model's confidence match how often it is right? The device reduces the
 * predictions into per-bin sums; the host turns those into the expected calibration error and a
 * reliability diagram (Guo et al. 2017, equal-width bins over the top-class confidence).
 */
import * as tf from '@tensorflow/tfjs';
import { oneHotBinSums } from './diagnostics';
import { rowMax, rowSum } from './rows';

export const CALIBRATION_BINS = 10;

/**
 * [3 × bins]: per confidence bin, the number of examples, the sum of their top-class confidence
 * and the number predicted correctly. Sums, so chunks of a split can be added.
 */
export function calibrationBins(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  bins = CALIBRATION_BINS,
): tf.Tensor1D {
  // Top-class probability 1 / Σ exp(l − max l), the softmax's own arithmetic for its top entry,
  // without the softmax matrix (see rows.ts).
  const shifted = tf.exp(tf.sub(logits, tf.reshape(rowMax(logits), [-1, 1]))) as tf.Tensor2D;
  const conf = tf.div(1, rowSum(shifted));
  const correct = tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32');
  // Confidence 1.0 belongs to the last bin, not one past it.
  const idx = tf.cast(
    tf.clipByValue(tf.floor(tf.mul(conf, bins)), 0, bins - 1),
    'int32',
  ) as tf.Tensor1D;
  // The three sums as rows [1, conf, correct] times oneHot(bin): one product on every backend
  // (fewer launches than three offset bincounts), and on WebGL no readback (see binSums).
  return oneHotBinSums(idx, tf.stack([tf.onesLike(conf), conf, correct]) as tf.Tensor2D, bins);
}

/** ECE = Σ_b (n_b/N)·|accuracy_b − confidence_b|, from the per-bin sums. */
export function expectedCalibrationError(
  count: ArrayLike<number>,
  confSum: ArrayLike<number>,
  correctSum: ArrayLike<number>,
): number {
  let total = 0;
  let weighted = 0;
  for (let b = 0; b < count.length; b++) {
    total += count[b]!;
    weighted += Math.abs(correctSum[b]! - confSum[b]!);
  }
  // n_b/N · |acc_b − conf_b| = |Σcorrect_b − Σconf_b| / N.
  return total > 0 ? weighted / total : NaN;
}
