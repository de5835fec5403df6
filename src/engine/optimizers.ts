/**
 * Optimizers written out on tfjs ops (rather than tf.train) so the update rule is readable next
 * to its formula, the learning rate can change live, and epsilons are explicit on every backend
 * (WebGL would otherwise lower tfjs's default epsilon to 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../config/options';
import { variableOf } from './variables';

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-7;
export const MOMENTUM = 0.9;

export interface Optimizer {
  /** Applies one update to `vars` given their gradients (same order), inside the caller's tidy. */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void;
  dispose(): void;
}

/** Lazily created per-variable state slots (velocity, moments). */
function slots(): { get(v: tf.Variable): tf.Variable; dispose(): void } {
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
    dispose: () => {},
  };
}

function momentum(): Optimizer {
  const velocity = slots();
  return {
    // u ← β·u + g;  w ← w − lr·u   (tf.train.momentum's form)
    apply: (vars, grads, lr) =>
      vars.forEach((v, i) => {
        const u = velocity.get(v);
        u.assign(tf.add(tf.mul(MOMENTUM, u), grads[i]!));
        v.assign(tf.sub(v, tf.mul(lr, u)));
      }),
    dispose: velocity.dispose,
  };
}

function adam(): Optimizer {
  const m1 = slots();
  const m2 = slots();
  let t = 0;
  return {
    // m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − lr·m̂/(√v̂ + ε), with bias-corrected m̂, v̂
    apply: (vars, grads, lr) => {
      t += 1;
      const c1 = 1 - ADAM_BETA1 ** t;
      const c2 = 1 - ADAM_BETA2 ** t;
      vars.forEach((v, i) => {
        const g = grads[i]!;
        const m = m1.get(v);
        const s = m2.get(v);
        m.assign(tf.add(tf.mul(ADAM_BETA1, m), tf.mul(1 - ADAM_BETA1, g)));
        s.assign(tf.add(tf.mul(ADAM_BETA2, s), tf.mul(1 - ADAM_BETA2, tf.square(g))));
        const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(s, c2)), ADAM_EPSILON));
        v.assign(tf.sub(v, tf.mul(lr, step)));
      });
    },
    dispose: () => {
      m1.dispose();
      m2.dispose();
    },
  };
}

export const OPTIMIZERS: Record<OptimizerName, () => Optimizer> = { sgd, momentum, adam };
