/**
 * Training-health measurements reduced on the device. Each returns a small tensor; the trainer
 * concatenates them into one vector and reads it back with a single `await data()`.
 */
import * as tf from '@tensorflow/tfjs';
import { flattenTensors } from './flat';
import { type GroupSums, withGroupSums } from './groupSums';
import { rowCrossEntropy } from './rows';
import { cachedTensor, type TensorCache } from './tensorCache';

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
export function groupSquaredNorms(groups: tf.Tensor[][], sums?: GroupSums): tf.Tensor1D {
  return withGroupSums(groups, sums, (s) =>
    tf.reshape(s.sums([tf.square(flattenTensors(groups.flat()))]), [-1]),
  ) as tf.Tensor1D;
}

/**
 * Σ `weights` (1 without) per index in [0, size): a histogram's counts, calibration's per-bin sums.
 * denseBincount exists on every backend and is 10–100× faster than oneHot + sum (TFJS-NOTES), but
 * WebGL runs it on the CPU after a synchronous readback, which stalls the GPU queue once per call;
 * there the counts are a one-hot matrix product instead, which stays on the GPU.
 */
export function binSums(idx: tf.Tensor1D, weights: tf.Tensor1D | null, size: number): tf.Tensor1D {
  if (tf.getBackend() === 'webgl') return oneHotBinSums(idx, weights, size);
  return tf.cast(
    tf.denseBincount(idx, weights ?? tf.tensor1d([], 'float32'), size),
    'float32',
  ) as tf.Tensor1D;
}

/**
 * binSums as weights · oneHot(idx): the GPU-resident form (exported for its test on cpu). Several
 * weight rows [k, n] give k sums per index in one product, flat [k · size] row by row.
 */
export function oneHotBinSums(
  idx: tf.Tensor1D,
  weights: tf.Tensor1D | tf.Tensor2D | null,
  size: number,
): tf.Tensor1D {
  const w = !weights
    ? tf.ones([1, idx.size])
    : weights.rank === 1
      ? tf.reshape(weights, [1, -1])
      : weights;
  const hot = tf.oneHot(idx, size, 1, 0, 'float32');
  return tf.reshape(tf.matMul(w as tf.Tensor2D, hot), [-1]) as tf.Tensor1D;
}

/**
 * Joint counts of (row, col) index pairs, flat [rows · cols] row-major: a histogram of several
 * tensors at once (row = tensor, col = bin). Off WebGL one bincount of row·cols + col; on WebGL
 * (see binSums) two thin one-hot matrices and one product, n·(rows + cols) values instead of the
 * n·rows·cols of a single wide one-hot (8 M values per record for a 6×256 MLP's gradients).
 */
export function pairCounts(
  row: tf.Tensor1D,
  col: tf.Tensor1D,
  rows: number,
  cols: number,
): tf.Tensor1D {
  if (tf.getBackend() === 'webgl') return pairCountsByProduct(row, col, rows, cols);
  return binSums(
    tf.add(tf.mul(row, tf.scalar(cols, 'int32')), col) as tf.Tensor1D,
    null,
    rows * cols,
  );
}

/** pairCounts as oneHot(row)ᵀ · oneHot(col): the GPU-resident form (exported for its test on cpu). */
export function pairCountsByProduct(
  row: tf.Tensor1D,
  col: tf.Tensor1D,
  rows: number,
  cols: number,
): tf.Tensor1D {
  const r = tf.oneHot(row, rows, 1, 0, 'float32');
  const c = tf.oneHot(col, cols, 1, 0, 'float32');
  return tf.reshape(tf.matMul(r, c, true, false), [-1]) as tf.Tensor1D;
}

/** `x` flattened, or a strided sample of at most `limit` of its values (see sampleStride). */
export function sampledValues(x: tf.Tensor, limit = HISTOGRAM_MAX_VALUES): tf.Tensor1D {
  const all = tf.reshape(x, [-1]) as tf.Tensor1D;
  const stride = sampleStride(x.size, x.shape[x.rank - 1] ?? 1, limit);
  return stride > 1 ? (tf.stridedSlice(all, [0], [x.size], [stride]) as tf.Tensor1D) : all;
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
  return histograms([x], range, bins);
}

