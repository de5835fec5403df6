/**
 * Sharpness: the top Hessian eigenvalue of the loss, by power iteration on Hessian-vector products
 * taken as central differences of the gradient (nested tf.grad throws or is silently wrong for
 * tanh/softmax nets, see TFJS-NOTES "Second derivatives"). Everything stays on the device — no
 * readback here, so a fixed iteration count instead of a convergence test.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, normal } from './random';

/**
 * Default finite-difference step: the norm of the perturbation εv (v is unit in the power
 * iteration). Absolute, not scaled by ‖w‖: the curvature scale is set by the pre-activations, and
 * larger weights make them more sensitive to a weight change, not less. Float32 roundoff grows as
 * 1/ε, truncation as ε². Top-eigenvalue error vs float64, tanh MLPs 2-32-32-2 and 2-128-128-2 on 256
 * points, ‖w‖ 10–390: ε = 1e-5 up to 4e-2, 1e-4 up to 2e-3, 1e-3 up to 1e-3 (mostly ~1e-5), 1e-2 up
 * to 6e-2, 0.1 up to 100%; ε·max(1, ‖w‖) would mean steps of 0.01–0.4 there. ReLU nets: a step
 * that crosses a kink adds a gradient jump / 2ε; on 256–1024 points 1e-4…1e-1 all erred by up to
 * 100% or more depending on the weights, 1e-5 (rarely reaching a kink) by ≤ 1e-2 in vᵀHv: pass 1e-5
 * for them (a bigger batch or conv net has more kinks within reach).
 */
export const SHARPNESS_EPSILON = 1e-3;

export interface SharpnessOptions {
  iterations: number;
  /** Finite-difference step: the norm of the weight perturbation, default SHARPNESS_EPSILON (see there). */
  epsilon?: number;
  /** Start vector (one tensor per variable, e.g. the previous call's eigenvector: warm starts converge in a few iterations); random unit vector from `seed` when absent. */
  init?: tf.Tensor[];
  seed?: number;
  /** Iterate on H − shift·I instead of H (the value returned is still vᵀHv). */
  shift?: tf.Scalar;
}

export interface SharpnessResult {
  /** Rayleigh quotient vᵀHv of the final unit vector: the top eigenvalue (largest |λ|), as a scalar tensor (no readback here). */
  value: tf.Scalar;
  /** The final unit vector, one tensor per variable (the caller keeps it for the next warm start and disposes it). */
  vector: tf.Tensor[];
}

const sumSquares = (ts: tf.Tensor[]): tf.Scalar =>
  tf.addN(ts.map((t) => tf.sum(tf.square(t)))) as tf.Scalar;
/** ‖ts‖, floored so that a zero Hv (a flat loss, a dead ReLU net) gives v = 0 and λ = 0, not NaN. */
const safeNorm = (ts: tf.Tensor[]) => tf.maximum(tf.sqrt(sumSquares(ts)), 1e-30);
const unit = (ts: tf.Tensor[]): tf.Tensor[] => {
  const inv = tf.div(1, safeNorm(ts));
  return ts.map((t) => tf.mul(t, inv));
};
const dot = (a: tf.Tensor[], b: tf.Tensor[]): tf.Scalar =>
  tf.addN(a.map((t, i) => tf.sum(tf.mul(t, b[i]!)))) as tf.Scalar;

/**
 * Hv ≈ (∇L(w+εv) − ∇L(w−εv)) / 2ε for a list of variables, with ε = epsilon/‖v‖: the weights move
 * by `epsilon` whatever ‖v‖ is, and Hv stays linear in v. Restores the variables exactly afterwards.
 */
export function hessianVectorProduct(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  v: tf.Tensor[],
  epsilon: number,
): tf.Tensor[] {
  // Clones share the variables' data: assigning them back restores the very same bits.
  const saved = vars.map((x) => tf.clone(x));
  try {
    return tf.tidy(() => {
      const step = tf.div(epsilon, safeNorm(v));
      const gradAt = (sign: 1 | -1): tf.Tensor[] => {
        vars.forEach((x, i) => x.assign(tf.add(saved[i]!, tf.mul(tf.mul(sign, step), v[i]!))));
        const { value, grads } = tf.variableGrads(loss, vars);
        value.dispose();
        return vars.map((x) => grads[x.name] ?? tf.zerosLike(x)); // a variable the loss ignores
      };
      const plus = gradAt(1);
      const minus = gradAt(-1);
      const twoStep = tf.mul(2, step);
      return plus.map((g, i) => tf.div(tf.sub(g, minus[i]!), twoStep));
    });
  } finally {
    vars.forEach((x, i) => x.assign(saved[i]!));
    tf.dispose(saved);
  }
}

