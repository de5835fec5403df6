/**
 * Adaptive gradient clipping at a running percentile of the global gradient norm: the threshold
 * follows the run's own scale (no hand-picked clipNorm) and only cuts the rare outliers. The
 * window of recent norms lives on the device, so choosing the threshold costs no readback.
 */
import * as tf from '@tensorflow/tfjs';
import { variableOf } from './variables';

export class PercentileClipper {
  private readonly buffer: tf.Variable<tf.Rank.R1>;
  /** Steps clipped since the last `takeCounts` (on the device). */
  private readonly clipped: tf.Variable<tf.Rank.R0>;
  private inserted = 0;

  constructor(
    readonly window: number,
    private percentile: number,
  ) {
    this.buffer = variableOf(() => tf.zeros([window]) as tf.Tensor1D, false);
    this.clipped = variableOf(() => tf.scalar(0), false);
  }

  /** No clipping until the window has been filled once: a percentile of a few values is noise. */
  get active(): boolean {
    return this.inserted >= this.window;
  }

  setPercentile(p: number): void {
    this.percentile = p;
  }

  /**
   * The threshold: the value with (100 − p)% of the window above it, i.e. the k-th largest with
   * k = ⌊(1 − p/100)·W⌋ + 1.
   */
  threshold(): tf.Scalar {
    // (100 − p)·W / 100, not (1 − p/100)·W: 1 − 0.9 is 0.0999…, which would floor 5 to 4 at W = 50.
    const above = Math.floor(((100 - this.percentile) * this.window) / 100 + 1e-9);
    const k = Math.min(this.window, above + 1);
    const { values } = tf.topk(this.buffer, k);
    return tf.reshape(tf.slice(values, [k - 1], [1]), []) as tf.Scalar;
  }

  /**
   * Clips `grads` at the current threshold (once active), then records their global norm. The
   * threshold comes from earlier steps only, so a spike cannot raise the bar that judges it.
   * Call inside the trainer's tidy.
   */
  apply(grads: tf.Tensor[]): tf.Tensor[] {
    const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
    let out = grads;
    if (this.active) {
      const thr = this.threshold();
      const scale = tf.minimum(1, tf.div(thr, tf.maximum(norm, 1e-12)));
      out = grads.map((g) => tf.mul(g, scale));
      this.clipped.assign(tf.add(this.clipped, tf.cast(tf.greater(norm, thr), 'float32')));
    }
    // A non-finite norm keeps the slot's old value: one NaN step must not poison the threshold.
    const pos = this.inserted % this.window;
    const old = tf.slice(this.buffer, [pos], [1]);
    const value = tf.where(tf.isFinite(norm), tf.reshape(norm, [1]), old);
    this.buffer.assign(
      tf.concat([
        tf.slice(this.buffer, 0, pos),
        value,
        tf.slice(this.buffer, pos + 1),
      ]) as tf.Tensor1D,
    );
    this.inserted += 1;
    return out;
  }

  /** [threshold (NaN while filling), steps clipped since the last call]; resets the count. */
  takeCounts(): tf.Tensor1D {
    const thr = this.active ? tf.reshape(this.threshold(), [1]) : tf.tensor1d([NaN]);
    const out = tf.concat([thr, tf.reshape(this.clipped, [1])]) as tf.Tensor1D;
    this.clipped.assign(tf.scalar(0));
    return out;
  }

  dispose(): void {
    this.buffer.dispose();
    this.clipped.dispose();
  }
}
