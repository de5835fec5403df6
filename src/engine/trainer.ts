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
import { buildMlp, disposeMlp, forward, layers, trainableOf, type Mlp } from './mlp';
import { updateRunningStats, type BatchMoments } from './norms';
import { decoupledDecay, OPTIMIZERS, type Optimizer } from './optimizers';
import { deriveSeed, makeRng, permutation, type Rng } from './random';
import {
  adaptiveClip,
  applyMaxNorm,
  clipByGlobalNorm,
  penaltyLoss,
  penaltyStrengths,
  smoothedCrossEntropy,
} from './regularizers';
import { learningRateAt, warmupFactor } from './schedules';

export const BOUNDARY_RESOLUTION = 40;

/** What one record step measured, in typed arrays (unpacked from the single readback). */
export interface StepRecord {
  step: number;
  /** Learning rate used by this step's update (after warm-up / decay). */
  lr: number;
  /** Loss of the optimized objective on this step's batch (cross-entropy + penalty). */
  lossBatch: number;
  /** Full training set, evaluation mode. */
  lossTrain: number;
  accuracyTrain: number;
  lossVal: number;
  accuracyVal: number;
  /** L2 norm of each layer's gradient (weights, bias, norm parameters), in `layerNames` order. */
  gradNorms: Float32Array;
  /** L2 norm of each layer's weight matrix after this step's update, in `layerNames` order. */
  weightNorms: Float32Array;
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
  lr: number;
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
  private readonly optimizerOptions: ExperimentConfig['optimizer'];
  /** Per-trainable-variable penalty multipliers (profiles and bias/gain exclusion). */
  private strengths: number[];
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
    // The optimizer keeps this object and reads it at every step, so edits apply live.
    this.optimizerOptions = { ...config.optimizer };
    this.optimizer = OPTIMIZERS[config.optimizer.name](this.optimizerOptions);
    this.strengths = penaltyStrengths(this.model, config.regularization);
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
    Object.assign(this.optimizerOptions, config.optimizer);
    this.strengths = penaltyStrengths(this.model, config.regularization);
  }

  /**
   * One optimizer step. With `record`, also measures diagnostics and returns a handle for
   * `readRecord`; no value leaves the device here.
   */
  trainStep(record: RecordRequest | null): Pending | null {
    const { regularization: reg, optimizer, training, model } = this.config;
    const idx = this.nextBatch(Math.min(training.batchSize, this.nTrain));
    const seed = deriveSeed(this.config.seed, 'masks') + this.step * 7919;
    const range = ACTIVATIONS[model.activation].range;
    const lr = learningRateAt(this.step, optimizer, training.steps);
    const warm = warmupFactor(this.step, reg.warmupSteps, reg.warmupShape);
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
            dropout: reg.dropout,
            noiseStd: reg.noiseStd,
            noiseAt: reg.noiseAt,
            seed,
          });
          moments = f.moments.map((m) => m && { mean: keep(m.mean), variance: keep(m.variance) });
          if (record) hist = keep(tf.concat(f.activations.map((a) => histogram(a, range))));
          const ce = smoothedCrossEntropy(yb, f.logits, reg.labelSmoothing);
          const penalized = warm > 0 && (reg.l2 > 0 || reg.l1 > 0);
          return (penalized
            ? tf.add(ce, tf.mul(warm, penaltyLoss(this.trainable, this.strengths, reg.l2, reg.l1)))
            : ce) as tf.Scalar;
        }, this.trainable);
        // Running statistics move only here, on the real training forward.
        this.model.hidden.forEach((l, i) => {
          const m = moments[i];
          if (m) updateRunningStats(l.norm, m, model.normMomentum);
        });
        // Gradient norms are reported before clipping: the raw signal is what a learner should see.
        const gradSq = record
          ? groupSquaredNorms(layers(this.model).map((l) => trainableOf(l).map((v) => grads[v.name]!)))
          : null;
        let gradList = this.trainable.map((v) => grads[v.name]!);
        if (reg.clipNorm > 0) gradList = clipByGlobalNorm(gradList, reg.clipNorm);
        if (reg.agc > 0) {
          const byVar = new Map(this.trainable.map((v, i) => [v, gradList[i]!] as const));
          adaptiveClip(this.model, byVar, reg.agc);
          gradList = this.trainable.map((v) => byVar.get(v)!);
        }
        // Decoupled decay uses the weights from before this step's update (AdamW, Alg. 2).
        if (optimizer.weightDecay > 0 && warm > 0) {
          decoupledDecay(this.trainable, this.strengths, lr, optimizer.weightDecay * warm);
        }
        this.optimizer.apply(this.trainable, gradList, lr);
        if (reg.maxNorm > 0) applyMaxNorm(layers(this.model), reg.maxNorm);
        if (!record) return;
        const parts: tf.Tensor[] = [
          tf.reshape(value, [1]),
          this.evaluate(this.xTrain, this.yTrain),
          this.evaluate(this.xVal, this.yVal),
          gradSq!,
          groupSquaredNorms(layers(this.model).map((l) => [l.w])),
          hist!,
        ];
        if (record.boundary) parts.push(this.predictClass1(this.grid));
        return tf.concat(parts) as tf.Tensor1D;
      });
      this.step += 1;
      return packed && record ? { step: this.step, lr, packed, boundary: record.boundary } : null;
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
    const weightNorms = v.slice(o, o + L).map(Math.sqrt);
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
      lr: p.lr,
      lossBatch: v[0]!,
      lossTrain: v[1]!,
      accuracyTrain: v[2]!,
      lossVal: v[3]!,
      accuracyVal: v[4]!,
      gradNorms,
      weightNorms,
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
