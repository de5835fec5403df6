/**
 * Typed messages between the UI (main thread) and the lab worker. Both sides switch exhaustively
 * on `type`, so adding a message is a compile error until every side handles it.
 * Bulky numbers travel as typed arrays in column form and are transferred, not copied.
 */
import type { DataKind } from './config/options';
import type { RunFile } from './config/runFile';
import type { ExperimentConfig, FieldError } from './config/schema';
import type { LabEvent } from './events';

export type BackendName = 'webgpu' | 'webgl' | 'cpu' | 'wasm';
/** `auto` times the model on every usable backend and picks the fastest (see worker/probe.ts); a named one falls back when unavailable. */
export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export type ToWorker =
  /** `dataUrl`: absolute URL of the folder holding the shipped data files (public/data). */
  | { type: 'init'; config: ExperimentConfig; backend: BackendPreference; dataUrl: string }
  /** Begin training (or continue from the current step). */
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** One optimizer step, recorded, then paused. */
  | { type: 'step' }
  /** Fresh weights and optimizer state from the current config's seed; step 0. */
  | { type: 'reset' }
  /** Live-changeable fields apply in place; anything else rebuilds the model (and says so). */
  | { type: 'updateConfig'; config: ExperimentConfig }
  /**
   * A queue of headless runs (a seed repeat or a sweep), trained one after another beside the
   * interactive session, which is paused first. Configs are complete and validated by the sender.
   */
  | { type: 'batch'; id: string; jobs: BatchJob[]; dataUrl: string }
  /** Stops the batch after the step in progress; the unfinished run is dropped. */
  | { type: 'cancelBatch'; id: string };

/**
 * A run made by a batch (a seed repeat or a sweep): which batch, which cell of its grid, which seed.
 * Runs of one batch share `id`; runs of one cell share `cell` and differ by `seed`.
 */
export interface RunGroup {
  id: string;
  kind: 'seeds' | 'sweep';
  /** Shown in lists: "L2 × norm · 2 seeds". */
  label: string;
  /** The swept fields and their values (empty for a seed repeat). */
  axes: { path: string; values: (number | string | boolean)[] }[];
  /** Index of the combination, row-major over `axes` (last axis fastest); 0 for a seed repeat. */
  cell: number;
  /** This run's value index on each axis. */
  valueIndex: number[];
  seed: number;
  seeds: number[];
}

/** One run of a batch; `name` and `group` travel back with its result so the UI can store it. */
export interface BatchJob {
  config: ExperimentConfig;
  name: string;
  group: RunGroup;
}

/** What a batch reports: progress inside the current run, each finished run, and the end. */
export type BatchUpdate =
  | { kind: 'progress'; id: string; index: number; total: number; step: number; totalSteps: number }
  /** The `index`-th run, in the exported-run file shape (so it is stored like an imported run). */
  | { kind: 'run'; id: string; index: number; job: Omit<BatchJob, 'config'>; run: RunFile }
  /** `error` names what stopped the batch early, if anything did. */
  | { kind: 'done'; id: string; completed: number; cancelled: boolean; error: string | null };

export type RunState = 'starting' | 'loading' | 'ready' | 'running' | 'paused' | 'finished' | 'diverged' | 'error';

/** One backend timed by the automatic probe on the model about to train. */
export interface BackendMeasurement {
  backend: BackendName;
  /** Training steps per second after the warm-up; null when the backend could not train. */
  stepsPerSec: number | null;
  /** Steps timed for `stepsPerSec`. */
  steps: number;
  /** Warm-up time (shader compilation lands here), ms; null when it never got that far. */
  warmupMs: number | null;
  /** Why it was skipped (no adapter, missing kernels, an error while training); null when measured. */
  failure: string | null;
}

/** How `auto` chose: every candidate, measured on the chosen model and its real data. */
export interface BackendProbe {
  /** 'measuring' while candidates are timed (`candidates` grows as each one finishes). */
  phase: 'measuring' | 'done';
  /** What was timed, in words ("mlp 4×16 · spiral · batch 32"). */
  workload: string;
  /** In the order they were measured. */
  candidates: BackendMeasurement[];
  /** Wall time of the probe so far, ms. */
  elapsedMs: number;
}

