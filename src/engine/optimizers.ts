/**
 * Optimizers written out on tfjs ops (rather than tf.train) so each update rule sits next to its
 * formula, the learning rate can change every step (schedules, live edits), and epsilons are
 * explicit on every backend (WebGL would otherwise lower tfjs's default epsilon to 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
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

/** Lazily created per-variable state slots (velocity, moments). */
function slots(): { get(v: tf.Variable): tf.Variable; all(): tf.Variable[]; dispose(): void } {
  const map = new Map<tf.Variable, tf.Variable>();
  return {
    get(v) {
      let s = map.get(v);
      if (!s) {
        s = variableOf(() => tf.zerosLike(v), false);
        map.set(v, s);
      }
      return s;
    },
    all: () => [...map.values()],
    dispose() {
      map.forEach((s) => s.dispose());
      map.clear();
    },
  };
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
  const velocity = slots();
  return {
    // u ← β·u + g;  w ← w − lr·u   (tf.train.momentum's form)
    // Nesterov: w ← w − lr·(g + β·u), the step evaluated at the look-ahead point.
    apply: (vars, grads, lr) =>
      vars.forEach((v, i) => {
        const g = grads[i]!;
        const u = velocity.get(v);
        u.assign(tf.add(tf.mul(o.momentum, u), g));
        const step = o.nesterov ? tf.add(g, tf.mul(o.momentum, u)) : u;
        v.assign(tf.sub(v, tf.mul(lr, step)));
      }),
    state: velocity.all,
    updates: 0,
    dispose: velocity.dispose,
  };
}

function adam(o: OptimizerOptions): Optimizer {
  const m1 = slots();
  const m2 = slots();
  const self: Optimizer = {
    // m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − lr·m̂/(√v̂ + ε), with bias-corrected m̂, v̂
    apply: (vars, grads, lr) => {
      self.updates += 1;
      const t = self.updates;
      const c1 = 1 - o.beta1 ** t;
      const c2 = 1 - o.beta2 ** t;
      vars.forEach((v, i) => {
        const g = grads[i]!;
        const m = m1.get(v);
        const s = m2.get(v);
        m.assign(tf.add(tf.mul(o.beta1, m), tf.mul(1 - o.beta1, g)));
        s.assign(tf.add(tf.mul(o.beta2, s), tf.mul(1 - o.beta2, tf.square(g))));
        const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(s, c2)), o.epsilon));
        v.assign(tf.sub(v, tf.mul(lr, step)));
      });
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
  const ms = slots();
  const velocity = slots();
  return {
    // s ← ρs + (1−ρ)g²;  u ← β·u + lr·g/√(s + ε);  w ← w − u   (tf.train.rmsprop's form)
    apply: (vars, grads, lr) =>
      vars.forEach((v, i) => {
        const g = grads[i]!;
        const s = ms.get(v);
        s.assign(tf.add(tf.mul(o.rho, s), tf.mul(1 - o.rho, tf.square(g))));
        const u = velocity.get(v);
        u.assign(
          tf.add(tf.mul(o.momentum, u), tf.div(tf.mul(lr, g), tf.sqrt(tf.add(s, o.epsilon)))),
        );
        v.assign(tf.sub(v, u));
      }),
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
