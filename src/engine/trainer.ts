/**
 * The custom training loop. One `trainStep` is, inside one tf.tidy:
 * forward → loss (+ penalty) → variableGrads → running-stat update → optimizer step, and on record
 * steps the diagnostics, all reduced on the device into one vector. `readRecord` is the only
 * readback: one `await data()` per record. No dataSync anywhere, so it is safe on WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import { calibrationBins, expectedCalibrationError } from './calibration';
import { Checkpoint } from './checkpoint';
import type { Dataset } from './datasets';
import { groupSquaredNorms, HISTOGRAM_BINS, histograms, lossAndCorrect } from './diagnostics';
import { flatCopy, flattenTensors } from './flat';
import { GroupSums } from './groupSums';
import { activationStats, gradientLogHistograms, saturationRange, weightStats } from './layerStats';
import { trainableOf, variablesOf, type LabModel, type ModelInput } from './model';
import { buildModel, histogramRange } from './models';
import { packTensors, unpack, type Layout } from './packing';
import { PercentileClipper } from './percentileClip';
import { SharpnessProbe } from './sharpnessProbe';
import { TensorCache } from './tensorCache';
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
import { meanOverBatch, rowCrossEntropy, rowLogSumExp } from './rows';
import { concatSplits, disposeSplits, head, rows, toSplit, type Split } from './splits';

export const BOUNDARY_RESOLUTION = 40;
/** Image sets: how many fixed validation images the sample grid shows with their predictions. */
export const SAMPLE_COUNT = 16;
/** Loss/accuracy on the training set is measured on at most this many examples (a fixed subset). */
export const TRAIN_EVAL_MAX = 256;
/**
 * Evaluation forwards run in chunks of about this many input values (256 MNIST images), so a big
 * validation set never needs one huge tensor, while a set of small examples (points, short
 * sequences) goes through in one pass: for small models each extra pass costs kernel launches.
 */
const EVAL_CHUNK_VALUES = 256 * 784;
const MIN_EVAL_CHUNK = 256;

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

export interface Pending {
  step: number;
  lr: number;
  packed: tf.Tensor1D;
  layout: Layout;
}

/** Knobs the adaptive controllers turn while a run goes on (see supervisor.ts). */
export interface Controls {
  /** Multiplies the scheduled learning rate (learning-rate back-off, rewind). */
  lrScale: number;
  /** Replaces regularization.l2 when set (the weight-decay controller). */
  l2: number | null;
}

const BATCH_NORMS = new Set(['batch', 'renorm']);

export class Trainer {
  readonly layerNames: string[];
  readonly hiddenNames: string[];
  readonly extent: [number, number] | null;
  /** Time steps of a recurrent net's input (length of `timeGradNorms`), 0 for other models. */
  readonly timeSteps: number;
  readonly sampleCount: number;
  step = 0;
  readonly controls: Controls = { lrScale: 1, l2: null };
  private config: ExperimentConfig;
  private readonly model: LabModel;
  private readonly optimizer: Optimizer;
  private readonly trainable: tf.Variable[];
  private readonly train: Split;
  private readonly val: Split;
  private readonly trainEval: Split;
  /** trainEval's examples, then val's: records evaluate both in one forward pass. */
  private readonly evalSet: Split;
  private readonly samples: Split | null;
  private readonly grid: tf.Tensor2D | null;
  private readonly numClasses: number;
  private readonly batchRng: Rng;
  private readonly range: [number, number] | null;
  private readonly satRange: [number, number] | null;
  private readonly hasBatchNorm: boolean;
  private order: Int32Array = new Int32Array(0);
  private readonly optimizerOptions: ExperimentConfig['optimizer'];
  /** Per-trainable-variable penalty multipliers (profiles and bias/gain exclusion). */
  private strengths: number[];
  private cursor = 0;
  private readonly sharpnessProbe: SharpnessProbe;
  private clipper: PercentileClipper | null = null;
  /** Per-layer sums over all trainable variables (gradient norms) and over weights only. */
  private readonly gradSums: GroupSums;
  private readonly weightSums: GroupSums;
  /** Index and range tensors the record's histograms reuse (fixed by the model's shapes). */
  private readonly constants = new TensorCache();

