/**
 * Constant tensors a record would otherwise rebuild identically every time (a histogram's
 * per-value tensor index, its fixed range), made once and kept for the owner's life: each costs
 * kernel launches on every record, which is what small models pay for on a GPU. Keys name what
 * determines the tensor; a trainer's keys are fixed by its model, so the cache does not grow.
 */
import * as tf from '@tensorflow/tfjs';

export class TensorCache {
  private readonly tensors = new Map<string, tf.Tensor>();

  /** The tensor for `key`, made by `make` the first time (kept outside any tidy). */
  get<T extends tf.Tensor>(key: string, make: () => T): T {
    let t = this.tensors.get(key) as T | undefined;
    if (!t) {
      t = tf.keep(make());
      this.tensors.set(key, t);
    }
    return t;
  }

  /** How many tensors are kept. */
  get size(): number {
    return this.tensors.size;
  }

  dispose(): void {
    tf.dispose([...this.tensors.values()]);
    this.tensors.clear();
  }
}

/** `make()`, through `cache` when there is one. */
export function cachedTensor<T extends tf.Tensor>(
  cache: TensorCache | undefined,
  key: string,
  make: () => T,
): T {
  return cache ? cache.get(key, make) : make();
}
