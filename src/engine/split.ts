/**
 * The train/validation split every data set shares: a seeded permutation of the examples, the
 * first part for training, the rest for validation, each row copied whole.
 */
import { permutation, type Rng } from './random';

export interface SplitOrder {
  train: Int32Array;
  val: Int32Array;
}

/** Shuffles `size` example indices; `valFraction` of them (at least 1, never all) validate. */
export function splitOrder(size: number, valFraction: number, rng: Rng): SplitOrder {
  const order = permutation(size, rng);
  const nVal = Math.min(size - 1, Math.max(1, Math.round(size * valFraction)));
  return { train: order.subarray(0, size - nVal), val: order.subarray(size - nVal) };
}

/** The rows `rows` of a row-major array with `width` values per row, in that order. */
export function takeRows<A extends Float32Array | Int32Array>(src: A, width: number, rows: ArrayLike<number>): A {
  const out = new (src.constructor as new (n: number) => A)(rows.length * width);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    out.set(src.subarray(i * width, (i + 1) * width), k * width);
  }
  return out;
}
