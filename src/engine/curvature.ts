/**
 * Sharpness: the top Hessian eigenvalue of the loss, by power iteration on Hessian-vector products
 * taken as central differences of the gradient (nested tf.grad throws or is silently wrong for
 * tanh/softmax nets, see TFJS-NOTES "Second derivatives"). Everything stays on the device — no
 * readback here, so a fixed iteration count instead of a convergence test.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, normal } from './random';

/**
 * Default relative step. The weights move by ε·max(1, ‖w‖) along the unit direction. The error of
 * the float32 product is roundoff ≈ 1e-7·‖g‖/step plus truncation ∝ step² (smooth nets), plus a
 * term ∝ step where a ReLU kink lies within the step. Measured Hv errors vs float64 (2-hidden-layer
 * MLPs on 256 points, ‖w‖ ≈ 5-10): tanh 1e-4 → 3e-3, 1e-3 → 4e-4, 1e-2 → 4e-3; ReLU 1e-4 → 2e-3,
 * 1e-3 → 3e-3, 1e-2 → 3e-2, 0.1 → 0.3. Scaling with ‖w‖ keeps the step above the weights'
 * float32 rounding as they grow.
 */
export const SHARPNESS_EPSILON = 1e-3;

export interface SharpnessOptions {
  iterations: number;
  /** Finite-difference step relative to the parameters: step = epsilon·max(1, ‖w‖)/‖v‖ (see SHARPNESS_EPSILON). */
  epsilon?: number;
  /** Start vector (one tensor per variable, e.g. the previous call's eigenvector: warm starts converge in a few iterations); random unit vector from `seed` when absent. */
  init?: tf.Tensor[];
  seed?: number;
}

export interface SharpnessResult {
  /** Rayleigh quotient vᵀHv of the final unit vector: the top eigenvalue (largest |λ|), as a scalar tensor (no readback here). */
  value: tf.Scalar;
  /** The final unit vector, one tensor per variable (the caller keeps it for the next warm start and disposes it). */
  vector: tf.Tensor[];
}

const sumSquares = (ts: tf.Tensor[]): tf.Scalar => tf.addN(ts.map((t) => tf.sum(tf.square(t)))) as tf.Scalar;
const unit = (ts: tf.Tensor[]): tf.Tensor[] => {
  const inv = tf.div(1, tf.sqrt(sumSquares(ts)));
  return ts.map((t) => tf.mul(t, inv));
};
const dot = (a: tf.Tensor[], b: tf.Tensor[]): tf.Scalar => tf.addN(a.map((t, i) => tf.sum(tf.mul(t, b[i]!)))) as tf.Scalar;

/**
 * Hv ≈ (∇L(w+εv) − ∇L(w−εv)) / 2ε for a list of variables, with ε = epsilon·max(1, ‖w‖)/‖v‖ so the
 * step is relative to the weights whatever ‖v‖ is. Restores the variables exactly afterwards.
 */
export function hessianVectorProduct(loss: () => tf.Scalar, vars: tf.Variable[], v: tf.Tensor[], epsilon: number): tf.Tensor[] {
  // Clones share the variables' data: assigning them back restores the very same bits.
  const saved = vars.map((x) => tf.clone(x));
  try {
    return tf.tidy(() => {
      const step = tf.div(epsilon, tf.sqrt(sumSquares(v)));
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
  return vars.map((x) => tf.tensor(Float32Array.from({ length: x.size }, () => normal(rng)), x.shape));
}

/**
 * Power iteration: v ← Hv/‖Hv‖, `iterations` products in all. The value is the Rayleigh quotient
 * vᵀHv of the vector that went into the last product (exact for an eigenvector, error quadratic in
 * the vector's error), and that vector is returned with it, so the two always belong together.
 */
export function topHessianEigenvalue(loss: () => tf.Scalar, vars: tf.Variable[], opts: SharpnessOptions): SharpnessResult {
  const epsilon = opts.epsilon ?? SHARPNESS_EPSILON;
  let v = tf.tidy(() => unit(opts.init ?? randomDirection(vars, opts.seed ?? 1)));
  const n = Math.max(1, opts.iterations);
  for (let it = 0; it < n - 1; it++) {
    const next = tf.tidy(() => unit(hessianVectorProduct(loss, vars, v, epsilon)));
    tf.dispose(v);
    v = next;
  }
  const value = tf.tidy(() => dot(v, hessianVectorProduct(loss, vars, v, epsilon)));
  return { value, vector: v };
}
