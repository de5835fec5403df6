/**
 * Lists of tensors (variables, gradients, directions) as one flat vector and back. Vector algebra
 * on one flat tensor costs a handful of kernel launches instead of a few per variable, which is
 * what small models pay for on every backend (the optimizers and the sharpness probe use it).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * One flat 1-D tensor from a list (variables, gradients, a per-variable direction): one reshape
 * per tensor that is not already 1-D, one concat. A single 1-D tensor comes back as itself.
 */
export function flattenTensors(ts: readonly tf.Tensor[]): tf.Tensor1D {
  const parts = ts.map((t): tf.Tensor1D =>
    t.rank === 1 ? (t as tf.Tensor1D) : tf.reshape(t, [-1]),
  );
  return parts.length === 1 ? parts[0]! : tf.concat(parts);
}

/** flattenTensors that always copies (a lone 1-D tensor is cloned), for a snapshot of variables. */
export function flatCopy(ts: readonly tf.Tensor[]): tf.Tensor1D {
  const flat = flattenTensors(ts);
  return ts.includes(flat) ? tf.clone(flat) : flat;
}

/**
 * The inverse of flattenTensors: a flat vector split into tensors of the given variables' shapes
 * (one split, a reshape per non-vector shape). A single 1-D shape gets `flat` itself.
 */
export function unflattenLike(
  flat: tf.Tensor,
  vars: readonly { shape: number[]; size: number }[],
): tf.Tensor[] {
  const parts =
    vars.length === 1
      ? [flat]
      : tf.split(
          flat,
          vars.map((x) => x.size),
        );
  return parts.map((t, i) => (vars[i]!.shape.length === 1 ? t : tf.reshape(t, vars[i]!.shape)));
}
