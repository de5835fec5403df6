/**
 * One readback per record: named device tensors are flattened into one vector, and the host
 * slices the values back out by name. Sizes are known on the host from the tensors' shapes, so
 * the layout needs no readback of its own.
 */
import * as tf from '@tensorflow/tfjs';

export type Layout = [name: string, size: number][];

export function packTensors(parts: [string, tf.Tensor][]): { packed: tf.Tensor1D; layout: Layout } {
  return {
    packed: tf.concat(parts.map(([, t]) => tf.reshape(tf.cast(t, 'float32'), [-1]))) as tf.Tensor1D,
    layout: parts.map(([name, t]) => [name, t.size]),
  };
}

/** The values of each named part (copies, so the caller may transfer them). */
export function unpack(values: Float32Array, layout: Layout): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const [name, size] of layout) {
    out.set(name, values.slice(offset, offset + size));
    offset += size;
  }
  return out;
}
