/** Data splits held on the device, and views of them for evaluation. */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from './datasets';

/** One split on the device. */
export interface Split {
  x: tf.Tensor;
  y: tf.Tensor1D;
  mask: tf.Tensor2D | null;
  n: number;
}

export function toSplit(
  data: Dataset,
  x: Float32Array | Int32Array,
  y: Int32Array,
  mask: Float32Array | undefined,
): Split {
  const n = y.length;
  const shape = [n, ...data.inputShape];
  return {
    x: x instanceof Int32Array ? tf.tensor(x, shape, 'int32') : tf.tensor(x, shape, 'float32'),
    y: tf.tensor1d(y, 'int32'),
    mask: mask ? tf.tensor2d(mask, [n, data.inputShape[0]!]) : null,
    n,
  };
}

/** Examples [start, start + count) of a split (new tensors unless it is the whole split). */
export function rows(s: Split, start: number, count: number): Split {
  if (start === 0 && count >= s.n) return { ...s };
  const cut = (t: tf.Tensor) => tf.slice(t, start, count);
  return {
    x: cut(s.x),
    y: cut(s.y) as tf.Tensor1D,
    mask: s.mask && (cut(s.mask) as tf.Tensor2D),
    n: count,
  };
}

/** The first `count` examples of a split (a view for evaluation; the caller disposes it). */
export function head(s: Split, count: number): Split {
  return rows(s, 0, Math.min(count, s.n));
}

/** Disposes the tensors of several splits once each (views may share tensors with their source). */
export function disposeSplits(splits: (Split | null)[]): void {
  const tensors = new Set(splits.flatMap((s) => (s ? [s.x, s.y, s.mask] : [])));
  for (const t of tensors) t?.dispose();
}

/** The examples of several splits one after another, in new tensors. */
export function concatSplits(splits: Split[]): Split {
  const masks = splits.map((s) => s.mask);
  return {
    x: tf.concat(splits.map((s) => s.x)),
    y: tf.concat(splits.map((s) => s.y)) as tf.Tensor1D,
    mask: masks.every((m) => m !== null)
      ? (tf.concat(masks as tf.Tensor2D[]) as tf.Tensor2D)
      : null,
    n: splits.reduce((a, s) => a + s.n, 0),
  };
}
