/**
 * Normalization registry. Each entry is its formula written on tfjs ops, with parameters in a
 * plain object. Activation norms act on a layer's [batch, units] output; WeightNorm acts on the
 * weight matrix instead. BatchNorm and LayerNorm follow tfjs-layers semantics (biased variance,
 * `(x−μ)·rsqrt(σ²+ε)·γ+β`), which the tests use as the reference.
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
  /** `w` is the layer's weight matrix [fanIn, units] (WeightNorm starts g at its column norms). */
  create(units: number, w: tf.Tensor2D): NormParams;
  /**
   * Normalizes `x` [batch, units]. Returns batch moments when running statistics must be updated
   * (the trainer does that, and only on the real training forward).
   */
  apply(x: tf.Tensor2D, p: NormParams, training: boolean, o: NormOptions): { y: tf.Tensor2D; moments?: BatchMoments };
  /** Weight-level normalizations return the effective weights; others leave `w` as it is. */
  reweight?(w: tf.Tensor2D, p: NormParams): tf.Tensor2D;
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
const withRunning = (x: tf.Tensor2D, p: NormParams, o: NormOptions) => ({
  y: standardize(x, { mean: p.runningMean!, variance: p.runningVar! }, p, o.normEpsilon) as tf.Tensor2D,
});

export const NORMS: Record<NormName, NormEntry> = {
  none: { create: () => ({}), apply: identity },

  /** Ioffe & Szegedy 2015: statistics over the batch while training, running averages at evaluation. */
  batch: {
    create: withRunningStats,
    apply: (x, p, training, o) => {
      if (!training) return withRunning(x, p, o);
      const moments = tf.moments(x, 0);
      return { y: standardize(x, moments, p, o.normEpsilon) as tf.Tensor2D, moments };
    },
  },

  /** Ba et al. 2016: statistics over each example's units; the same in training and evaluation. */
  layer: {
    create: affine,
    apply: (x, p, _training, o) => ({ y: standardize(x, tf.moments(x, -1, true), p, o.normEpsilon) as tf.Tensor2D }),
  },

  /** Zhang & Sennrich 2019: x·rsqrt(mean(x²) + ε)·γ — LayerNorm without centring or shift. */
  rms: {
    create: (units) => ({ gamma: variableOf(() => tf.ones([units])) }),
    apply: (x, p, _training, o) => {
      const ms = tf.mean(tf.square(x), -1, true);
      return { y: tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, o.normEpsilon))), p.gamma!) as tf.Tensor2D };
    },
  },

  /** Wu & He 2018: standardize each example within G groups of consecutive units. */
  group: {
    create: affine,
    apply: (x, p, _training, o) => {
      const [batch, units] = x.shape;
      const grouped = tf.reshape(x, [batch, o.groups, units / o.groups]);
      const m = tf.moments(grouped, -1, true);
      const xhat = tf.reshape(tf.mul(tf.sub(grouped, m.mean), tf.rsqrt(tf.add(m.variance, o.normEpsilon))), [batch, units]);
      return { y: tf.add(tf.mul(xhat, p.gamma!), p.beta!) as tf.Tensor2D };
    },
  },

  /** Salimans & Kingma 2016: w = g·v/‖v‖ per unit; g starts at ‖v‖ so the net starts unchanged. */
  weight: {
    create: (_units, w) => ({ g: variableOf(() => tf.norm(w, 'euclidean', 0)) }),
    apply: identity,
    reweight: (v, p) => tf.mul(v, tf.div(p.g!, tf.maximum(tf.norm(v, 'euclidean', 0), 1e-12))) as tf.Tensor2D,
  },

  /**
   * Ioffe 2017: BatchNorm corrected towards the running statistics,
   * x̂ = (x − μ_B)/σ_B · r + d,  r = clip(σ_B/σ, 1/rmax, rmax),  d = clip((μ_B − μ)/σ, ±dmax),
   * with r and d held constant in the gradient. Training then matches inference in expectation.
   */
  renorm: {
    create: withRunningStats,
    apply: (x, p, training, o) => {
      if (!training) return withRunning(x, p, o);
      const moments = tf.moments(x, 0);
      const sigmaB = tf.sqrt(tf.add(moments.variance, o.normEpsilon));
      const sigma = tf.sqrt(tf.add(p.runningVar!, o.normEpsilon));
      const r = stopGradient(tf.clipByValue(tf.div(sigmaB, sigma), 1 / o.renormRmax, o.renormRmax));
      const d = stopGradient(
        tf.clipByValue(tf.div(tf.sub(moments.mean, p.runningMean!), sigma), -o.renormDmax, o.renormDmax),
      );
      const xhat = tf.add(tf.mul(tf.div(tf.sub(x, moments.mean), sigmaB), r), d);
      return { y: tf.add(tf.mul(xhat, p.gamma!), p.beta!) as tf.Tensor2D, moments };
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
