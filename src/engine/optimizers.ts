/**
 * Optimizers written out on tfjs ops (rather than tf.train) so each update rule sits next to its
 * formula, the learning rate can change every step (schedules, live edits), and epsilons are
 * explicit on every backend (WebGL would otherwise lower tfjs's default epsilon to 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import { flattenTensors, unflattenLike } from './flat';
import { variableOf } from './variables';

export type OptimizerOptions = ExperimentConfig['optimizer'];

export interface Optimizer {
  /** Applies one update to `vars` given their gradients (same order), inside the caller's tidy. */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void;
  /** Its state (velocities, moments), so a checkpoint can save and restore it with the weights. */
  state(): tf.Variable[];
  /** Adam: updates applied so far (its bias correction depends on it; a checkpoint restores it). The others keep 0. */
  updates: number;
  dispose(): void;
}

/**
 * Optimizer state as one flat vector over all variables, created on the first update. The update
 * rules run on the concatenated gradient, so a step launches a fixed handful of kernels instead of
 * ~14 per variable (Adam): on the GPU backends and for small models, kernel launches are the cost
 * (a 4×16 MLP step went from 249 to ~150 kernels). The arithmetic per element is unchanged.
 */
function flatSlot(): { get(size: number): tf.Variable; all(): tf.Variable[]; dispose(): void } {
  let slot: tf.Variable | null = null;
  return {
    get(size) {
      if (!slot) slot = variableOf(() => tf.zeros([size]), false);
      if (slot.size !== size)
        throw new Error(`optimizer state holds ${slot.size} values, the update ${size}`);
      return slot;
    },
    all: () => (slot ? [slot] : []),
    dispose() {
      slot?.dispose();
      slot = null;
    },
  };
}

/** w ← w − step for every variable, `step` being the flat update in variable order. */
function subtractFlat(vars: tf.Variable[], step: tf.Tensor): void {
  const parts = unflattenLike(step, vars);
  vars.forEach((v, i) => v.assign(tf.sub(v, parts[i]!)));
}

function sgd(): Optimizer {
  return {
    // w ← w − lr·g
    apply: (vars, grads, lr) => vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(lr, grads[i]!)))),
    state: () => [],
    updates: 0,
    dispose: () => {},
  };
}

function momentum(o: OptimizerOptions): Optimizer {
  const velocity = flatSlot();
  return {
    // u ← β·u + g;  w ← w − lr·u   (tf.train.momentum's form)
    // Nesterov: w ← w − lr·(g + β·u), the step evaluated at the look-ahead point.
    apply: (vars, grads, lr) => {
      const g = flattenTensors(grads);
      const u = velocity.get(g.size);
      u.assign(tf.add(tf.mul(o.momentum, u), g));
      const step = o.nesterov ? tf.add(g, tf.mul(o.momentum, u)) : u;
      subtractFlat(vars, tf.mul(lr, step));
    },
    state: velocity.all,
    updates: 0,
    dispose: velocity.dispose,
  };
}

function adam(o: OptimizerOptions): Optimizer {
  const m1 = flatSlot();
  const m2 = flatSlot();
  const self: Optimizer = {
    // m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − lr·m̂/(√v̂ + ε), with bias-corrected m̂, v̂
    apply: (vars, grads, lr) => {
      self.updates += 1;
      const t = self.updates;
      const c1 = 1 - o.beta1 ** t;
      const c2 = 1 - o.beta2 ** t;
      const g = flattenTensors(grads);
      const m = m1.get(g.size);
      const s = m2.get(g.size);
      m.assign(tf.add(tf.mul(o.beta1, m), tf.mul(1 - o.beta1, g)));
      s.assign(tf.add(tf.mul(o.beta2, s), tf.mul(1 - o.beta2, tf.square(g))));
      // lr·(m/c₁)/(√(s/c₂) + ε) = (lr·√c₂/c₁)·m/(√s + ε·√c₂): the same update with the bias
      // corrections folded into two scalars, 4 passes over the parameters instead of 7 (on the
      // cpu backend each pass over a 6×256 MLP's 400k values costs ~8 ms).
      const denom = tf.add(tf.sqrt(s), o.epsilon * Math.sqrt(c2));
      subtractFlat(vars, tf.mul((lr * Math.sqrt(c2)) / c1, tf.div(m, denom)));
    },
    state: () => [...m1.all(), ...m2.all()],
    updates: 0,
    dispose: () => {
      m1.dispose();
      m2.dispose();
    },
  };
  return self;
}

function rmsprop(o: OptimizerOptions): Optimizer {
  const ms = flatSlot();
  const velocity = flatSlot();
  return {
    // s ← ρs + (1−ρ)g²;  u ← β·u + lr·g/√(s + ε);  w ← w − u   (tf.train.rmsprop's form)
    apply: (vars, grads, lr) => {
      const g = flattenTensors(grads);
      const s = ms.get(g.size);
      s.assign(tf.add(tf.mul(o.rho, s), tf.mul(1 - o.rho, tf.square(g))));
      const u = velocity.get(g.size);
      u.assign(tf.add(tf.mul(o.momentum, u), tf.div(tf.mul(lr, g), tf.sqrt(tf.add(s, o.epsilon)))));
      subtractFlat(vars, u);
    },
    state: () => [...ms.all(), ...velocity.all()],
    updates: 0,
    dispose: () => {
      ms.dispose();
      velocity.dispose();
    },
  };
}

/**
 * Every optimizer; `adamw` is Adam whose weight decay the trainer applies decoupled (see
 * `decoupledDecay`), while `adam` refuses decoupled decay in the schema.
 */
export const OPTIMIZERS: Record<OptimizerName, (o: OptimizerOptions) => Optimizer> = {
  sgd,
  momentum,
  adam,
  adamw: adam,
  rmsprop,
};

/**
 * Decoupled weight decay (Loshchilov & Hutter 2019): w ← w − lr·wd·w, applied after the update
 * and outside the gradient, so adaptive optimizers do not rescale it. `strengths` are per-variable
 * multipliers (depth/fan-in profiles, warm-up); 0 skips the variable.
 */
export function decoupledDecay(
  vars: tf.Variable[],
  strengths: number[],
  lr: number,
  wd: number,
): void {
  vars.forEach((v, i) => {
    const k = lr * wd * strengths[i]!;
    if (k !== 0) v.assign(tf.mul(v, 1 - k));
  });
}
