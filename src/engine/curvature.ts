/**
 * Sharpness: the top Hessian eigenvalue of the loss, by power iteration on Hessian-vector products
 * taken as central differences of the gradient (nested tf.grad throws or is silently wrong for
 * tanh/softmax nets, see TFJS-NOTES "Second derivatives"). Everything stays on the device — no
 * readback here, so a fixed iteration count instead of a convergence test.
 *
 * Cost is per kernel launch for the small models here, not per FLOP, so the power iteration works
 * on ONE flat 1-D vector over all variables (each variable flattened, concatenated in variable
 * order): norms, dot products, shifts and perturbations then launch O(1) kernels instead of a few
 * per variable. Per-variable tensors appear only where tfjs needs them — to assign the perturbed
 * weights (one split, a reshape per non-vector variable) and the gradients tf.variableGrads
 * returns (a reshape per non-vector variable, one concat). The per-variable API
 * (hessianVectorProduct, topHessianEigenvalue, largestHessianEigenvalue) wraps the flat one.
 */
import * as tf from '@tensorflow/tfjs';
import { flattenTensors, unflattenLike } from './flat';
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

/** SharpnessOptions with the start vector as one flat tensor (see `flattenTensors`). */
export interface FlatSharpnessOptions extends Omit<SharpnessOptions, 'init'> {
  /** Start vector over all variables, flat in variable order, size Σ variable sizes. */
  init?: tf.Tensor1D;
}

export interface FlatSharpnessResult {
  /** As SharpnessResult.value. */
  value: tf.Scalar;
  /** The final unit vector, flat in variable order (the caller keeps it and disposes it). */
  vector: tf.Tensor1D;
}

// ---------- flat vectors (see ./flat.ts) ----------

/** Runs `f` in a tidy with `ts` flattened, freeing the flat copy unless it is one of `ts`. */
function withFlat<R>(ts: tf.Tensor[], f: (flat: tf.Tensor1D) => R): R {
  const flat = tf.tidy(() => flattenTensors(ts));
  try {
    return f(flat);
  } finally {
    if (!ts.includes(flat)) flat.dispose();
  }
}

/** Per-variable tensors from a flat result, freeing the flat one unless it is reused as is. */
function unflattenOwned(flat: tf.Tensor, vars: tf.Variable[]): tf.Tensor[] {
  const parts = tf.tidy(() => unflattenLike(flat, vars));
  if (!parts.includes(flat)) flat.dispose();
  return parts;
}

/** ‖t‖, floored so that a zero Hv (a flat loss, a dead ReLU net) gives v = 0 and λ = 0, not NaN. */
const safeNorm = (t: tf.Tensor) => tf.maximum(tf.sqrt(tf.sum(tf.square(t))), 1e-30);
const unit = (t: tf.Tensor1D): tf.Tensor1D => tf.div(t, safeNorm(t));
const dot = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.mul(a, b));

// ---------- the gradient difference ----------

/**
 * g(w + d) − g(w − d) for flat steps d, at the variables' current weights w. Made once per
 * measurement and shared by all its products: it keeps the weights (clones, to restore the
 * variables bit-exactly after each product) and w as one flat vector (so w ± d is one kernel).
 * Call `dispose` when done.
 */
class GradientDifference {
  readonly size: number;
  private readonly saved: tf.Tensor[];
  private readonly w: tf.Tensor1D;

  constructor(
    private readonly loss: () => tf.Scalar,
    private readonly vars: tf.Variable[],
  ) {
    this.size = vars.reduce((s, x) => s + x.size, 0);
    // Clones share the variables' data: assigning them back restores the very same bits.
    this.saved = vars.map((x) => tf.clone(x));
    this.w = tf.tidy(() => flattenTensors(this.saved));
  }

  /** Flat, in variable order; restores the variables exactly afterwards. */
  at(d: tf.Tensor1D): tf.Tensor1D {
    const { loss, vars } = this;
    try {
      return tf.tidy(() => {
        const gradAt = (w: tf.Tensor1D): tf.Tensor1D => {
          unflattenLike(w, vars).forEach((t, i) => vars[i]!.assign(t));
          const { value, grads } = tf.variableGrads(loss, vars);
          value.dispose();
          return flattenTensors(vars.map((x) => grads[x.name] ?? tf.zerosLike(x))); // a variable the loss ignores
        };
        // w − d is bit-identical to w + (−d): the same two points as perturbing each variable.
        const plus = gradAt(tf.add(this.w, d));
        const minus = gradAt(tf.sub(this.w, d));
        return tf.sub(plus, minus);
      });
    } finally {
      vars.forEach((x, i) => x.assign(this.saved[i]!));
    }
  }

