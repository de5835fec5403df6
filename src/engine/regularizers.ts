/**
 * Penalties, clipping and constraints. Each is a short function next to its formula; the trainer
 * composes them in one step: loss + penalty → gradients → clipping → optimizer → decay → max-norm.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import { trainableOf, type LabModel, type ParamGroup } from './model';
import { unitNorms } from './norms';

export type RegConfig = ExperimentConfig['regularization'];

/** AGC's floor on the weight norm, so zero-initialized units can still move (Brock et al. 2021). */
export const AGC_EPSILON = 1e-3;

/**
 * The fan-in that fan-in scaling is relative to: a typical hidden layer's (the second layer's; the
 * hidden width for an MLP), so λ keeps its meaning when the scaling is switched on.
 */
export function referenceFanIn(m: LabModel): number {
  return (m.groups[1] ?? m.groups[0]!).fanIn;
}

/**
 * Per-layer multiplier of every weight penalty (L2, L1, decoupled decay):
 * fan-in scaling × depth profile. `fan-in` makes a layer's strength proportional to its fan-in
 * relative to a typical hidden layer's — the same as penalizing weights measured against their
 * 1/√fan-in initial scale. Depth profiles have mean 1 over the layers, so λ keeps its size.
 */
export function layerPenaltyScale(m: LabModel, reg: RegConfig): number[] {
  const all = m.groups;
  const L = all.length;
  const ref = referenceFanIn(m);
  return all.map((layer, idx) => {
    const fan = reg.penaltyScaling === 'fan-in' ? layer.fanIn / ref : 1;
    const l = idx + 1;
    const depth =
      reg.depthProfile === 'increasing' ? (2 * l) / (L + 1) : reg.depthProfile === 'decreasing' ? (2 * (L + 1 - l)) / (L + 1) : 1;
    return fan * depth;
  });
}

/**
 * Per-variable penalty multipliers aligned with `trainableOf` over all layers. Biases and norm
 * gains get 0 unless `penalizeBiasAndNorm`: shrinking them fights the normalization, not overfitting.
 */
export function penaltyStrengths(m: LabModel, reg: RegConfig): number[] {
  const scale = layerPenaltyScale(m, reg);
  return m.groups.flatMap((layer, i) =>
    trainableOf(layer).map((v) => (layer.weights.includes(v) || reg.penalizeBiasAndNorm ? scale[i]! : 0)),
  );
}

/** Σᵢ sᵢ·(λ₂·Σw² + λ₁·Σ|w|) over the penalized variables; the caller multiplies by the warm-up factor. */
export function penaltyLoss(vars: tf.Variable[], strengths: number[], l2: number, l1: number): tf.Scalar {
  const terms: tf.Tensor[] = [];
  vars.forEach((v, i) => {
    const s = strengths[i]!;
    if (s === 0) return;
    if (l2 > 0) terms.push(tf.mul(s * l2, tf.sum(tf.square(v))));
    if (l1 > 0) terms.push(tf.mul(s * l1, tf.sum(tf.abs(v))));
  });
  return (terms.length ? tf.addN(terms) : tf.scalar(0)) as tf.Scalar;
}

/** Global-norm clipping: g ← g·min(1, c/‖g‖), with ‖g‖ over every gradient; no readback needed. */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): tf.Tensor[] {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-12)));
  return grads.map((g) => tf.mul(g, scale));
}

/**
 * Adaptive gradient clipping, unit-wise: g_u ← g_u·min(1, λ·max(‖w_u‖, ε)/‖g_u‖). Applied to the
 * hidden layers' weights and biases; the output layer is left alone, as the paper recommends.
 */
export function adaptiveClip(m: LabModel, grads: Map<tf.Variable, tf.Tensor>, lambda: number): void {
  for (const layer of m.groups.filter((g) => g.hidden)) {
    for (const v of [...layer.weights, ...layer.biases]) {
      const g = grads.get(v)!;
      const maxG = tf.mul(lambda, tf.maximum(unitNorms(v), AGC_EPSILON));
      const scale = tf.minimum(1, tf.div(maxG, tf.maximum(unitNorms(g), 1e-12)));
      grads.set(v, tf.mul(g, scale));
    }
  }
}

/**
 * Max-norm constraint after the update: each unit's incoming weights rescaled to norm ≤ c. Under
 * WeightNorm a unit's effective norm is |g|, so g is what gets clipped.
 */
export function applyMaxNorm(layersToConstrain: ParamGroup[], c: number): void {
  const clip = (target: tf.Variable) =>
    target.assign(tf.mul(target, tf.minimum(1, tf.div(c, tf.maximum(unitNorms(target), 1e-12)))));
  for (const layer of layersToConstrain) {
    layer.weights.forEach((w, i) => clip(i === 0 && layer.weightNormed ? layer.norm.g! : w));
  }
}

/** Mean softmax cross-entropy against smoothed targets (1−ε)·onehot + ε/K. */
export function smoothedCrossEntropy(onehot: tf.Tensor, logits: tf.Tensor, epsilon: number): tf.Scalar {
  const k = onehot.shape[1]!;
  const targets = epsilon > 0 ? tf.add(tf.mul(onehot, 1 - epsilon), epsilon / k) : onehot;
  return tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}
