/**
 * A whole headless run: the CLI and the tests call this. The browser worker drives the Trainer
 * itself (it needs pause/step), but records the same `HistoryRecord`s.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import type { LabEvent } from '../events';
import { makeDataset, type Dataset } from './datasets';
import { Supervisor } from './supervisor';
import { sharpnessDue, Trainer, type StepRecord } from './trainer';

/** One histogram: `counts[b]` values fell in [lo + b·w, lo + (b+1)·w), w = (hi − lo)/counts.length. */
export interface HistogramRecord {
  lo: number;
  hi: number;
  counts: number[];
}

export interface ActivationRecord {
  mean: number;
  std: number;
  /** Fraction of units constant over the batch (a dead ReLU is zero on every example). */
  dead: number;
  /** Fraction of values within 1% of a bounded activation's limits (absent for unbounded ones). */
  saturated?: number;
}

export interface HistoryRecord {
  step: number;
  lossBatch: number;
  lossTrain: number;
  accuracyTrain: number;
  lossVal: number;
  accuracyVal: number;
  /** Layer name → L2 norm of that layer's gradient at this step (before any clipping). */
  gradNorm: Record<string, number>;
  /** Layer name → L2 norm of that layer's weights after this step. */
  weightNorm: Record<string, number>;
  /** Sequence models: ‖∂loss/∂h_t‖ at each time step of the top recurrent state. */
  timeGradNorm?: number[];
  /** Learning rate of this step's update (after schedules and adaptive back-off). */
  lr: number;
  /** Validation − training loss. */
  generalizationGap: number;
  /** Layer name → ‖Δw‖/‖w‖ of this step's update (diagnostics.layerStats). */
  updateRatio?: Record<string, number>;
  /** Activation name → its statistics on this step's batch (diagnostics.layerStats). */
  activation?: Record<string, ActivationRecord>;
  /** Activation name → histogram of its values on this step's batch. */
  activationHistogram?: Record<string, HistogramRecord>;
  /** Layer name → histogram of log₁₀|g| of its weights' gradient (diagnostics.gradHistograms). */
  gradientHistogram?: Record<string, HistogramRecord>;
  /** Top Hessian eigenvalue on the fixed batch (steps where it was measured). */
  sharpness?: number;
  /** Expected calibration error on the validation set, and its reliability bins. */
  ece?: number;
  reliability?: { count: number[]; confSum: number[]; correctSum: number[] };
  /** BatchNorm models: train-mode − eval-mode loss on the training-eval examples. */
  bnGap?: number;
  /** Adaptive clipping threshold in force (once its window is full). */
  clipThreshold?: number;
}

export interface RunSummary {
  steps: number;
  diverged: boolean;
  divergedAtStep: number | null;
  finalLossTrain: number | null;
  finalLossVal: number | null;
  finalAccuracyVal: number | null;
}

export interface RunEnv {
  backend: string;
  tfjsVersion: string;
  engine: string;
  platform: string;
}

export interface RunResult {
  config: ExperimentConfig;
  env: RunEnv;
  history: HistoryRecord[];
  /** Health-monitor alerts and adaptive-controller actions, in step order. */
  events: LabEvent[];
  summary: RunSummary;
}

export interface RunCallbacks {
  /** Called after every optimizer step with the number of steps done. */
  onProgress?: (step: number, total: number, last: HistoryRecord | null) => void;
  onRecord?: (rec: StepRecord) => void;
  /** Each alert or controller action as it happens. */
  onEvent?: (event: LabEvent) => void;
  /**
   * Awaited after every step when it returns a promise: a worker yields to its message queue here
   * (so a cancel gets through) and stops the run by rejecting. Returning nothing costs nothing.
   */
  pace?: (step: number) => Promise<void> | void;
}

const byLayer = (names: string[], values: Float32Array) =>
  Object.fromEntries(names.map((name, i) => [name, values[i]!]));

function histograms(names: string[], lo: Float32Array, hi: Float32Array, counts: Float32Array): Record<string, HistogramRecord> {
  const bins = counts.length / Math.max(1, names.length);
  return Object.fromEntries(
    names.map((name, i) => [name, { lo: lo[i]!, hi: hi[i]!, counts: Array.from(counts.subarray(i * bins, (i + 1) * bins)) }]),
  );
}

