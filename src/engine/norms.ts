/**
 * Normalization registry. Each entry is its formula written on tfjs ops, with parameters in a
 * plain object. Activation norms act on a tensor whose LAST axis is the units / channels:
 *   [batch, units] (MLP),  [batch, T, units] (sequences, with a padding mask),  [batch, H, W, C] (CNN).
 * Which axes the statistics run over follows from the rank (see `statAxes`); γ and β are per
 * channel. WeightNorm acts on the weights instead. BatchNorm and LayerNorm follow tfjs-layers
 * semantics (biased variance, `(x−μ)·rsqrt(σ²+ε)·γ+β`), which the tests use as the reference.
 */
import * as tf from '@tensorflow/tfjs';
import type { NormName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import { variableOf } from './variables';

/** tfjs-layers defaults, kept as the config defaults. */
export const NORM_EPSILON = 1e-3;
export const BN_MOMENTUM = 0.99;

export type NormOptions = Pick<
  ExperimentConfig['model'],
  'normMomentum' | 'normEpsilon' | 'groups' | 'renormRmax' | 'renormDmax'
>;

export const DEFAULT_NORM_OPTIONS: NormOptions = {
  normMomentum: BN_MOMENTUM,
  normEpsilon: NORM_EPSILON,
  groups: 4,
  renormRmax: 3,
  renormDmax: 5,
};

export interface NormParams {
  /** Learnable per-unit scale and shift (gains: excluded from weight penalties by default). */
  gamma?: tf.Variable;
  beta?: tf.Variable;
  /** WeightNorm's per-unit length g. */
  g?: tf.Variable;
  /** Running statistics (BatchNorm, Batch Renorm): not trainable, moved only by training steps. */
  runningMean?: tf.Variable;
  runningVar?: tf.Variable;
}

export interface BatchMoments {
  mean: tf.Tensor;
  variance: tf.Tensor;
}

export interface NormEntry {
  /** `w` is the layer's weights, units on the last axis (WeightNorm starts g at the unit norms). */
  create(units: number, w: tf.Tensor): NormParams;
  /**
   * Normalizes `x` (units on the last axis). `mask` [batch, T] marks the real tokens of a padded
   * sequence batch: statistics then ignore the padding. Returns batch moments when running
   * statistics must be updated (the trainer does that, and only on the real training forward).
   */
  apply(x: tf.Tensor, p: NormParams, training: boolean, o: NormOptions, mask?: tf.Tensor): { y: tf.Tensor; moments?: BatchMoments };
  /** Weight-level normalizations return the effective weights; others leave `w` as it is. */
  reweight?(w: tf.Tensor, p: NormParams): tf.Tensor;
}

/** L2 norm of each unit's weights (over all axes but the last): [units]. */
export function unitNorms(w: tf.Tensor): tf.Tensor1D {
  if (w.rank === 1) return tf.abs(w) as tf.Tensor1D;
  return tf.norm(tf.reshape(w, [-1, w.shape[w.rank - 1]!]), 'euclidean', 0) as tf.Tensor1D;
}

/**
 * Axes the statistics run over, by input rank:
 * - batch: every axis but the channels (N; N,T; N,H,W), so one mean per unit/channel;
 * - layer: each example's features — units (rank 2), each token's units (rank 3, so a sequence's
 *   padding never enters), or the whole C,H,W volume of an image (rank 4);
 * - instance: each image channel over its own pixels (rank 4 only).
 */
export function statAxes(kind: 'batch' | 'layer' | 'instance', rank: number): number[] {
  if (kind === 'batch') return Array.from({ length: rank - 1 }, (_, i) => i);
  if (kind === 'layer') return rank === 4 ? [1, 2, 3] : [rank - 1];
  if (rank !== 4) throw new Error('model.norm: InstanceNorm needs image feature maps [batch, H, W, C]');
  return [1, 2];
}

/**
 * Biased mean and variance over `axes`; with a [batch, T] `mask` on a [batch, T, units] input, only
 * real tokens count (keepDims as requested).
 */
export function maskedMoments(x: tf.Tensor, axes: number[], mask?: tf.Tensor, keepDims = false): BatchMoments {
  if (!mask) return tf.moments(x, axes, keepDims);
  const m = tf.expandDims(mask, -1);
  const count = tf.maximum(tf.sum(tf.mul(m, tf.onesLike(x)), axes, true), 1);
  const mean = tf.div(tf.sum(tf.mul(x, m), axes, true), count);
  // Mask before squaring (m² = m): huge padding would overflow (x − μ)² to Inf, and Inf·0 = NaN.
  const variance = tf.div(tf.sum(tf.square(tf.mul(tf.sub(x, mean), m)), axes, true), count);
  if (keepDims) return { mean, variance };
  return { mean: tf.squeeze(mean, axes), variance: tf.squeeze(variance, axes) };
}

const affine = (units: number): NormParams => ({
  gamma: variableOf(() => tf.ones([units])),
  beta: variableOf(() => tf.zeros([units])),
});

const withRunningStats = (units: number): NormParams => ({
  ...affine(units),
  runningMean: variableOf(() => tf.zeros([units]), false),
  runningVar: variableOf(() => tf.ones([units]), false),
});

/** (x − μ)·rsqrt(σ² + ε)·γ + β */
function standardize(x: tf.Tensor, m: BatchMoments, p: NormParams, eps: number): tf.Tensor {
  const xhat = tf.mul(tf.sub(x, m.mean), tf.rsqrt(tf.add(m.variance, eps)));
  return tf.add(tf.mul(xhat, p.gamma!), p.beta!);
}

/** Identity forward, zero gradient: Batch Renorm's r and d are treated as constants. */
const stopGradient = tf.customGrad((x) => ({
  value: tf.clone(x as tf.Tensor),
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor),
})) as (x: tf.Tensor) => tf.Tensor;