/**
 * `histogram` of each tensor, concatenated ([lo, hi, counts…] per tensor), in one pass: the
 * samples are concatenated and binned together, each tensor's bins offset by its index, so the
 * kernel count hardly grows with the number of tensors (a record bins every layer's activations
 * and gradients; per-tensor histograms cost ~15 kernel launches each). `map` transforms the
 * sampled values before binning (log|g| for gradients), so it runs once over all of them.
 */
export function histograms(
  xs: tf.Tensor[],
  range: [number, number] | null,
  bins = HISTOGRAM_BINS,
  map?: (values: tf.Tensor1D) => tf.Tensor1D,
  /** Keeps the index and range tensors, which depend only on the shapes, between calls. */
  constants?: TensorCache,
): tf.Tensor1D {
  const n = xs.length;
  if (n === 0) return tf.zeros([0]) as tf.Tensor1D;
  const sampled = xs.map((x) => sampledValues(x));
  const joined = n === 1 ? sampled[0]! : (tf.concat(sampled) as tf.Tensor1D);
  const values = map ? map(joined) : joined;
  // Each value's own tensor index: its row in the joint count (and, without a range, which
  // tensor's lo and width bin it).
  const sizes = sampled.map((v) => v.size);
  const segment =
    n === 1
      ? null
      : cachedTensor(
          constants,
          `segment:${sizes.join()}`,
          () => tf.concat(sizes.map((size, i) => tf.fill([size], i, 'int32'))) as tf.Tensor1D,
        );
  // Each value is binned with its own tensor's lo and width: shared scalars for a fixed range or
  // a single tensor (the cpu backend broadcasts shape [] on its fast path), gathered otherwise.
  let lo: tf.Tensor1D;
  let hi: tf.Tensor1D;
  let valueLo: tf.Tensor;
  let valueWidth: tf.Tensor;
  if (range) {
    lo = cachedTensor(
      constants,
      `fill:${n}:${range[0]}`,
      () => tf.fill([n], range[0]) as tf.Tensor1D,
    );
    hi = cachedTensor(
      constants,
      `fill:${n}:${range[1]}`,
      () => tf.fill([n], range[1]) as tf.Tensor1D,
    );
    valueLo = tf.scalar(range[0]);
    // float32(hi − lo) of float32 bounds, exactly as the device would compute it.
    valueWidth = tf.scalar(
      Math.max(Math.fround(Math.fround(range[1]) - Math.fround(range[0])), 1e-12),
    );
  } else {
    const parts = n === 1 ? [values] : tf.split(values, sizes);
    lo = tf.stack(parts.map((v) => tf.min(v))) as tf.Tensor1D;
    hi = tf.stack(parts.map((v) => tf.max(v))) as tf.Tensor1D;
    // A constant tensor has hi = lo; the tiny width keeps the division finite and puts it in bin 0.
    const width = tf.maximum(tf.sub(hi, lo), 1e-12);
    const at = (t: tf.Tensor) => (segment ? tf.gather(t, segment) : tf.reshape(t, []));
    valueLo = at(lo);
    valueWidth = at(width);
  }
  const bin = tf.cast(
    tf.clipByValue(
      tf.floor(tf.mul(tf.div(tf.sub(values, valueLo), valueWidth), bins)),
      0,
      bins - 1,
    ),
    'int32',
  );
  const counts = segment
    ? pairCounts(segment, bin as tf.Tensor1D, n, bins)
    : binSums(bin as tf.Tensor1D, null, bins);
  return tf.reshape(
    tf.concat([tf.reshape(lo, [n, 1]), tf.reshape(hi, [n, 1]), tf.reshape(counts, [n, bins])], 1),
    [-1],
  ) as tf.Tensor1D;
}

/** Per example: softmax cross-entropy and whether the top logit is the label, as [n, 2]. */
export function lossAndCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor2D {
  const loss = rowCrossEntropy(logits, labels);
  const correct = tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32');
  // Examples along the first axis, so a range of examples is a contiguous slice (fast on cpu).
  return tf.stack([loss, correct], 1) as tf.Tensor2D;
}