  constructor(config: ExperimentConfig, data: Dataset) {
    this.config = config;
    this.numClasses = data.numClasses;
    this.extent = data.extent;
    this.train = toSplit(data, data.xTrain, data.yTrain, data.maskTrain);
    this.val = toSplit(data, data.xVal, data.yVal, data.maskVal);
    this.trainEval = head(this.train, TRAIN_EVAL_MAX);
    this.evalSet = concatSplits([this.trainEval, this.val]);
    this.sharpnessProbe = new SharpnessProbe(this.train);
    this.sampleCount = data.kind === 'images' ? Math.min(SAMPLE_COUNT, this.val.n) : 0;
    this.samples = this.sampleCount > 0 ? head(this.val, this.sampleCount) : null;
    // Only recurrent nets have a hidden state per time step to tap.
    this.timeSteps = config.model.arch === 'rnn' ? data.inputShape[0]! : 0;
    this.grid = data.extent ? makeGrid(data.extent, BOUNDARY_RESOLUTION) : null;
    this.model = buildModel(config, data, deriveSeed(config.seed, 'init'));
    this.range = histogramRange(config.model);
    this.satRange = saturationRange(config.model);
    this.hasBatchNorm = BATCH_NORMS.has(config.model.norm);
    this.trainable = this.model.groups.flatMap(trainableOf);
    this.gradSums = new GroupSums(this.model.groups.map(trainableOf));
    this.weightSums = new GroupSums(this.model.groups.map((g) => g.weights));
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
    const { regularization: reg, optimizer, training, model, diagnostics: diag } = this.config;
    const idx = this.nextBatch(Math.min(training.batchSize, this.train.n));
    const seed = deriveSeed(this.config.seed, 'masks') + this.step * 7919;
    const lr = learningRateAt(this.step, optimizer, training.steps) * this.controls.lrScale;
    const warm = warmupFactor(this.step, reg.warmupSteps, reg.warmupShape);
    const l2 = this.controls.l2 ?? reg.l2;
    const clipper = this.syncClipper();
    const layerStats = record !== null && diag.layerStats;
    const sharpness = record !== null && sharpnessDue(this.step + 1, this.config);
    if (sharpness) this.sharpnessProbe.prepare(diag.sharpnessBatch);
    // Tensors made inside the gradient function are freed when it returns, so the ones needed
    // afterwards (batch moments, histograms, activation stats, time-step gradient norms) are kept
    // explicitly and freed in `finally`.
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(t);
      return tf.keep(t);
    };
    const timeSink: (tf.Tensor | undefined)[] = [];
    try {
      let layout: Layout = [];
      const packed = tf.tidy((): tf.Tensor1D | void => {
        const idxT = tf.tensor1d(idx, 'int32');
        const input: ModelInput = {
          x: tf.gather(this.train.x, idxT),
          mask: this.train.mask ? (tf.gather(this.train.mask, idxT) as tf.Tensor2D) : undefined,
        };
        const yb = tf.oneHot(tf.gather(this.train.y, idxT), this.numClasses);
        let moments: { norm: NormParams; moments: BatchMoments }[] = [];
        let activations: tf.Tensor[] = [];
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
          // Measured after the gradient, not here: ops inside this function are taped (their
          // inputs cloned and kept for backprop), which made a record's histograms cost twice.
          if (record) activations = f.activations.map(keep);
          return this.objective(yb, f.logits, warm, l2);
        }, this.trainable);
        timeSink.forEach((t) => t && kept.push(t));
        // Running statistics move only here, on the real training forward.
        for (const m of moments) updateRunningStats(m.norm, m.moments, model.normMomentum);
        const groupGrads = this.model.groups.map((l) => trainableOf(l).map((v) => grads[v.name]!));
        // A flat copy of the weights (the concat copies), still "before" after the update.
        const weightsBefore = layerStats
          ? flatCopy(this.model.groups.flatMap((g) => g.weights))
          : null;
        let gradList = this.trainable.map((v) => grads[v.name]!);
        if (reg.clipNorm > 0) gradList = clipByGlobalNorm(gradList, reg.clipNorm);
        if (clipper) gradList = clipper.apply(gradList);
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
        const hist = histograms(activations, this.range, HISTOGRAM_BINS, undefined, this.constants);
        const acts =
          layerStats && activations.length > 0 ? activationStats(activations, this.satRange) : null;
        const weights = this.model.groups.map((l) => l.weights);
        const ws = weightStats(flattenTensors(weights.flat()), weightsBefore, this.weightSums);
        // Gradient norms are reported before clipping: the raw signal is what a learner should see.
        const parts: [string, tf.Tensor][] = [
          ['lossBatch', value],
          ...this.evaluate(diag.calibration),
          ['gradSq', groupSquaredNorms(groupGrads, this.gradSums)],
          ['weightSq', ws.weightSq],
          ['hist', hist],
        ];
        if (ws.updateRatios) parts.push(['updateRatios', ws.updateRatios]);
        if (acts) parts.push(['acts', acts]);
        if (diag.gradHistograms) {
          parts.push([
            'gradHist',
            gradientLogHistograms(
              weights.map((ws) => ws.map((w) => grads[w.name]!)),
              this.constants,
            ),
          ]);
        }
        if (this.hasBatchNorm) parts.push(['trainModeLoss', this.trainModeLoss(this.trainEval)]);
        if (sharpness) parts.push(['sharpness', this.sharpness(warm, l2)]);
        if (clipper) parts.push(['clip', clipper.takeCounts()]);
        if (this.timeSteps > 0) {
          parts.push([
            'time',
            tf.stack(Array.from({ length: this.timeSteps }, (_, t) => timeSink[t] ?? tf.scalar(0))),
          ]);
        }
        if (this.samples) parts.push(['samples', tf.argMax(this.logits(this.samples), 1)]);
        if (record.boundary && this.grid) parts.push(['boundary', this.predictClass1(this.grid)]);
        const out = packTensors(parts);
        layout = out.layout;
        return out.packed;
      });
      this.step += 1;
      return packed ? { step: this.step, lr, packed, layout } : null;
    } finally {
      kept.forEach((t) => t.dispose());
    }
  }

  /** The one readback per record: awaits the packed vector and unpacks it. */
  async readRecord(p: Pending): Promise<StepRecord> {
    const values = (await p.packed.data()) as Float32Array;
    p.packed.dispose();
    const v = unpack(values, p.layout);
    const part = (name: string) => v.get(name) ?? null;
    const H = this.hiddenNames.length;
    const [lossTrain = NaN, accuracyTrain = NaN] = part('train')!;
    const val = part('val')!;
    const hist = splitHistograms(part('hist')!, H);
    const gradHist = part('gradHist');
    const clip = part('clip');
    const trainModeLoss = part('trainModeLoss');
    const reliability = reliabilityOf(val.subarray(2));
    return {
      step: p.step,
      lr: p.lr,
      lossBatch: part('lossBatch')![0]!,
      lossTrain,
      accuracyTrain,
      lossVal: val[0]!,
      accuracyVal: val[1]!,
      gradNorms: part('gradSq')!.map(Math.sqrt),
      weightNorms: part('weightSq')!.map(Math.sqrt),
      histLo: hist.lo,
      histHi: hist.hi,
      histCounts: hist.counts,
      boundary: part('boundary'),
      samplePredictions: part('samples'),
      timeGradNorms: part('time')?.map(Math.sqrt) ?? null,
      updateRatios: part('updateRatios'),
      activationStats: unpackActivationStats(part('acts'), H),
      gradHist: gradHist ? splitHistograms(gradHist, this.layerNames.length) : null,
      sharpness: part('sharpness')?.[0] ?? null,
      reliability,
      ece: reliability
        ? expectedCalibrationError(reliability.count, reliability.confSum, reliability.correctSum)
        : null,
      bnGap: trainModeLoss ? trainModeLoss[0]! - lossTrain : null,
      clipThreshold: clip && Number.isFinite(clip[0]) ? clip[0]! : null,
      clippedSteps: clip?.[1] ?? 0,
    };
  }

  /** A copy of everything training changes (weights, running statistics, optimizer state). */
  checkpoint(): Checkpoint {
    const updates = this.optimizer.updates;
    return new Checkpoint(
      [...this.model.groups.flatMap(variablesOf), ...this.optimizer.state()],
      this.step,
      () => (this.optimizer.updates = updates),
    );
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.sharpnessProbe.dispose();
    this.gradSums.dispose();
    this.weightSums.dispose();
    this.constants.dispose();
    disposeSplits([this.train, this.val, this.trainEval, this.evalSet, this.samples]);
    this.grid?.dispose();
    this.clipper?.dispose();
  }

  /** Cross-entropy (label-smoothed) plus the warmed-up weight penalty: what the optimizer minimizes. */
  private objective(onehot: tf.Tensor, logits: tf.Tensor, warm: number, l2: number): tf.Scalar {
    const reg = this.config.regularization;
    const ce = smoothedCrossEntropy(onehot, logits, reg.labelSmoothing);
    const penalized = warm > 0 && (l2 > 0 || reg.l1 > 0);
    return (
      penalized
        ? tf.add(ce, tf.mul(warm, penaltyLoss(this.trainable, this.strengths, l2, reg.l1)))
        : ce
    ) as tf.Scalar;
  }

  /**
   * Largest Hessian eigenvalue of the objective on the probe's fixed batch, in training mode
   * without dropout or noise, so the loss is a deterministic function of the weights.
   */
  private sharpness(warm: number, l2: number): tf.Scalar {
    const batch = this.sharpnessProbe.prepare(this.config.diagnostics.sharpnessBatch);
    const onehot = tf.oneHot(batch.y, this.numClasses);
    const loss = () => {
      const input = { x: batch.x, mask: batch.mask ?? undefined };
      return this.objective(onehot, this.model.forward(input, { training: true }).logits, warm, l2);
    };
    const seed = deriveSeed(this.config.seed, 'curvature');
    return this.sharpnessProbe.measure(loss, this.trainable, this.config.diagnostics, seed);
  }

  /** Training-mode loss (batch statistics, no dropout): its gap to eval mode exposes BatchNorm trouble. */
  private trainModeLoss(s: Split): tf.Scalar {
    const logits = this.model.forward(
      { x: s.x, mask: s.mask ?? undefined },
      { training: true },
    ).logits;
    return tf.mean(rowCrossEntropy(logits as tf.Tensor2D, s.y as tf.Tensor1D));
  }

  /** The percentile clipper, created, resized or dropped to match the config. */
  private syncClipper(): PercentileClipper | null {
    const a = this.config.adaptive;
    if (!a.clip || (this.clipper && this.clipper.window !== a.clipWindow)) {
      this.clipper?.dispose();
      this.clipper = null;
    }
    if (a.clip && !this.clipper)
      this.clipper = new PercentileClipper(a.clipWindow, a.clipPercentile);
    this.clipper?.setPercentile(a.clipPercentile);
    return this.clipper;
  }

  /** Logits in evaluation mode (running statistics, no dropout): moves no state. */
  private logits(s: Split): tf.Tensor2D {
    return this.model.forward({ x: s.x, mask: s.mask ?? undefined }, { training: false }).logits;
  }

  /**
   * Evaluation mode on the training-eval and validation examples, in one forward pass over
   * `evalSet` (in chunks): "train" is [loss, accuracy], "val" is [loss, accuracy] followed, with
   * `calibration`, by the validation set's reliability bin sums.
   */
  private evaluate(calibration: boolean): [string, tf.Tensor][] {
    const s = this.evalSet;
    const nTrain = this.trainEval.n;
    const measured: tf.Tensor[] = [];
    const logits: tf.Tensor[] = [];
    const perExample = s.x.size / Math.max(1, s.n);
    const size = Math.max(MIN_EVAL_CHUNK, Math.floor(EVAL_CHUNK_VALUES / perExample));
    for (let start = 0; start < s.n; start += size) {
      const chunk = rows(s, start, Math.min(size, s.n - start));
      const l = this.logits(chunk);
      measured.push(lossAndCorrect(l, chunk.y));
      if (calibration) logits.push(l);
    }
    const all = measured.length === 1 ? measured[0]! : tf.concat(measured);
    // Column means of each part (a pooling window on WebGPU, see rows.ts); separate, so a
    // non-finite loss in one part cannot leak into the other's mean.
    const meanOf = (start: number, count: number) =>
      tf.reshape(
        meanOverBatch(tf.reshape(tf.slice(all, [start, 0], [count, 2]), [1, count, 2]) as tf.Tensor3D),
        [2],
      );
    const train = meanOf(0, nTrain);
    const val = meanOf(nTrain, s.n - nTrain);
    if (!calibration)
      return [
        ['train', train],
        ['val', val],
      ];
    const valLogits = tf.slice(
      logits.length === 1 ? logits[0]! : tf.concat(logits),
      nTrain,
    ) as tf.Tensor2D;
    return [
      ['train', train],
      ['val', tf.concat([val, calibrationBins(valLogits, this.val.y)])],
    ];
  }

  private predictClass1(x: tf.Tensor2D): tf.Tensor1D {
    const logits = this.model.forward({ x }, { training: false }).logits as tf.Tensor2D;
    // p₁ = exp(l₁ − logΣexp l), without the softmax matrix (see rows.ts).
    return tf.exp(tf.sub(tf.reshape(tf.slice(logits, [0, 1], [-1, 1]), [-1]), rowLogSumExp(logits))) as tf.Tensor1D;
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

/** Whether step `step` (1-based, after the update) measures sharpness. */
export function sharpnessDue(step: number, config: ExperimentConfig): boolean {
  const every = config.diagnostics.sharpnessEvery;
  return every > 0 && step % every === 0;
}

/** [lo, hi, bins…] per layer → lo, hi and the counts row-major (layer × bin). */
function splitHistograms(v: Float32Array, layers: number) {
  const bins = HISTOGRAM_BINS;
  const lo = new Float32Array(layers);
  const hi = new Float32Array(layers);
  const counts = new Float32Array(layers * bins);
  for (let h = 0, o = 0; h < layers; h++, o += bins + 2) {
    lo[h] = v[o]!;
    hi[h] = v[o + 1]!;
    counts.set(v.subarray(o + 2, o + 2 + bins), h * bins);
  }
  return { lo, hi, counts };
}

/** Reliability bin sums [count×B, confSum×B, correctSum×B], or null when calibration is off. */
function reliabilityOf(calib: Float32Array): StepRecord['reliability'] {
  if (calib.length === 0) return null;
  const b = calib.length / 3;
  return {
    count: calib.slice(0, b),
    confSum: calib.slice(b, 2 * b),
    correctSum: calib.slice(2 * b),
  };
}

/** [H × (3 or 4)] rows of mean, std, dead, saturated → one array per statistic. */
function unpackActivationStats(acts: Float32Array | null, H: number): ActivationStats | null {
  if (!acts || H === 0) return null;
  const cols = acts.length / H;
  const column = (c: number) => Float32Array.from({ length: H }, (_, h) => acts[h * cols + c]!);
  return {
    mean: column(0),
    std: column(1),
    dead: column(2),
    saturated: cols > 3 ? column(3) : null,
  };
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
