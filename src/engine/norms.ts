/**
 * Normalization registry. Each entry is the formula written on tfjs ops, with its parameters in a
 * plain object. Semantics follow tfjs-layers (biased variance, `(x−μ)·rsqrt(σ²+ε)·γ+β`), which the
 * tests use as the reference.
 */
import * as tf from '@tensorflow/tfjs';
import type { NormName } from '../config/options';
import { variableOf } from './variables';

export const NORM_EPSILON = 1e-3;
/** BatchNorm running-average momentum (tfjs-layers default). */
export const BN_MOMENTUM = 0.99;

export interface NormParams {
  /** Learnable scale and shift (excluded from weight penalties). */
  gamma?: tf.Variable;
  beta?: tf.Variable;
  /** BatchNorm running statistics: not trainable, updated only by the real training forward. */
  runningMean?: tf.Variable;
  runningVar?: tf.Variable;
}

export interface BatchMoments {
  mean: tf.Tensor;
  variance: tf.Tensor;
}

export interface NormEntry {
  create(width: number): NormParams;
  /** Normalizes `x` [batch, width]. Returns batch moments when running statistics must be updated. */
  apply(x: tf.Tensor2D, p: NormParams, training: boolean): { y: tf.Tensor2D; moments?: BatchMoments };
}

function affine(width: number): NormParams {
  return { gamma: variableOf(() => tf.ones([width])), beta: variableOf(() => tf.zeros([width])) };
}

function standardize(x: tf.Tensor2D, m: BatchMoments, p: NormParams): tf.Tensor2D {
  const xhat = tf.mul(tf.sub(x, m.mean), tf.rsqrt(tf.add(m.variance, NORM_EPSILON)));
  return tf.add(tf.mul(xhat, p.gamma!), p.beta!) as tf.Tensor2D;
}

export const NORMS: Record<NormName, NormEntry> = {
  none: {
    create: () => ({}),
    apply: (x) => ({ y: x }),
  },
  batch: {
    create: (width) => ({
      ...affine(width),
      runningMean: variableOf(() => tf.zeros([width]), false),
      runningVar: variableOf(() => tf.ones([width]), false),
    }),
    apply: (x, p, training) => {
      if (!training) {
        return { y: standardize(x, { mean: p.runningMean!, variance: p.runningVar! }, p) };
      }
      const moments = tf.moments(x, 0);
      return { y: standardize(x, moments, p), moments };
    },
  },
  layer: {
    create: affine,
    apply: (x, p) => ({ y: standardize(x, tf.moments(x, -1, true), p) }),
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
