/**
 * The custom training loop. One `trainStep` is, inside one tf.tidy:
 * forward → loss (+ penalty) → variableGrads → running-stat update → optimizer step, and on record
 * steps the diagnostics, all reduced on the device into one vector. `readRecord` is the only
 * readback: one `await data()` per record. No dataSync anywhere, so it is safe on WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import type { Dataset } from './datasets';
import { groupSquaredNorms, histogram, HISTOGRAM_BINS, lossAndAccuracy } from './diagnostics';
import { trainableOf, type LabModel, type ModelInput } from './model';
import { buildModel, histogramRange } from './models';
import { updateRunningStats, type BatchMoments, type NormParams } from './norms';
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
/** Image sets: how many fixed validation images the sample grid shows with their predictions. */
export const SAMPLE_COUNT = 16;
/** Loss/accuracy on the training set is measured on at most this many examples (a fixed subset). */
export const TRAIN_EVAL_MAX = 256;
/** Evaluation forwards run in chunks this large, so a big validation set never needs one huge tensor. */
const EVAL_CHUNK = 256;

/** What one record step measured, in typed arrays (unpacked from the single readback). */
export interface StepRecord {
  step: number;
  /** Learning rate used by this step's update (after warm-up / decay). */
  lr: number;
  /** Loss of the optimized objective on this step's batch (cross-entropy + penalty). */
  lossBatch: number;
  /** Training set (up to TRAIN_EVAL_MAX examples), evaluation mode. */
  lossTrain: number;
  accuracyTrain: number;
  lossVal: number;
  accuracyVal: number;
  /** L2 norm of each layer's gradient (all its trainable variables), in `layerNames` order. */
  gradNorms: Float32Array;
  /** L2 norm of each layer's weights after this step's update, in `layerNames` order. */
  weightNorms: Float32Array;
  /** Per reported activation: lo, hi, then HISTOGRAM_BINS counts of its values. */
  histLo: Float32Array;
  histHi: Float32Array;
  histCounts: Float32Array;
  /** Class-1 probabilities on the boundary grid, when requested (2-D points only). */
  boundary: Float32Array | null;
  /** Image sets: predicted class of each of the first SAMPLE_COUNT validation images. */
  samplePredictions: Float32Array | null;
  /** Sequence models: ‖∂loss/∂h_t‖ of the top recurrent state at each time step (0 where all padding). */
  timeGradNorms: Float32Array | null;
  /** Per layer: ‖Δw‖/‖w‖ of this step's update (null when `diagnostics.layerStats` is off). */
  updateRatios: Float32Array | null;
  /** Per reported activation (null when layer stats are off). */
  activationStats: ActivationStats | null;
  /** Per layer: lo, hi and HISTOGRAM_BINS counts of log₁₀|g| of its weights' gradient (null when off). */
  gradHist: { lo: Float32Array; hi: Float32Array; counts: Float32Array } | null;
  /** Top Hessian eigenvalue at this step's weights, when measured on this step. */
  sharpness: number | null;
  /** Validation-set reliability bins (null when calibration is off). */
  reliability: { count: Float32Array; confSum: Float32Array; correctSum: Float32Array } | null;
  /** Expected calibration error of the validation set (null when calibration is off). */
  ece: number | null;
  /** Models with BatchNorm: train-mode − eval-mode loss on the training-eval examples. */
  bnGap: number | null;
  /** Adaptive clipping: the threshold in force (null when off or its window is still filling). */
  clipThreshold: number | null;
  /** Adaptive clipping: how many steps since the previous record were clipped. */
  clippedSteps: number;
}