export interface BackendInfo {
  /** The backend training runs on; null only while an automatic probe is still measuring. */
  backend: BackendName | null;
  requested: BackendPreference;
  /** Why the preferred backend was not used, in words; null when nothing fell back. */
  fallbackReason: string | null;
  /** GPU adapter description (e.g. "google/swiftshader (fallback adapter)"), when known. */
  adapter: string | null;
  tfjsVersion: string;
  /** The measured decision of `auto`; absent or null when the backend was chosen by name. */
  probe?: BackendProbe | null;
}

/** Activation histograms of every hidden layer at one step, flattened row-major (layer × bin). */
export interface HistogramBatch {
  step: number;
  layers: string[];
  bins: number;
  lo: Float32Array;
  hi: Float32Array;
  counts: Float32Array;
}

/**
 * Histograms of several records, for the over-time heatmaps (step × bin). Row r, layer l, bin b
 * is `counts[(r·layers + l)·bins + b]`; bin b of (r, l) covers lo + b·w … lo + (b+1)·w with
 * w = (hi − lo)/bins, where lo/hi are `lo[r·layers + l]`, `hi[r·layers + l]`.
 */
export interface HistogramSeries {
  layers: string[];
  bins: number;
  steps: Float64Array;
  lo: Float32Array;
  hi: Float32Array;
  counts: Float32Array;
  /** What the values are: activations, or log₁₀|gradient| of each layer's weights. */
  quantity: 'activation' | 'log10|grad|';
}

/**
 * Reliability diagram of the validation set at one step: equal-width confidence bins over [0, 1].
 * Per bin: how many examples, the sum of their top-class confidence and how many were right.
 */
export interface Reliability {
  step: number;
  count: Float32Array;
  confSum: Float32Array;
  correctSum: Float32Array;
}

/** Class-1 probability on a `resolution`² grid over [extent] × [extent], row-major from top-left. */
export interface BoundaryGrid {
  step: number;
  resolution: number;
  extent: [number, number];
  probs: Float32Array;
}

/** Several history records in column form: row i of every array belongs to `steps[i]`. */
export interface MetricsBatch {
  /** Layer names, the columns of `gradNorms`. */
  layers: string[];
  steps: Float64Array;
  lossTrain: Float32Array;
  accuracyTrain: Float32Array;
  lossVal: Float32Array;
  accuracyVal: Float32Array;
  /** rows × layers, row-major. */
  gradNorms: Float32Array;
  /** Histograms of the newest record in the batch only: the UI shows the current distribution. */
  histograms: HistogramBatch | null;
  boundary: BoundaryGrid | null;
  /** Image sets: the newest predicted class of each sample image (see DataMessage.samples). */
  samplePredictions: { step: number; predictions: Float32Array } | null;
  /** Sequence models: the newest gradient norm through time, one value per time step. */
  timeGrads: { step: number; norms: Float32Array } | null;
  /** Loss of the optimized objective on each step's minibatch (train mode, with penalty). */
  lossBatch: Float32Array;
  /** Learning rate each step used (after schedules and any adaptive back-off). */
  lr: Float32Array;
  /** rows × layers: weight norm after the step and ‖Δw‖/‖w‖ of the step (NaN when not measured). */
  weightNorms: Float32Array;
  updateRatios: Float32Array;
  /** Names of the hidden activations, the columns of the per-activation arrays below. */
  activations: string[];
  /** rows × activations: mean and std of the values, fraction of dead units, fraction of saturated values. */
  actMean: Float32Array;
  actStd: Float32Array;
  deadFraction: Float32Array;
  /** NaN where the activation is unbounded (saturation does not apply). */
  saturatedFraction: Float32Array;
  /** Top Hessian eigenvalue per row; NaN on rows where it was not measured. */
  sharpness: Float32Array;
  /** Expected calibration error of the validation set per row (NaN when off). */
  ece: Float32Array;
  /** BatchNorm train/inference gap per row: train-mode − eval-mode loss on the same examples (NaN without BatchNorm). */
  bnGap: Float32Array;
  /** Adaptive clipping threshold in force per row (NaN when off or still filling its window). */
  clipThreshold: Float32Array;
  /** Activation and gradient histograms of every row (null when off). */
  activationHists: HistogramSeries | null;
  gradientHists: HistogramSeries | null;
  /** Newest reliability diagram (null when calibration is off). */
  reliability: Reliability | null;
  /** Monitor alerts and controller actions raised since the previous batch. */
  events: LabEvent[];
}

