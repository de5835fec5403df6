/** Helpers for tests that drive a Trainer: tiny configs, steps, and an independent model copy. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { mustParseConfig, type ConfigInput, type ExperimentConfig } from '../../src/config/schema';
import { makeDataset, type Dataset } from '../../src/engine/datasets';
import { buildMlp, disposeMlp, layers, trainableOf, type DenseLayer, type Mlp } from '../../src/engine/mlp';
import { deriveSeed } from '../../src/engine/random';
import { Trainer, type RecordRequest, type StepRecord } from '../../src/engine/trainer';
import type { Disposables } from './tensors';

/** A small, fast experiment: 60 points (42 train), a 2×6 tanh MLP, SGD at lr 0.1. */
export function smallConfig(over: ConfigInput = {}): ExperimentConfig {
  return mustParseConfig({
    ...over,
    seed: over.seed ?? 5,
    dataset: { size: 60, valFraction: 0.3, ...over.dataset },
    // Normalize every hidden layer (the default leaves the first one out), so norms are tested everywhere.
    model: { depth: 2, width: 6, activation: 'tanh', normFirstLayer: true, ...over.model },
    regularization: { ...over.regularization },
    optimizer: { name: 'sgd', lr: 0.1, ...over.optimizer },
    training: { batchSize: 16, ...over.training },
  });
}

/** The whole training split in one batch, so the batch does not depend on the shuffle order. */
export const FULL_BATCH = { batchSize: 4096 };

export function trainerFor(
  d: Disposables,
  config: ExperimentConfig,
  data: Dataset = makeDataset(config),
): Trainer {
  return d.track(new Trainer(config, data));
}

export function plainSteps(t: Trainer, n = 1): void {
  for (let i = 0; i < n; i++) expect(t.trainStep(null)).toBeNull();
}

export async function recordedStep(
  t: Trainer,
  request: RecordRequest = { boundary: false },
): Promise<StepRecord> {
  const pending = t.trainStep(request);
  if (!pending) throw new Error('a record step returned no record');
  return t.readRecord(pending);
}

/** The trainer's model, read-only. */
export function modelOf(t: Trainer): Readonly<Mlp> {
  const m = t.parameters as Mlp;
  if (!m.hidden) throw new Error('modelOf: this trainer does not hold an MLP');
  return m;
}

/** Trainable variables and running statistics of a layer, in a fixed order. */
export function stateOf(l: DenseLayer): tf.Variable[] {
  return [
    ...trainableOf(l),
    ...(l.norm.runningMean ? [l.norm.runningMean, l.norm.runningVar!] : []),
  ];
}

/** Copies every parameter and running statistic of `from` into `to` (optimizer state is not copied). */
export function copyModelState(from: Readonly<Mlp>, to: Readonly<Mlp>): void {
  const src = layers(from);
  layers(to).forEach((l, k) => stateOf(l).forEach((v, i) => v.assign(stateOf(src[k]!)[i]!)));
}

/** An independent copy of the model the trainer builds for `config` (same config, same seed). */
export function independentModel(d: Disposables, config: ExperimentConfig, data: Dataset): Mlp {
  const m = buildMlp(config.model, data.inputDim, data.numClasses, deriveSeed(config.seed, 'init'));
  d.track({ dispose: () => disposeMlp(m) });
  return m;
}

/** The whole training split as tensors (labels one-hot). */
export function trainingSplit(d: Disposables, data: Dataset): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const x = d.track(tf.tensor2d(data.xTrain, [data.yTrain.length, data.inputDim]));
  const y = d.track(
    tf.tidy(() => tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), data.numClasses) as tf.Tensor2D),
  );
  return { x, y };
}
