/**
 * Small reductions for evaluation and diagnostics: along the last axis of a [rows, cols] matrix
 * with few columns (class logits), and over the batch axis of stacked activations. On WebGPU they
 * are pooling windows: tfjs's WebGPU reductions run one 64-thread workgroup with shared-memory
 * barriers per output row, and on the software adapter measured here a row max over the
 * 1,600-point boundary grid took ~45 ms and its softmax ~90 ms, against ~0.5 ms for a pooling
 * kernel (one output per thread). Elsewhere they are tfjs's reductions: on WebGL the pooling form
 * costs more (the 4-D reshapes of packed textures are shader passes of their own; a spiral record's
 * diagnostics went +16 → +25 ms with it), and on cpu the two are alike.
 * Nothing here is differentiated.
 */
import * as tf from '@tensorflow/tfjs';

let forced: boolean | null = null;

/** Whether the pooling forms are used: on WebGPU, unless a test forces either path. */
function pooling(): boolean {
  return forced ?? tf.getBackend() === 'webgpu';
}

/** Runs `f` with the pooling forms forced on or off whatever the backend (tests check both). */
export function withPooling<T>(on: boolean, f: () => T): T {
  const before = forced;
  forced = on;
  try {
    return f();
  } finally {
    forced = before;
  }
}

type Pool = (
  x: tf.Tensor4D,
  filter: [number, number],
  strides: [number, number],
  pad: 'valid',
) => tf.Tensor4D;

function poolRows(x: tf.Tensor2D, pool: Pool): tf.Tensor1D {
  const [rows, cols] = x.shape;
  const image = tf.reshape(x, [1, rows, cols, 1]) as tf.Tensor4D;
  return tf.reshape(pool(image, [1, cols], [1, cols], 'valid'), [rows]) as tf.Tensor1D;
}

/** max_j x[i, j]: [rows]. */
export function rowMax(x: tf.Tensor2D): tf.Tensor1D {
  return pooling() ? poolRows(x, tf.maxPool) : tf.max(x, 1);
}

/** Σ_j x[i, j]: [rows] (the window's mean times its width). */
export function rowSum(x: tf.Tensor2D): tf.Tensor1D {
  return pooling() ? (tf.mul(poolRows(x, tf.avgPool), x.shape[1]) as tf.Tensor1D) : tf.sum(x, 1);
}

/** log Σ_j exp(x[i, j]), shifted by the row max so no exp overflows: [rows]. */
export function rowLogSumExp(x: tf.Tensor2D): tf.Tensor1D {
  const m = rowMax(x);
  const shifted = tf.exp(tf.sub(x, tf.reshape(m, [-1, 1]))) as tf.Tensor2D;
  return tf.add(m, tf.log(rowSum(shifted))) as tf.Tensor1D;
}

/** Per-row softmax cross-entropy against integer labels: logΣexp(x) − x[label]: [rows]. */
export function rowCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  const picked = rowSum(
    tf.mul(
      logits,
      tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, logits.shape[1]),
    ) as tf.Tensor2D,
  );
  return tf.sub(rowLogSumExp(logits), picked) as tf.Tensor1D;
}

/**
 * A pooling window is one thread running through its values in order: right for the few hundred
 * values of an MLP's batch statistics, wrong for a conv layer's 10⁵ (one thread where a reduction
 * uses many, and a float32 running sum that long drifts). Larger windows take tfjs's reductions.
 */
export const MAX_POOL_WINDOW = 4096;

/**
 * One pooling window of `window` = [rows, cols] over each [B, U] slice of x [H, B, U], reshaped to
 * `out`; null where tfjs's reductions are used instead (not WebGPU, or a window too long).
 */
function poolSlices(
  x: tf.Tensor3D,
  pool: Pool,
  window: [number, number],
  out: number[],
): tf.Tensor | null {
  if (!pooling() || window[0] * window[1] > MAX_POOL_WINDOW) return null;
  const images = tf.reshape(x, [...x.shape, 1]) as tf.Tensor4D;
  return tf.reshape(pool(images, window, window, 'valid'), out);
}

/** max over the middle axis of [H, B, U]: [H, U]. */
export function maxOverBatch(x: tf.Tensor3D): tf.Tensor2D {
  const [h, b, u] = x.shape;
  return (poolSlices(x, tf.maxPool, [b, 1], [h, u]) ?? tf.max(x, 1)) as tf.Tensor2D;
}

/** mean over the middle axis of [H, B, U]: [H, U]. */
export function meanOverBatch(x: tf.Tensor3D): tf.Tensor2D {
  const [h, b, u] = x.shape;
  return (poolSlices(x, tf.avgPool, [b, 1], [h, u]) ?? tf.mean(x, 1)) as tf.Tensor2D;
}

/** min over the middle axis of [H, B, U]: [H, U] (pooled as −max(−x)). */
export function minOverBatch(x: tf.Tensor3D): tf.Tensor2D {
  const [h, b, u] = x.shape;
  const minPool: Pool = (im, w, st, pad) =>
    tf.neg(tf.maxPool(tf.neg(im) as tf.Tensor4D, w, st, pad));
  return (poolSlices(x, minPool, [b, 1], [h, u]) ?? tf.min(x, 1)) as tf.Tensor2D;
}

/** mean of each [B, U] slice of [H, B, U]: [H]. */
export function meanOfSlices(x: tf.Tensor3D): tf.Tensor1D {
  const [h, b, u] = x.shape;
  return (poolSlices(x, tf.avgPool, [b, u], [h]) ?? tf.mean(x, [1, 2])) as tf.Tensor1D;
}
