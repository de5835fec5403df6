/**
 * The custom training loop. One `trainStep` is, inside one tf.tidy:
 * forward → loss (+ penalty) → variableGrads → running-stat update → optimizer step, and on record
 * steps the diagnostics, all reduced on the device into one vector. `readRecord` is the only
 * readback: one `await data()` per record. No dataSync anywhere, so it is safe on WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import { ACTIVATIONS } from './activations';
import type { Dataset } from './datasets';
import { groupSquaredNorms, histogram, HISTOGRAM_BINS, lossAndAccuracy } from './diagnostics';
import { buildMlp, disposeMlp, forward, layers, penalizedWeights, trainableOf, type Mlp } from './mlp';
import { updateRunningStats, type BatchMoments } from './norms';
import { OPTIMIZERS, type Optimizer } from './optimizers';
import { deriveSeed, makeRng, permutation, type Rng } from './random';

export const BOUNDARY_RESOLUTION = 40;

/** What one record step measured, in typed arrays (unpacked from the single readback). */
export interface StepRecord {
  step: number;
  /** Loss of the optimized objective on this step's batch (cross-entropy + penalty). */
  lossBatch: number;
  /** Full training set, evaluation mode. */
  lossTrain: number;
  accuracyTrain: number;
  lossVal: number;
  accuracyVal: number;
  /** L2 norm of each layer's gradient (weights, bias, norm parameters), in `layerNames` order. */
  gradNorms: Float32Array;
  /** Per hidden layer: lo, hi, then HISTOGRAM_BINS counts of its post-activation values. */
  histLo: Float32Array;
  histHi: Float32Array;
  histCounts: Float32Array;
  /** Class-1 probabilities on the boundary grid, when requested. */
  boundary: Float32Array | null;
}

export interface RecordRequest {
  boundary: boolean;
}

interface Pending {
  step: number;
  packed: tf.Tensor1D;
  boundary: boolean;
}

export class Trainer {
  readonly layerNames: string[];
  readonly hiddenNames: string[];
  readonly extent: [number, number];
  step = 0;
  private config: ExperimentConfig;
  private readonly model: Mlp;
  private readonly optimizer: Optimizer;
  private readonly trainable: tf.Variable[];
  private readonly xTrain: tf.Tensor2D;
  private readonly yTrain: tf.Tensor1D;
  private readonly xVal: tf.Tensor2D;
  private readonly yVal: tf.Tensor1D;
  private readonly grid: tf.Tensor2D;
  private readonly numClasses: number;
  private readonly nTrain: number;
  private readonly batchRng: Rng;
  private order: Int32Array = new Int32Array(0);
  private cursor = 0;

  constructor(config: ExperimentConfig, data: Dataset) {
    this.config = config;
    this.numClasses = data.numClasses;
    this.nTrain = data.yTrain.length;
    this.extent = data.extent;
    this.xTrain = tf.tensor2d(data.xTrain, [this.nTrain, data.inputDim]);
    this.yTrain = tf.tensor1d(data.yTrain, 'int32');
    this.xVal = tf.tensor2d(data.xVal, [data.yVal.length, data.inputDim]);
    this.yVal = tf.tensor1d(data.yVal, 'int32');
    this.grid = makeGrid(data.extent, BOUNDARY_RESOLUTION);
    this.model = buildMlp(config.model, data.inputDim, data.numClasses, deriveSeed(config.seed, 'init'));
    this.trainable = layers(this.model).flatMap(trainableOf);
    this.optimizer = OPTIMIZERS[config.optimizer.name]();
    this.batchRng = makeRng(deriveSeed(config.seed, 'batches'));
    this.layerNames = layers(this.model).map((l) => l.name);
    this.hiddenNames = this.model.hidden.map((l) => l.name);
  }

  /** The parameters, read-only (tests and diagnostics read them; only trainStep changes them). */
  get parameters(): Readonly<Mlp> {
    return this.model;
  }

  /**
   * Fields that change the objective or the update but not the model's shape apply here, live.
   * Seed, data, model and optimizer name need a new Trainer (the worker's Session decides).
   */
  setLiveConfig(config: ExperimentConfig): void {
    this.config = config;
  }