export interface ActivationStats {
  mean: Float32Array;
  std: Float32Array;
  /** Fraction of units constant over the whole batch (a dead ReLU is zero on every example). */
  dead: Float32Array;
  /** Fraction of values within 1% of a bounded activation's limits; null for unbounded ones. */
  saturated: Float32Array | null;
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

/** One split on the device. */
interface Split {
  x: tf.Tensor;
  y: tf.Tensor1D;
  mask: tf.Tensor2D | null;
  n: number;
}

function toSplit(data: Dataset, x: Float32Array | Int32Array, y: Int32Array, mask: Float32Array | undefined): Split {
  const n = y.length;
  const shape = [n, ...data.inputShape];
  return {
    x: x instanceof Int32Array ? tf.tensor(x, shape, 'int32') : tf.tensor(x, shape, 'float32'),
    y: tf.tensor1d(y, 'int32'),
    mask: mask ? tf.tensor2d(mask, [n, data.inputShape[0]!]) : null,
    n,
  };
}

/** The first `count` examples of a split (a view for evaluation; the caller disposes it). */
function head(s: Split, count: number): Split {
  if (count >= s.n) return { ...s };
  const first = (t: tf.Tensor) => tf.slice(t, 0, count);
  return { x: first(s.x), y: first(s.y) as tf.Tensor1D, mask: s.mask && (first(s.mask) as tf.Tensor2D), n: count };
}

export class Trainer {
  readonly layerNames: string[];
  readonly hiddenNames: string[];
  readonly extent: [number, number] | null;
  /** Time steps of a recurrent net's input (length of `timeGradNorms`), 0 for other models. */
  readonly timeSteps: number;
  readonly sampleCount: number;
  step = 0;
  private config: ExperimentConfig;
  private readonly model: LabModel;
  private readonly optimizer: Optimizer;
  private readonly trainable: tf.Variable[];
  private readonly train: Split;
  private readonly val: Split;
  private readonly trainEval: Split;
  private readonly samples: Split | null;
  private readonly grid: tf.Tensor2D | null;
  private readonly numClasses: number;
  private readonly batchRng: Rng;
  private readonly range: [number, number] | null;
  private order: Int32Array = new Int32Array(0);
  private readonly optimizerOptions: ExperimentConfig['optimizer'];
  /** Per-trainable-variable penalty multipliers (profiles and bias/gain exclusion). */
  private strengths: number[];
  private cursor = 0;

  constructor(config: ExperimentConfig, data: Dataset) {
    this.config = config;
    this.numClasses = data.numClasses;
    this.extent = data.extent;
    this.train = toSplit(data, data.xTrain, data.yTrain, data.maskTrain);
    this.val = toSplit(data, data.xVal, data.yVal, data.maskVal);
    this.trainEval = head(this.train, TRAIN_EVAL_MAX);
    this.sampleCount = data.kind === 'images' ? Math.min(SAMPLE_COUNT, this.val.n) : 0;
    this.samples = this.sampleCount > 0 ? head(this.val, this.sampleCount) : null;
    // Only recurrent nets have a hidden state per time step to tap.
    this.timeSteps = config.model.arch === 'rnn' ? data.inputShape[0]! : 0;
    this.grid = data.extent ? makeGrid(data.extent, BOUNDARY_RESOLUTION) : null;
    this.model = buildModel(config, data, deriveSeed(config.seed, 'init'));
    this.range = histogramRange(config.model);
    this.trainable = this.model.groups.flatMap(trainableOf);
    // The optimizer keeps this object and reads it at every step, so edits apply live.
    this.optimizerOptions = { ...config.optimizer };
    this.optimizer = OPTIMIZERS[config.optimizer.name](this.optimizerOptions);
    this.strengths = penaltyStrengths(this.model, config.regularization);
    this.batchRng = makeRng(deriveSeed(config.seed, 'batches'));
    this.layerNames = this.model.groups.map((l) => l.name);
    this.hiddenNames = this.model.activationNames;
  }