  dispose(): void {
    tf.dispose([...this.saved, this.w]);
  }
}

function checkSize(v: tf.Tensor | undefined, size: number, what: string): void {
  if (v && v.size !== size) {
    throw new Error(`${what} has ${v.size} entries, the variables ${size}`);
  }
}

/**
 * Hv ≈ (∇L(w+εv) − ∇L(w−εv)) / 2ε for a flat v, with ε = epsilon/‖v‖: the weights move by
 * `epsilon` whatever ‖v‖ is, and Hv stays linear in v. Restores the variables exactly afterwards.
 */
export function hessianVectorProductFlat(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  v: tf.Tensor1D,
  epsilon: number,
): tf.Tensor1D {
  const diff = new GradientDifference(loss, vars);
  try {
    checkSize(v, diff.size, 'v');
    return tf.tidy(() => {
      const step = tf.div(epsilon, safeNorm(v));
      return tf.div(diff.at(tf.mul(step, v)), tf.mul(2, step));
    });
  } finally {
    diff.dispose();
  }
}

/** hessianVectorProductFlat for a direction given as one tensor per variable; Hv likewise. */
export function hessianVectorProduct(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  v: tf.Tensor[],
  epsilon: number,
): tf.Tensor[] {
  const hv = withFlat(v, (flat) => hessianVectorProductFlat(loss, vars, flat, epsilon));
  return unflattenOwned(hv, vars);
}

/** Seeded Gaussian direction drawn in JS (same start on every backend), flat in variable order. */
function randomDirection(size: number, seed: number): tf.Tensor1D {
  const rng = makeRng(seed);
  // The same draws, in the same order, as one vector per variable in variable order.
  return tf.tensor1d(Float32Array.from({ length: size }, () => normal(rng)));
}

/**
 * Power iteration: v ← (H − σI)v/‖(H − σI)v‖, `iterations` products in all. The value is the
 * Rayleigh quotient vᵀHv of the vector that went into the last product (exact for an eigenvector,
 * error quadratic in the vector's error), and that vector is returned with it.
 *
 * v is unit by construction, so the step ε/‖v‖ is ε (to rounding): the product needs no norm of
 * its own. Between products only the direction matters, so Hv is not divided by 2ε there: the
 * iterate is unit(g⁺ − g⁻ − 2εσ·v), mathematically unit((H − σI)v).
 */
function powerIteration(diff: GradientDifference, opts: FlatSharpnessOptions): FlatSharpnessResult {
  const epsilon = opts.epsilon ?? SHARPNESS_EPSILON;
  checkSize(opts.init, diff.size, 'init');
  const product = (v: tf.Tensor1D) => diff.at(tf.mul(v, epsilon)); // 2ε·Hv
  let v = tf.tidy(() => unit(opts.init ?? randomDirection(diff.size, opts.seed ?? 1)));
  const n = Math.max(1, opts.iterations);
  const shift2e = n > 1 && opts.shift ? tf.mul(opts.shift, 2 * epsilon) : null;
  try {
    for (let it = 0; it < n - 1; it++) {
      const next = tf.tidy(() => {
        const p = product(v);
        return unit(shift2e ? tf.sub(p, tf.mul(shift2e, v)) : p);
      });
      tf.dispose(v);
      v = next;
    }
    // vᵀHv directly, not vᵀ(H − σI)v + σ: the same for a unit v, and no shift to round.
    const value = tf.tidy(() => tf.div(dot(v, product(v)), 2 * epsilon) as tf.Scalar);
    return { value, vector: v };
  } catch (err) {
    tf.dispose(v);
    throw err;
  } finally {
    shift2e?.dispose();
  }
}