/** 2-D points and their labels (point sets only). */
export interface PointsData {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xVal: Float32Array;
  yVal: Int32Array;
}

/** A few fixed validation images shown with their predicted and true labels. */
export interface SampleImages {
  rows: number;
  cols: number;
  /** count × rows × cols values in [0, 1]. */
  pixels: Float32Array;
  labels: Int32Array;
  classNames: string[];
}

/** What is being learned, sent once per model build. */
export interface DataMessage {
  type: 'data';
  kind: DataKind;
  numTrain: number;
  numVal: number;
  points: PointsData | null;
  samples: SampleImages | null;
  /** Recurrent nets: padded length T (the x axis of the gradient-through-time chart); 0 otherwise. */
  timeSteps: number;
}

export interface StatusMessage {
  type: 'status';
  state: RunState;
  step: number;
  totalSteps: number;
  /** Optimizer steps per second over the last emission interval (0 when idle). */
  stepsPerSec: number;
}

export type FromWorker =
  | { type: 'backend'; info: BackendInfo }
  | StatusMessage
  | { type: 'metrics'; batch: MetricsBatch }
  | DataMessage
  /** A data file is loading: `fraction` in [0, 1]. */
  | { type: 'loading'; what: string; fraction: number }
  /** `rebuilt` is true when the change needed new weights (history restarts). */
  | { type: 'configApplied'; config: ExperimentConfig; rebuilt: boolean }
  | { type: 'error'; message: string; fields: FieldError[] }
  | { type: 'batch'; update: BatchUpdate };

/** Exhaustiveness guard for switches over message unions. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}

/** Every transferable buffer inside a worker message, so `postMessage` moves rather than copies. */
export function transferablesOf(msg: FromWorker): Transferable[] {
  switch (msg.type) {
    case 'metrics': {
      const b = msg.batch;
      const arrays: ArrayBufferView[] = [
        b.steps, b.lossTrain, b.accuracyTrain, b.lossVal, b.accuracyVal, b.gradNorms, b.lossBatch, b.lr,
        b.weightNorms, b.updateRatios, b.actMean, b.actStd, b.deadFraction, b.saturatedFraction,
        b.sharpness, b.ece, b.bnGap, b.clipThreshold,
      ];
      for (const h of [b.activationHists, b.gradientHists]) if (h) arrays.push(h.steps, h.lo, h.hi, h.counts);
      if (b.reliability) arrays.push(b.reliability.count, b.reliability.confSum, b.reliability.correctSum);
      if (b.histograms) arrays.push(b.histograms.lo, b.histograms.hi, b.histograms.counts);
      if (b.boundary) arrays.push(b.boundary.probs);
      if (b.samplePredictions) arrays.push(b.samplePredictions.predictions);
      if (b.timeGrads) arrays.push(b.timeGrads.norms);
      return arrays.map((a) => a.buffer as ArrayBuffer);
    }
    case 'data': {
      const arrays: ArrayBufferView[] = [];
      if (msg.points) arrays.push(msg.points.xTrain, msg.points.yTrain, msg.points.xVal, msg.points.yVal);
      if (msg.samples) arrays.push(msg.samples.pixels, msg.samples.labels);
      return arrays.map((a) => a.buffer as ArrayBuffer);
    }
    case 'loading':
    case 'backend':
    case 'status':
    case 'configApplied':
    case 'error':
    case 'batch':
      return [];
    default:
      return assertNever(msg);
  }
}