  /** The model, read-only (tests and diagnostics read its parameters; only trainStep changes them). */
  get parameters(): Readonly<LabModel> {
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
    const idx = this.nextBatch(Math.min(training.batchSize, this.train.n));
    const seed = deriveSeed(this.config.seed, 'masks') + this.step * 7919;
    const lr = learningRateAt(this.step, optimizer, training.steps);
    const warm = warmupFactor(this.step, reg.warmupSteps, reg.warmupShape);
    // Tensors made inside the gradient function are freed when it returns, so the ones needed
    // afterwards (batch moments, histograms, time-step gradient norms) are kept explicitly and
    // freed in `finally`.
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(t);
      return tf.keep(t);
    };
    const timeSink: (tf.Tensor | undefined)[] = [];
    try {
      const packed = tf.tidy((): tf.Tensor1D | void => {
        const idxT = tf.tensor1d(idx, 'int32');
        const input: ModelInput = {
          x: tf.gather(this.train.x, idxT),
          mask: this.train.mask ? (tf.gather(this.train.mask, idxT) as tf.Tensor2D) : undefined,
        };
        const yb = tf.oneHot(tf.gather(this.train.y, idxT), this.numClasses);
        let moments: { norm: NormParams; moments: BatchMoments }[] = [];
        let hist: tf.Tensor | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const f = this.model.forward(input, {
            training: true,
            dropout: reg.dropout,
            spatialDropout: reg.spatialDropout,
            noiseStd: reg.noiseStd,
            noiseAt: reg.noiseAt,
            seed,
            timeGradSink: record && this.timeSteps > 0 ? timeSink : undefined,
          });
          moments = f.moments.map((m) => ({
            norm: m.norm,
            moments: { mean: keep(m.moments.mean), variance: keep(m.moments.variance) },
          }));
          if (record) hist = keep(tf.concat(f.activations.map((a) => histogram(a, this.range))));
          const ce = smoothedCrossEntropy(yb, f.logits, reg.labelSmoothing);
          const penalized = warm > 0 && (reg.l2 > 0 || reg.l1 > 0);
          return (penalized
            ? tf.add(ce, tf.mul(warm, penaltyLoss(this.trainable, this.strengths, reg.l2, reg.l1)))
            : ce) as tf.Scalar;
        }, this.trainable);
        timeSink.forEach((t) => t && kept.push(t));
        // Running statistics move only here, on the real training forward.
        for (const m of moments) updateRunningStats(m.norm, m.moments, model.normMomentum);
        // Gradient norms are reported before clipping: the raw signal is what a learner should see.
        const gradSq = record
          ? groupSquaredNorms(this.model.groups.map((l) => trainableOf(l).map((v) => grads[v.name]!)))
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
        if (reg.maxNorm > 0) applyMaxNorm(this.model.groups, reg.maxNorm);
        if (!record) return;
        const parts: tf.Tensor[] = [
          tf.reshape(value, [1]),
          this.evaluate(this.trainEval),
          this.evaluate(this.val),
          gradSq!,
          groupSquaredNorms(this.model.groups.map((l) => l.weights)),
          hist!,
        ];
        if (this.timeSteps > 0) {
          parts.push(tf.stack(Array.from({ length: this.timeSteps }, (_, t) => timeSink[t] ?? tf.scalar(0))));
        }
        if (this.samples) parts.push(tf.cast(tf.argMax(this.logits(this.samples), 1), 'float32'));
        if (record.boundary && this.grid) parts.push(this.predictClass1(this.grid));
        return tf.concat(parts) as tf.Tensor1D;
      });
      this.step += 1;
      return packed && record ? { step: this.step, lr, packed, boundary: record.boundary && this.grid !== null } : null;
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
    const take = (n: number) => {
      const out = v.slice(o, o + n);
      o += n;
      return out;
    };
    const gradNorms = take(L).map(Math.sqrt);
    const weightNorms = take(L).map(Math.sqrt);
    const histLo = new Float32Array(H);
    const histHi = new Float32Array(H);
    const histCounts = new Float32Array(H * B);
    for (let h = 0; h < H; h++, o += B + 2) {
      histLo[h] = v[o]!;
      histHi[h] = v[o + 1]!;
      histCounts.set(v.subarray(o + 2, o + 2 + B), h * B);
    }
    const timeGradNorms = this.timeSteps > 0 ? take(this.timeSteps).map(Math.sqrt) : null;
    const samplePredictions = this.sampleCount > 0 ? take(this.sampleCount) : null;
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
      samplePredictions,
      timeGradNorms,
      updateRatios: null,
      activationStats: null,
      gradHist: null,
      sharpness: null,
      reliability: null,
      ece: null,
      bnGap: null,
      clipThreshold: null,
      clippedSteps: 0,
    };
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    const splits = [this.train, this.val, this.trainEval, this.samples].filter((s): s is Split => s !== null);
    const tensors = new Set(splits.flatMap((s) => [s.x, s.y, s.mask]));
    for (const t of tensors) t?.dispose();
    this.grid?.dispose();
  }

  /** Logits in evaluation mode (running statistics, no dropout): moves no state. */
  private logits(s: Split): tf.Tensor2D {
    return this.model.forward({ x: s.x, mask: s.mask ?? undefined }, { training: false }).logits;
  }

  /** [loss, accuracy] of a split in evaluation mode, over chunks, weighted by chunk size. */
  private evaluate(s: Split): tf.Tensor1D {
    if (s.n <= EVAL_CHUNK) return lossAndAccuracy(this.logits(s), s.y, this.numClasses);
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < s.n; start += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, s.n - start);
      const cut = (t: tf.Tensor) => tf.slice(t, start, size);
      const chunk: Split = { x: cut(s.x), y: cut(s.y) as tf.Tensor1D, mask: s.mask && (cut(s.mask) as tf.Tensor2D), n: size };
      parts.push(tf.mul(lossAndAccuracy(this.logits(chunk), chunk.y, this.numClasses), size / s.n));
    }
    return tf.addN(parts) as tf.Tensor1D;
  }

  private predictClass1(x: tf.Tensor2D): tf.Tensor1D {
    const probs = tf.softmax(this.model.forward({ x }, { training: false }).logits);
    return tf.reshape(tf.slice(probs, [0, 1], [-1, 1]), [-1]) as tf.Tensor1D;
  }

  /** Next minibatch from a per-epoch shuffle driven by the seed. */
  private nextBatch(size: number): Int32Array {
    const out = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      if (this.cursor >= this.order.length) {
        this.order = permutation(this.train.n, this.batchRng);
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