  /**
   * One optimizer step. With `record`, also measures diagnostics and returns a handle for
   * `readRecord`; no value leaves the device here.
   */
  trainStep(record: RecordRequest | null): Pending | null {
    const { regularization, optimizer, training } = this.config;
    const idx = this.nextBatch(Math.min(training.batchSize, this.nTrain));
    const dropoutSeed = deriveSeed(this.config.seed, 'dropout') + this.step * 7919;
    const range = ACTIVATIONS[this.config.model.activation].range;
    // Tensors made inside the gradient function are freed when it returns, so the ones needed
    // afterwards (batch moments, histograms) are kept explicitly and freed in `finally`.
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(t);
      return tf.keep(t);
    };
    try {
      const packed = tf.tidy((): tf.Tensor1D | void => {
        const idxT = tf.tensor1d(idx, 'int32');
        const xb = tf.gather(this.xTrain, idxT) as tf.Tensor2D;
        const yb = tf.oneHot(tf.gather(this.yTrain, idxT), this.numClasses);
        let moments: (BatchMoments | undefined)[] = [];
        let hist: tf.Tensor | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const f = forward(this.model, xb, {
            training: true,
            dropout: regularization.dropout,
            dropoutSeed,
          });
          moments = f.moments.map((m) => m && { mean: keep(m.mean), variance: keep(m.variance) });
          if (record) hist = keep(tf.concat(f.activations.map((a) => histogram(a, range))));
          const ce = tf.losses.softmaxCrossEntropy(yb, f.logits);
          return (regularization.l2 > 0 ? tf.add(ce, this.l2Penalty(regularization.l2)) : ce) as tf.Scalar;
        }, this.trainable);
        // Running statistics move only here, on the real training forward.
        this.model.hidden.forEach((l, i) => {
          const m = moments[i];
          if (m) updateRunningStats(l.norm, m);
        });
        const gradList = this.trainable.map((v) => grads[v.name]!);
        const gradSq = record
          ? groupSquaredNorms(layers(this.model).map((l) => trainableOf(l).map((v) => grads[v.name]!)))
          : null;
        this.optimizer.apply(this.trainable, gradList, optimizer.lr);
        if (!record) return;
        const parts: tf.Tensor[] = [
          tf.reshape(value, [1]),
          this.evaluate(this.xTrain, this.yTrain),
          this.evaluate(this.xVal, this.yVal),
          gradSq!,
          hist!,
        ];
        if (record.boundary) parts.push(this.predictClass1(this.grid));
        return tf.concat(parts) as tf.Tensor1D;
      });
      this.step += 1;
      return packed && record ? { step: this.step, packed, boundary: record.boundary } : null;
    } finally {
      kept.forEach((t) => t.dispose());
    }
  }

  /** The one readback per record: awaits the packed vector and unpacks it. */
  async readRecord(p: Pending): Promise<StepRecord> {
    const v = (await p.packed.data()) as Float32Array;
    p.packed.dispose();
    const L = this.layerNames.length;
    const H = this.hiddenNames.length;
    const B = HISTOGRAM_BINS;
    let o = 5;
    const gradNorms = v.slice(o, o + L).map(Math.sqrt);
    o += L;
    const histLo = new Float32Array(H);
    const histHi = new Float32Array(H);
    const histCounts = new Float32Array(H * B);
    for (let h = 0; h < H; h++, o += B + 2) {
      histLo[h] = v[o]!;
      histHi[h] = v[o + 1]!;
      histCounts.set(v.subarray(o + 2, o + 2 + B), h * B);
    }
    return {
      step: p.step,
      lossBatch: v[0]!,
      lossTrain: v[1]!,
      accuracyTrain: v[2]!,
      lossVal: v[3]!,
      accuracyVal: v[4]!,
      gradNorms,
      histLo,
      histHi,
      histCounts,
      boundary: p.boundary ? v.slice(o) : null,
    };
  }

  dispose(): void {
    disposeMlp(this.model);
    this.optimizer.dispose();
    for (const t of [this.xTrain, this.yTrain, this.xVal, this.yVal, this.grid]) t.dispose();
  }

  /** Coupled L2: λ·Σ‖W‖² over weight matrices (Keras convention; gradient 2λW). */
  private l2Penalty(lambda: number): tf.Scalar {
    return tf.mul(lambda, tf.addN(penalizedWeights(this.model).map((w) => tf.sum(tf.square(w))))) as tf.Scalar;
  }

  /** [loss, accuracy] in evaluation mode (running statistics, no dropout): moves no state. */
  private evaluate(x: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
    return lossAndAccuracy(forward(this.model, x, { training: false }).logits, y, this.numClasses);
  }

  private predictClass1(x: tf.Tensor2D): tf.Tensor1D {
    const probs = tf.softmax(forward(this.model, x, { training: false }).logits);
    return tf.reshape(tf.slice(probs, [0, 1], [-1, 1]), [-1]) as tf.Tensor1D;
  }

  /** Next minibatch from a per-epoch shuffle driven by the seed. */
  private nextBatch(size: number): Int32Array {
    const out = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      if (this.cursor >= this.order.length) {
        this.order = permutation(this.nTrain, this.batchRng);
        this.cursor = 0;
      }
      out[k] = this.order[this.cursor++]!;
    }
    return out;
  }
}

/** Grid points row by row from the top-left corner of [lo, hi]², for decision-boundary plots. */
function makeGrid([lo, hi]: [number, number], res: number): tf.Tensor2D {
  const pts = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const i = r * res + c;
      pts[2 * i] = lo + ((c + 0.5) * (hi - lo)) / res;
      pts[2 * i + 1] = hi - ((r + 0.5) * (hi - lo)) / res;
    }
  }
  return tf.tensor2d(pts, [res * res, 2]);
}
