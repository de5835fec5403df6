/**
 * What every architecture gives the trainer. The trainer, the regularizers and the diagnostics see
 * a model only through this interface, so an MLP, a CNN, a recurrent net and a Transformer share
 * one training step, one set of penalties and one set of health signals.
 *
 * Conventions:
 * - Every weight tensor keeps its output units on the LAST axis ([fanIn, units] dense,
 *   [k, k, cIn, cOut] conv), so "per unit" always means "over all axes but the last".
 * - A layer (`ParamGroup`) is what charts show as one line: its gradient norm is taken over all its
 *   trainable variables, its weight norm over its `weights`.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import type { BatchMoments, NormParams } from './norms';

export type ModelConfig = ExperimentConfig['model'];

export interface ParamGroup {
  name: string;
  /** Weight tensors (units on the last axis): penalized, decayed, max-normed, clipped by AGC. */
  weights: tf.Variable[];
  /** Biases: left out of penalties unless `penalizeBiasAndNorm`. */
  biases: tf.Variable[];
  /** Normalization parameters (gains, shifts, WeightNorm lengths, running statistics). */
  norm: NormParams;
  /** Inputs feeding one unit (fan-in scaling of penalties). */
  fanIn: number;
  /** Hidden layers get AGC; the output layer does not (Brock et al. 2021). */
  hidden: boolean;
  /**
   * WeightNorm reparameterizes `weights[0]`: then a unit's effective norm is |g| and max-norm
   * clips g instead of the direction.
   */
  weightNormed?: boolean;
}

/** One minibatch as the model reads it. */
export interface ModelInput {
  /** [batch, ...inputShape]: float features, or int32 token ids for sequences. */
  x: tf.Tensor;
  /** Sequences: [batch, T], 1 for a real token, 0 for padding. */
  mask?: tf.Tensor2D;
}

export interface ForwardOptions {
  training: boolean;
  dropout?: number;
  /** CNN: one dropout mask per channel, shared over the image. */
  spatialDropout?: boolean;
  /** Base seed for this step's random masks and noise (per-layer seeds are derived from it). */
  seed?: number;
  /** Gaussian noise std and where it goes (training only). */
  noiseStd?: number;
  noiseAt?: 'input' | 'hidden';
  /**
   * Sequence models, when set: at each time step t the model passes its hidden state through
   * `gradientTap(h_t, sink, t)`, so after the backward pass `sink[t]` holds Σ(∂loss/∂h_t)² — the
   * gradient norm through time. Other models ignore it.
   */
  timeGradSink?: (tf.Tensor | undefined)[];
}

export interface ForwardResult {
  /** [batch, numClasses] */
  logits: tf.Tensor2D;
  /** One tensor per entry of `activationNames` (histograms are taken over all its values). */
  activations: tf.Tensor[];
  /** Batch moments to fold into running statistics, paired with the norm that owns them. */
  moments: { norm: NormParams; moments: BatchMoments }[];
}

export interface LabModel {
  config: ModelConfig;
  /** Layers in input → output order; the last one is the classifier head. */
  groups: ParamGroup[];
  /** Names of the tensors in `ForwardResult.activations`, in order. */
  activationNames: string[];
  forward(input: ModelInput, opts: ForwardOptions): ForwardResult;
  dispose(): void;
}

/** Every trainable variable of a layer, in a fixed order: weights, biases, then norm parameters. */
export function trainableOf(g: ParamGroup): tf.Variable[] {
  const { gamma, beta, g: length } = g.norm;
  return [...g.weights, ...g.biases, ...[gamma, beta, length].filter((v): v is tf.Variable => v !== undefined)];
}

/** Every variable of a layer: trainable ones and running statistics. */
export function variablesOf(g: ParamGroup): tf.Variable[] {
  return [...g.weights, ...g.biases, ...Object.values(g.norm).filter((v): v is tf.Variable => v !== undefined)];
}

/** Disposes every variable a model owns (trainable and running statistics). */
export function disposeGroups(groups: ParamGroup[]): void {
  for (const g of groups) for (const v of variablesOf(g)) v.dispose();
}
