/**
 * Our optimizers against tf.train's on the same problem: same start, same gradients each step,
 * the weights must agree after several steps.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerName } from '../config/options';
import { useNodeBackend } from './node-backend';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, MOMENTUM, OPTIMIZERS } from './optimizers';
import { makeRng, normal } from './random';

const STEPS = 5;

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const created: { dispose(): void }[] = [];
afterEach(() => {
  created.splice(0).forEach((t) => t.dispose());
});

function randn(n: number, seed: number, std = 1): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => std * normal(rng));
}

/** A small least-squares problem with a matrix and a bias: loss = mean((XW + b − Y)²). */
function problem() {
  const x = tf.tensor2d(randn(16 * 4, 1), [16, 4]);
  const y = tf.tensor2d(randn(16 * 3, 2), [16, 3]);
  created.push(x, y);
  const start = { w: randn(4 * 3, 3, 0.5), b: randn(3, 4, 0.1) };
  const makeVars = (): [tf.Variable, tf.Variable] => {
    const vars: [tf.Variable, tf.Variable] = [
      tf.variable(tf.tensor2d(start.w, [4, 3])),
      tf.variable(tf.tensor1d(start.b)),
    ];
    created.push(...vars);
    return vars;
  };
  const loss =
    ([w, b]: tf.Variable[]) =>
    () =>
      tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w!), b!), y))) as tf.Scalar;
  return { start, makeVars, loss };
}

function referenceOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, MOMENTUM);
    case 'adam':
      return tf.train.adam(lr, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON);
  }
}

/** Runs STEPS steps with ours and with tf.train from the same start; returns both final weights. */
function trainBoth(name: OptimizerName, lr: number) {
  const { start, makeVars, loss } = problem();
  const ours = makeVars();
  const theirs = makeVars();
  const opt = OPTIMIZERS[name]();
  const ref = referenceOptimizer(name, lr);
  created.push(opt, ref);
  for (let s = 0; s < STEPS; s++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss(ours), ours);
      opt.apply(
        ours,
        ours.map((v) => grads[v.name]!),
        lr,
      );
    });
    tf.tidy(() => {
      ref.minimize(loss(theirs), false, theirs);
    });
  }
  const read = (vs: tf.Variable[]) => vs.map((v) => v.dataSync() as Float32Array);
  return { start: [start.w, start.b], ours: read(ours), theirs: read(theirs) };
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((arr, k) => arr.forEach((v, i) => (m = Math.max(m, Math.abs(v - b[k]![i]!)))));
  return m;
}

describe.each([
  ['sgd', 0.1],
  ['momentum', 0.05],
  ['adam', 0.01],
] as const)('%s (lr %f)', (name, lr) => {
  it(`gives the same weights as the tf.train reference after ${STEPS} steps`, () => {
    const { start, ours, theirs } = trainBoth(name, lr);
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
    // The weights moved far more than the tolerance, so the agreement means something.
    expect(maxAbsDiff(ours, start)).toBeGreaterThan(1e-2);
  });

  it('frees every state slot on dispose and leaks nothing per step', () => {
    const { makeVars, loss } = problem();
    const vars = makeVars();
    const before = tf.memory().numTensors;
    const opt = OPTIMIZERS[name]();
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(loss(vars), vars);
        opt.apply(
          vars,
          vars.map((v) => grads[v.name]!),
          lr,
        );
      });
    step();
    const afterFirst = tf.memory().numTensors;
    for (let s = 0; s < 5; s++) step();
    expect(tf.memory().numTensors).toBe(afterFirst);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('adam', () => {
  it('moves every weight by about lr on its first step, whatever the gradient scale (bias correction)', () => {
    const v = tf.variable(tf.tensor1d([1, 1, 1]));
    const opt = OPTIMIZERS.adam();
    created.push(v, opt);
    const g = [1e-3, 1, 1e3];
    tf.tidy(() => opt.apply([v], [tf.tensor1d(g)], 0.01));
    // m̂ = g and v̂ = g² after one step, so the step is lr·g/(|g| + ε) ≈ lr.
    const moved = Array.from(v.dataSync(), (w) => 1 - w);
    moved.forEach((m, i) =>
      expect(Math.abs(m - (0.01 * g[i]!) / (g[i]! + ADAM_EPSILON))).toBeLessThan(2e-7),
    );
  });
});
