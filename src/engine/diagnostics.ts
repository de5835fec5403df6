/**
 * Training-health measurements reduced on the device. Each returns a small tensor; the trainer
 * concatenates them into one vector and reads it back with a single `await data()`.
 */
import * as tf from '@tensorflow/tfjs';

export const HISTOGRAM_BINS = 24;
/**
 * Histograms count at most this many values of a tensor. A conv layer's activations hold 10⁵–10⁶
 * values, and binning them all costs seconds per record on a software WebGPU adapter (every value
 * is an atomic add into one of 24 bins); a strided sample of 8,192 shows the same distribution.
 */
export const HISTOGRAM_MAX_VALUES = 8192;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Indices of a strided sample of a flattened tensor of `size` values whose last axis has `width`
 * entries. The stride is coprime with the width, so every channel / unit is visited.
 */
export function sampleStride(size: number, width: number, limit = HISTOGRAM_MAX_VALUES): number {
  let stride = Math.ceil(size / limit);
  while (stride > 1 && gcd(stride, width) !== 1) stride++;
  return stride;
}

/** Squared L2 norm of each group of tensors, stacked: [groups]. Square roots are taken on the host. */
export function groupSquaredNorms(groups: tf.Tensor[][]): tf.Tensor1D {
  return tf.stack(groups.map((g) => tf.addN(g.map((t) => tf.sum(tf.square(t)))))) as tf.Tensor1D;
}

/**
 * Histogram of `x` (or of a strided sample of at most HISTOGRAM_MAX_VALUES of its values) over
 * [lo, hi] with `bins` equal bins; values outside are clipped into the end bins.
 * With `range` null, the range is the tensor's own min and max (computed on the device).
 * Returns [lo, hi, count₀ … count_{bins−1}] as float32.
 */
export function histogram(
  x: tf.Tensor,
  range: [number, number] | null,
  bins = HISTOGRAM_BINS,
): tf.Tensor1D {
  const all = tf.reshape(x, [-1]);
  const stride = sampleStride(x.size, x.shape[x.rank - 1] ?? 1);
  const flat = stride > 1 ? tf.stridedSlice(all, [0], [x.size], [stride]) : all;
  const lo = range ? tf.scalar(range[0]) : tf.min(flat);
  const hi = range ? tf.scalar(range[1]) : tf.max(flat);
  // A constant layer has hi = lo; the tiny width keeps the division finite and puts it in bin 0.
  const width = tf.maximum(tf.sub(hi, lo), 1e-12);
  const idx = tf.cast(
    tf.clipByValue(tf.floor(tf.mul(tf.div(tf.sub(flat, lo), width), bins)), 0, bins - 1),
    'int32',
  );
  // denseBincount exists on every backend and is 10–100× faster than oneHot + sum (see TFJS-NOTES).
  const counts = tf.cast(
    tf.denseBincount(idx as tf.Tensor1D, tf.tensor1d([], 'float32'), bins),
    'float32',
  );
  return tf.concat([tf.reshape(lo, [1]), tf.reshape(hi, [1]), counts]) as tf.Tensor1D;
}

/** Mean softmax cross-entropy and accuracy of `logits` against integer `labels`: [loss, accuracy]. */
export function lossAndAccuracy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  numClasses: number,
): tf.Tensor1D {
  const onehot = tf.oneHot(labels, numClasses);
  const loss = tf.losses.softmaxCrossEntropy(onehot, logits);
  const correct = tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32'));
  const acc = tf.mean(tf.cast(correct, 'float32'));
  return tf.stack([loss, acc]) as tf.Tensor1D;
}
