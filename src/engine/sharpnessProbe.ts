/**
 * The trainer's sharpness measurement: a fixed batch (the first `sharpnessBatch` training
 * examples) and the eigenvectors of the previous measurement, which warm-start the next one.
 * Training moves the weights slowly, so a few power iterations from there suffice. The
 * eigenvectors are kept flat (one 1-D tensor over all variables, see `flattenTensors`), the form
 * the power iteration works in.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import { largestHessianEigenvalueFlat } from './curvature';
import { disposeSplits, head, type Split } from './splits';

/** The first measurement starts from a random vector, so it runs this many times more iterations. */
const COLD_START_FACTOR = 3;

export class SharpnessProbe {
  private batch: Split | null = null;
  private eigenvectors: { top: tf.Tensor1D; dominant: tf.Tensor1D } | null = null;

  constructor(private readonly train: Split) {}

  /** The fixed batch, made outside any tidy so it persists (call before the training step's tidy). */
  prepare(size: number): Split {
    const want = Math.min(size, this.train.n);
    if (this.batch?.n !== want) {
      // A view of the whole split shares the split's tensors, which must outlive it.
      if (this.batch && this.batch.x !== this.train.x) disposeSplits([this.batch]);
      this.batch = head(this.train, want);
    }
    return this.batch;
  }

  /**
   * The largest Hessian eigenvalue of `loss` (a deterministic function of `vars` on the prepared
   * batch) as a device scalar; keeps the new eigenvectors for the next call.
   */
  measure(
    loss: () => tf.Scalar,
    vars: tf.Variable[],
    diag: ExperimentConfig['diagnostics'],
    seed: number,
  ): tf.Scalar {
    const iterations = diag.sharpnessIterations * (this.eigenvectors ? 1 : COLD_START_FACTOR);
    const r = largestHessianEigenvalueFlat(loss, vars, {
      iterations,
      // The probe only has to find the sign and rough size of the dominant eigenvalue.
      probeIterations: Math.ceil(iterations / 3),
      init: this.eigenvectors?.top,
      dominantInit: this.eigenvectors?.dominant,
      seed,
    });
    this.disposeEigenvectors();
    this.eigenvectors = { top: tf.keep(r.top), dominant: tf.keep(r.dominant) };
    return r.value;
  }

  /** Frees the batch (unless it is the training split itself) and the eigenvectors. */
  dispose(): void {
    if (this.batch && this.batch.x !== this.train.x) disposeSplits([this.batch]);
    this.batch = null;
    this.disposeEigenvectors();
  }

  private disposeEigenvectors(): void {
    if (this.eigenvectors) tf.dispose([this.eigenvectors.top, this.eigenvectors.dominant]);
    this.eigenvectors = null;
  }
}