const identity: NormEntry['apply'] = (x) => ({ y: x });

/** Evaluation mode of BatchNorm and Batch Renorm: standardize with the running statistics. */
const withRunning = (x: tf.Tensor, p: NormParams, o: NormOptions) => ({
  y: standardize(x, { mean: p.runningMean!, variance: p.runningVar! }, p, o.normEpsilon),
});

/** Per-example statistics (LayerNorm, RMSNorm, InstanceNorm) need no mask: each row stands alone. */
const perExample = (kind: 'layer' | 'instance'): NormEntry['apply'] => (x, p, _training, o) => ({
  y: standardize(x, tf.moments(x, statAxes(kind, x.rank), true), p, o.normEpsilon),
});

export const NORMS: Record<NormName, NormEntry> = {
  none: { create: () => ({}), apply: identity },

  /** Ioffe & Szegedy 2015: statistics over the batch while training, running averages at evaluation. */
  batch: {
    create: withRunningStats,
    apply: (x, p, training, o, mask) => {
      if (!training) return withRunning(x, p, o);
      const moments = maskedMoments(x, statAxes('batch', x.rank), mask);
      return { y: standardize(x, moments, p, o.normEpsilon), moments };
    },
  },

  /** Ba et al. 2016: statistics over each example's features; the same in training and evaluation. */
  layer: { create: affine, apply: perExample('layer') },

  /** Ulyanov et al. 2016: each image channel standardized over its own pixels (CNNs only). */
  instance: { create: affine, apply: perExample('instance') },

  /** Zhang & Sennrich 2019: x·rsqrt(mean(x²) + ε)·γ — LayerNorm without centring or shift. */
  rms: {
    create: (units) => ({ gamma: variableOf(() => tf.ones([units])) }),
    apply: (x, p, _training, o) => {
      const ms = tf.mean(tf.square(x), statAxes('layer', x.rank), true);
      return { y: tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, o.normEpsilon))), p.gamma!) };
    },
  },

  /**
   * Wu & He 2018: standardize each example within G groups of consecutive channels (over the
   * pixels too, for images; per token, for sequences).
   */
  group: {
    create: affine,
    apply: (x, p, _training, o) => {
      const shape = x.shape;
      const units = shape[shape.length - 1]!;
      const grouped = tf.reshape(x, [...shape.slice(0, -1), o.groups, units / o.groups]);
      const r = grouped.rank;
      // Reduce over the channels within a group, and over H, W for images.
      const axes = x.rank === 4 ? [1, 2, r - 1] : [r - 1];
      const m = tf.moments(grouped, axes, true);
      const xhat = tf.reshape(tf.mul(tf.sub(grouped, m.mean), tf.rsqrt(tf.add(m.variance, o.normEpsilon))), shape);
      return { y: tf.add(tf.mul(xhat, p.gamma!), p.beta!) };
    },
  },

  /** Salimans & Kingma 2016: w = g·v/‖v‖ per unit; g starts at ‖v‖ so the net starts unchanged. */
  weight: {
    create: (_units, w) => ({ g: variableOf(() => unitNorms(w)) }),
    apply: identity,
    reweight: (v, p) => tf.mul(v, tf.div(p.g!, tf.maximum(unitNorms(v), 1e-12))),
  },

  /**
   * Ioffe 2017: BatchNorm corrected towards the running statistics,
   * x̂ = (x − μ_B)/σ_B · r + d,  r = clip(σ_B/σ, 1/rmax, rmax),  d = clip((μ_B − μ)/σ, ±dmax),
   * with r and d held constant in the gradient. Training then matches inference in expectation.
   */
  renorm: {
    create: withRunningStats,
    apply: (x, p, training, o, mask) => {
      if (!training) return withRunning(x, p, o);
      const moments = maskedMoments(x, statAxes('batch', x.rank), mask);
      const sigmaB = tf.sqrt(tf.add(moments.variance, o.normEpsilon));
      const sigma = tf.sqrt(tf.add(p.runningVar!, o.normEpsilon));
      const r = stopGradient(tf.clipByValue(tf.div(sigmaB, sigma), 1 / o.renormRmax, o.renormRmax));
      const d = stopGradient(
        tf.clipByValue(tf.div(tf.sub(moments.mean, p.runningMean!), sigma), -o.renormDmax, o.renormDmax),
      );
      const xhat = tf.add(tf.mul(tf.div(tf.sub(x, moments.mean), sigmaB), r), d);
      return { y: tf.add(tf.mul(xhat, p.gamma!), p.beta!), moments };
    },
  },
};

/** `running ← running − (running − batch)·(1 − momentum)`, as tfjs-layers does. */
export function updateRunningStats(p: NormParams, m: BatchMoments, momentum = BN_MOMENTUM): void {
  if (!p.runningMean || !p.runningVar) return;
  tf.tidy(() => {
    p.runningMean!.assign(tf.sub(p.runningMean!, tf.mul(tf.sub(p.runningMean!, m.mean), 1 - momentum)));
    p.runningVar!.assign(tf.sub(p.runningVar!, tf.mul(tf.sub(p.runningVar!, m.variance), 1 - momentum)));
  });
}
