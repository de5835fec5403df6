/**
 * Per-layer sums over flat vectors laid out layer after layer (as `flattenTensors` lays out a
 * model's gradients or weights). A record needs several per-layer norms (gradients, weights,
 * updates); summed tensor by tensor they cost about three kernel launches per tensor, ~120 per
 * record on a 4-layer MLP, which is most of what a record costs a small model. Here each vector
 * costs a square and its share of one matrix product with a 0/1 layer-indicator matrix, built
 * once per model. A model too big for that matrix sums contiguous segments instead.
 */
import * as tf from '@tensorflow/tfjs';

/** Largest indicator matrix kept (values): 4 MB of float32; bigger models sum segments. */
export const MAX_INDICATOR_VALUES = 1 << 20;

export class GroupSums {
  /** Values per group, in layout order. */
  readonly sizes: readonly number[];
  private readonly indicator: tf.Tensor2D | null;

  constructor(groups: readonly (readonly { size: number }[])[]) {
    this.sizes = groups.map((g) => g.reduce((n, t) => n + t.size, 0));
    const total = this.sizes.reduce((a, b) => a + b, 0);
    const g = this.sizes.length;
    if (total * g <= MAX_INDICATOR_VALUES) {
      const m = new Float32Array(total * g);
      let row = 0;
      this.sizes.forEach((size, col) => {
        for (let i = 0; i < size; i++, row++) m[row * g + col] = 1;
      });
      this.indicator = tf.keep(tf.tensor2d(m, [total, g]));
    } else {
      this.indicator = null;
    }
  }

  /** Per-group sums of each vector: [vectors.length, groups]. Each vector has the full layout. */
  sums(vectors: tf.Tensor1D[]): tf.Tensor2D {
    const k = vectors.length;
    if (this.indicator) {
      const x = k === 1 ? tf.reshape(vectors[0]!, [1, -1]) : tf.stack(vectors);
      return tf.matMul(x as tf.Tensor2D, this.indicator);
    }
    // One split of the vectors end to end: every segment is contiguous (cpu's fast slice path).
    const all = k === 1 ? vectors[0]! : tf.concat(vectors);
    const parts = tf.split(
      all,
      vectors.flatMap(() => this.sizes),
    );
    return tf.reshape(tf.stack(parts.map((p) => tf.sum(p))), [k, this.sizes.length]) as tf.Tensor2D;
  }

  dispose(): void {
    this.indicator?.dispose();
  }
}

/**
 * `fn` with a GroupSums for `groups`: the given one, or a temporary one disposed afterwards (for
 * callers that measure once, like the tests).
 */
export function withGroupSums<T>(
  groups: readonly (readonly { size: number }[])[],
  given: GroupSums | undefined,
  fn: (sums: GroupSums) => T,
): T {
  if (given) return fn(given);
  const made = new GroupSums(groups);
  try {
    return fn(made);
  } finally {
    made.dispose();
  }
}