function activationRecords(names: string[], s: NonNullable<StepRecord['activationStats']>): Record<string, ActivationRecord> {
  return Object.fromEntries(
    names.map((name, i) => [
      name,
      { mean: s.mean[i]!, std: s.std[i]!, dead: s.dead[i]!, ...(s.saturated ? { saturated: s.saturated[i]! } : {}) },
    ]),
  );
}

export function toHistoryRecord(r: StepRecord, layerNames: string[], activationNames: string[] = []): HistoryRecord {
  return {
    step: r.step,
    lr: r.lr,
    lossBatch: r.lossBatch,
    lossTrain: r.lossTrain,
    accuracyTrain: r.accuracyTrain,
    lossVal: r.lossVal,
    accuracyVal: r.accuracyVal,
    gradNorm: byLayer(layerNames, r.gradNorms),
    weightNorm: byLayer(layerNames, r.weightNorms),
    ...(r.timeGradNorms ? { timeGradNorm: Array.from(r.timeGradNorms) } : {}),
    generalizationGap: r.lossVal - r.lossTrain,
    ...(r.updateRatios ? { updateRatio: byLayer(layerNames, r.updateRatios) } : {}),
    ...(r.activationStats ? { activation: activationRecords(activationNames, r.activationStats) } : {}),
    ...(activationNames.length > 0 ? { activationHistogram: histograms(activationNames, r.histLo, r.histHi, r.histCounts) } : {}),
    ...(r.gradHist ? { gradientHistogram: histograms(layerNames, r.gradHist.lo, r.gradHist.hi, r.gradHist.counts) } : {}),
    ...(r.sharpness !== null ? { sharpness: r.sharpness } : {}),
    ...(r.ece !== null ? { ece: r.ece } : {}),
    ...(r.reliability
      ? {
          reliability: {
            count: Array.from(r.reliability.count),
            confSum: Array.from(r.reliability.confSum),
            correctSum: Array.from(r.reliability.correctSum),
          },
        }
      : {}),
    ...(r.bnGap !== null ? { bnGap: r.bnGap } : {}),
    ...(r.clipThreshold !== null ? { clipThreshold: r.clipThreshold } : {}),
  };
}

/** Loss became NaN or ±Inf (without a rewind, the run cannot recover). */
export { isNonFinite as isDiverged } from './supervisor';

/** Whether `step` (1-based, after the update) is a history record step (sharpness steps always are). */
export function isRecordStep(step: number, config: ExperimentConfig): boolean {
  return step % config.training.recordEvery === 0 || step === config.training.steps || sharpnessDue(step, config);
}

export function runEnv(platform: string): RunEnv {
  return { backend: tf.getBackend(), tfjsVersion: tf.version_core, engine: 'stability-lab 0.1.0', platform };
}

export async function runExperiment(
  config: ExperimentConfig,
  platform: string,
  cb: RunCallbacks = {},
  /** Image sets must be loaded first (see loadDataset); generated sets are built here. */
  data: Dataset = makeDataset(config),
): Promise<RunResult> {
  const trainer = new Trainer(config, data);
  const supervisor = new Supervisor(trainer, config);
  const history: HistoryRecord[] = [];
  const events: LabEvent[] = [];
  let divergedAtStep: number | null = null;
  try {
    while (trainer.step < config.training.steps) {
      const pending = trainer.trainStep(isRecordStep(trainer.step + 1, config) ? { boundary: false } : null);
      if (pending) {
        const rec = await trainer.readRecord(pending);
        cb.onRecord?.(rec);
        history.push(toHistoryRecord(rec, trainer.layerNames, trainer.hiddenNames));
        const verdict = supervisor.afterRecord(rec);
        for (const e of verdict.events) cb.onEvent?.(e);
        events.push(...verdict.events);
        if (verdict.diverged) divergedAtStep = rec.step;
      }
      cb.onProgress?.(trainer.step, config.training.steps, history.at(-1) ?? null);
      if (divergedAtStep !== null) break;
      const paced = cb.pace?.(trainer.step);
      if (paced) await paced;
    }
  } finally {
    supervisor.dispose();
    trainer.dispose();
  }
  const last = history.at(-1);
  return {
    config,
    env: runEnv(platform),
    history,
    events,
    summary: {
      steps: trainer.step,
      diverged: divergedAtStep !== null,
      divergedAtStep,
      finalLossTrain: last?.lossTrain ?? null,
      finalLossVal: last?.lossVal ?? null,
      // argMax of NaN logits still names a class; a diverged model has no meaningful accuracy.
      finalAccuracyVal: divergedAtStep === null ? (last?.accuracyVal ?? null) : null,
    },
  };
}
