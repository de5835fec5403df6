/**
 * Our optimizers against tf.train's on the same problem: same start, same gradients each step,
 * the weights must agree after several steps. Hyperparameters come from the config (the defaults
 * unless a case overrides them), and the same values are passed to the reference.
 *
 * Nesterov: tfjs-core 4.22 (optimizers/momentum_optimizer.js) computes
 *   accumulation ← m·accumulation + g;  w ← w − lr·(g + m·accumulation)   (with the new accumulation),
 * which is exactly our `momentum` with `nesterov: true`, so the reference applies unchanged.
 * RMSProp (non-centred): ms ← ρ·ms + (1−ρ)·g²;  mom ← m·mom + lr·g/√(ms + ε);  w ← w − mom — also ours.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import { useNodeBackend } from './node-backend';
import { decoupledDecay, OPTIMIZERS, type OptimizerOptions } from './optimizers';
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

/** The config's optimizer section with the given overrides (the schema's defaults otherwise). */
function options(over: Partial<OptimizerOptions>): OptimizerOptions {
  return { ...defaultConfig().optimizer, ...over };
}

/** tf.train's optimizer with the same hyperparameters, every epsilon passed explicitly. */
function referenceOptimizer(o: OptimizerOptions, lr: number): tf.Optimizer {
  switch (o.name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, o.momentum, o.nesterov);
    case 'adam':
    case 'adamw':
      return tf.train.adam(lr, o.beta1, o.beta2, o.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(lr, o.rho, o.momentum, o.epsilon);
  }
}

/** Runs STEPS steps with ours and with tf.train from the same start; returns both final weights. */
function trainBoth(o: OptimizerOptions, lr: number) {
  const { start, makeVars, loss } = problem();
  const ours = makeVars();
  const theirs = makeVars();
  const opt = OPTIMIZERS[o.name](o);
  const ref = referenceOptimizer(o, lr);
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
  ['sgd', 0.1, options({ name: 'sgd' })],
  ['momentum', 0.05, options({ name: 'momentum' })],
  ['adam', 0.01, options({ name: 'adam' })],
  ['momentum, Nesterov', 0.05, options({ name: 'momentum', nesterov: true })],
  ['momentum 0.5, Nesterov', 0.05, options({ name: 'momentum', momentum: 0.5, nesterov: true })],
  ['adamw (no decay: Adam)', 0.01, options({ name: 'adamw' })],
  [
    'adam, β₁ 0.8, β₂ 0.99, ε 1e-3',
    0.01,
    options({ name: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }),
  ],
  ['rmsprop', 0.01, options({ name: 'rmsprop' })],
  [
    'rmsprop, no momentum, ρ 0.8, ε 1e-4',
    0.01,
    options({ name: 'rmsprop', momentum: 0, rho: 0.8, epsilon: 1e-4 }),
  ],
] as const)('%s (lr %f)', (_label, lr, o) => {
  it(`gives the same weights as the tf.train reference after ${STEPS} steps`, () => {
    const { start, ours, theirs } = trainBoth(o, lr);
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
    // The weights moved far more than the tolerance, so the agreement means something.
    expect(maxAbsDiff(ours, start)).toBeGreaterThan(1e-2);
  });

  it('frees every state slot on dispose and leaks nothing per step', () => {
    const { makeVars, loss } = problem();
    const vars = makeVars();
    const before = tf.memory().numTensors;
    const opt = OPTIMIZERS[o.name](o);
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
    const o = options({ name: 'adam' });
    const v = tf.variable(tf.tensor1d([1, 1, 1]));
    const opt = OPTIMIZERS.adam(o);
    created.push(v, opt);
    const g = [1e-3, 1, 1e3];
    tf.tidy(() => opt.apply([v], [tf.tensor1d(g)], 0.01));
    // m̂ = g and v̂ = g² after one step, so the step is lr·g/(|g| + ε) ≈ lr.
    const moved = Array.from(v.dataSync(), (w) => 1 - w);
    moved.forEach((m, i) =>
      expect(Math.abs(m - (0.01 * g[i]!) / (g[i]! + o.epsilon))).toBeLessThan(2e-7),
    );
  });
});

describe('decoupledDecay', () => {
  it('shrinks each variable by the factor 1 − lr·wd·s (s its strength) and skips strength 0', () => {
    const start = [randn(6, 30), randn(3, 31), randn(4, 32)];
    const vars = start.map((a) => tf.variable(tf.tensor1d(a)));
    created.push(...vars);
    const strengths = [1, 0, 0.25];
    const lr = 0.1;
    const wd = 0.3;
    tf.tidy(() => decoupledDecay(vars, strengths, lr, wd));
    vars.forEach((v, k) => {
      const expected = start[k]!.map((w) => w * (1 - lr * wd * strengths[k]!));
      expect(maxAbsDiff([v.dataSync() as Float32Array], [expected])).toBeLessThan(5e-7);
    });
    expect(Array.from(vars[1]!.dataSync())).toEqual(Array.from(start[1]!));
  });
});