/** Seeded Gaussian direction drawn in JS (same start on every backend), one tensor per variable. */
function randomDirection(vars: tf.Variable[], seed: number): tf.Tensor[] {
  const rng = makeRng(seed);
  return vars.map((x) => {
    const values = Float32Array.from({ length: x.size }, () => normal(rng));
    return tf.tensor(values, x.shape);
  });
}

/**
 * Power iteration: v ← Hv/‖Hv‖, `iterations` products in all. The value is the Rayleigh quotient
 * vᵀHv of the vector that went into the last product (exact for an eigenvector, error quadratic in
 * the vector's error), and that vector is returned with it, so the two always belong together.
 */
export function topHessianEigenvalue(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  opts: SharpnessOptions,
): SharpnessResult {
  const epsilon = opts.epsilon ?? SHARPNESS_EPSILON;
  // (H − σI)v: the shift moves the spectrum so that the wanted eigenvalue has the largest magnitude.
  const product = (v: tf.Tensor[]) => {
    const hv = hessianVectorProduct(loss, vars, v, epsilon);
    return opts.shift ? hv.map((t, i) => tf.sub(t, tf.mul(opts.shift!, v[i]!))) : hv;
  };
  let v = tf.tidy(() => unit(opts.init ?? randomDirection(vars, opts.seed ?? 1)));
  const n = Math.max(1, opts.iterations);
  for (let it = 0; it < n - 1; it++) {
    const next = tf.tidy(() => unit(product(v)));
    tf.dispose(v);
    v = next;
  }
  // vᵀ(H − σI)v + σ = vᵀHv: the Rayleigh quotient of H itself.
  const value = tf.tidy(() => {
    const q = dot(v, product(v));
    return opts.shift ? (tf.add(q, opts.shift) as tf.Scalar) : q;
  });
  return { value, vector: v };
}

/** How far past the dominant negative eigenvalue estimate the spectrum is shifted (see below). */
const SHIFT_MARGIN = 2;

export interface LargestEigenvalueResult {
  /** The largest (most positive) eigenvalue: what "sharpness" means at the edge of stability. */
  value: tf.Scalar;
  /** Eigenvectors to warm-start the next call: the dominant (largest |λ|) and the largest. */
  dominant: tf.Tensor[];
  top: tf.Tensor[];
}

/**
 * The largest eigenvalue, which power iteration alone misses when a negative eigenvalue has the
 * larger magnitude (common early in training and with ReLU or BatchNorm nets). A short run finds
 * the dominant λ_d; if it is negative, H − 2λ_d·I has every eigenvalue ≥ 0 and its top one is
 * λ_max − 2λ_d, so a second run on it finds λ_max. With λ_d ≥ 0 the shift
 * is 0 and the second run simply continues the first. Everything stays on the device: the shift
 * is a tensor, no branch reads it.
 */
export function largestHessianEigenvalue(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  opts: SharpnessOptions & { probeIterations: number; dominantInit?: tf.Tensor[] },
): LargestEigenvalueResult {
  const seed = opts.seed ?? 1;
  const probe = topHessianEigenvalue(loss, vars, {
    iterations: opts.probeIterations,
    epsilon: opts.epsilon,
    init: opts.dominantInit,
    seed,
  });
  // A Rayleigh quotient never overstates |λ_d|, and a short probe can understate it badly; twice
  // the estimate keeps H − σI positive semi-definite for estimates down to half the true value.
  const shift = tf.mul(tf.minimum(probe.value, 0), SHIFT_MARGIN) as tf.Scalar;
  const top = topHessianEigenvalue(loss, vars, {
    iterations: opts.iterations,
    epsilon: opts.epsilon,
    // Not the dominant vector: with a negative λ_d it is the one direction the shift zeroes.
    init: opts.init,
    seed: seed + 1,
    shift,
  });
  // Every Rayleigh quotient is a lower bound on λ_max, so the larger of the two is the better one
  // (the shifted run converges slowly when the shift is large and iterations are few).
  const value = tf.maximum(top.value, probe.value) as tf.Scalar;
  tf.dispose([probe.value, shift, top.value]);
  return { value, dominant: probe.vector, top: top.vector };
}
