/**
 * A whole headless run: the CLI and the tests call this. The browser worker drives the Trainer
 * itself (it needs pause/step), but records the same `HistoryRecord`s.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import { makeDataset, type Dataset } from './datasets';
import { Trainer, type StepRecord } from './trainer';

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
  /** Learning rate of this step's update. */
  lr: number;
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
  summary: RunSummary;
}

export interface RunCallbacks {
  /** Called after every optimizer step with the number of steps done. */
  onProgress?: (step: number, total: number, last: HistoryRecord | null) => void;
  onRecord?: (rec: StepRecord) => void;
}

const byLayer = (names: string[], values: Float32Array) =>
  Object.fromEntries(names.map((name, i) => [name, values[i]!]));

export function toHistoryRecord(r: StepRecord, layerNames: string[]): HistoryRecord {
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
  };
}

/** Loss became NaN or ±Inf: the run cannot recover. */
export function isDiverged(r: Pick<StepRecord, 'lossBatch' | 'lossTrain'>): boolean {
  return !Number.isFinite(r.lossBatch) || !Number.isFinite(r.lossTrain);
}

/** Whether `step` (1-based, after the update) is a history record step. */
export function isRecordStep(step: number, config: ExperimentConfig): boolean {
  return step % config.training.recordEvery === 0 || step === config.training.steps;
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
  const history: HistoryRecord[] = [];
  let divergedAtStep: number | null = null;
  try {
    while (trainer.step < config.training.steps) {
      const pending = trainer.trainStep(isRecordStep(trainer.step + 1, config) ? { boundary: false } : null);
      if (pending) {
        const rec = await trainer.readRecord(pending);
        cb.onRecord?.(rec);
        history.push(toHistoryRecord(rec, trainer.layerNames));
        if (isDiverged(rec)) divergedAtStep = rec.step;
      }
      cb.onProgress?.(trainer.step, config.training.steps, history.at(-1) ?? null);
      if (divergedAtStep !== null) break;
    }
  } finally {
    trainer.dispose();
  }
  const last = history.at(-1);
  return {
    config,
    env: runEnv(platform),
    history,
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