/** topHessianEigenvalue with the start and the result vector as flat tensors (see `flattenTensors`). */
export function topHessianEigenvalueFlat(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  opts: FlatSharpnessOptions,
): FlatSharpnessResult {
  const diff = new GradientDifference(loss, vars);
  try {
    return powerIteration(diff, opts);
  } finally {
    diff.dispose();
  }
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
  const { init, ...rest } = opts;
  const run = (flat?: tf.Tensor1D) => topHessianEigenvalueFlat(loss, vars, { ...rest, init: flat });
  const r = init ? withFlat(init, run) : run();
  return { value: r.value, vector: unflattenOwned(r.vector, vars) };
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

/** LargestEigenvalueResult with flat eigenvectors. */
export interface LargestEigenvalueFlatResult {
  value: tf.Scalar;
  dominant: tf.Tensor1D;
  top: tf.Tensor1D;
}

export type LargestEigenvalueOptions = SharpnessOptions & {
  probeIterations: number;
  dominantInit?: tf.Tensor[];
};

export type LargestEigenvalueFlatOptions = FlatSharpnessOptions & {
  probeIterations: number;
  dominantInit?: tf.Tensor1D;
};

/**
 * The largest eigenvalue, which power iteration alone misses when a negative eigenvalue has the
 * larger magnitude (common early in training and with ReLU or BatchNorm nets). A short run finds
 * the dominant λ_d; if it is negative, H − 2λ_d·I has every eigenvalue ≥ 0 and its top one is
 * λ_max − 2λ_d, so a second run on it finds λ_max. With λ_d ≥ 0 the shift
 * is 0 and the second run simply continues the first. Everything stays on the device: the shift
 * is a tensor, no branch reads it. Flat vectors in and out (see `flattenTensors`).
 */
export function largestHessianEigenvalueFlat(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  opts: LargestEigenvalueFlatOptions,
): LargestEigenvalueFlatResult {
  const seed = opts.seed ?? 1;
  // One set of saved weights for both runs: every product restores the variables exactly.
  const diff = new GradientDifference(loss, vars);
  try {
    const probe = powerIteration(diff, {
      iterations: opts.probeIterations,
      epsilon: opts.epsilon,
      init: opts.dominantInit,
      seed,
    });
    // A Rayleigh quotient never overstates |λ_d|, and a short probe can understate it badly; twice
    // the estimate keeps H − σI positive semi-definite for estimates down to half the true value.
    const shift = tf.tidy(() => tf.mul(tf.minimum(probe.value, 0), SHIFT_MARGIN) as tf.Scalar);
    let top: FlatSharpnessResult;
    try {
      top = powerIteration(diff, {
        iterations: opts.iterations,
        epsilon: opts.epsilon,
        // Not the dominant vector: with a negative λ_d it is the one direction the shift zeroes.
        init: opts.init,
        seed: seed + 1,
        shift,
      });
    } catch (err) {
      tf.dispose([probe.value, probe.vector]);
      throw err;
    } finally {
      shift.dispose();
    }
    // Every Rayleigh quotient is a lower bound on λ_max, so the larger of the two is the better one
    // (the shifted run converges slowly when the shift is large and iterations are few).
    const value = tf.maximum(top.value, probe.value) as tf.Scalar;
    tf.dispose([probe.value, top.value]);
    return { value, dominant: probe.vector, top: top.vector };
  } finally {
    diff.dispose();
  }
}

/** largestHessianEigenvalueFlat with start vectors and eigenvectors as one tensor per variable. */
export function largestHessianEigenvalue(
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  opts: LargestEigenvalueOptions,
): LargestEigenvalueResult {
  const { init, dominantInit, ...rest } = opts;
  const run = (flatInit?: tf.Tensor1D, flatDominant?: tf.Tensor1D) =>
    largestHessianEigenvalueFlat(loss, vars, {
      ...rest,
      init: flatInit,
      dominantInit: flatDominant,
    });
  const r = init
    ? withFlat(init, (a) => (dominantInit ? withFlat(dominantInit, (b) => run(a, b)) : run(a)))
    : dominantInit
      ? withFlat(dominantInit, (b) => run(undefined, b))
      : run();
  return {
    value: r.value,
    dominant: unflattenOwned(r.dominant, vars),
    top: unflattenOwned(r.top, vars),
  };
}
