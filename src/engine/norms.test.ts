/**
 * BatchNorm and LayerNorm against the tfjs-layers reference (same γ, β and moving statistics,
 * ε = 1e-3, momentum 0.99), the running-statistics update against the layer's own, and a
 * central finite-difference check of each norm's gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from './node-backend';
import { BN_MOMENTUM, NORM_EPSILON, NORMS, updateRunningStats, type NormParams } from './norms';
import { makeRng, normal } from './random';

const BATCH = 8;
const WIDTH = 5;
/** Per-unit input scales: the small ones make ε matter, the large ones make the centring matter. */
const COLUMN_STD = [0.03, 0.3, 1, 2, 5];
const COLUMN_MEAN = [0.5, -1, 0, 3, -7];

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const created: { dispose(): void }[] = [];
afterEach(() => {
  created.splice(0).forEach((t) => t.dispose());
});

function track<T extends { dispose(): void }>(t: T): T {
  created.push(t);
  return t;
}

/** A layer only built (never applied symbolically) cannot be disposed; free its weights instead. */
function trackLayer<L extends tf.layers.Layer>(layer: L): L {
  track({ dispose: () => layer.weights.forEach((w) => w.dispose()) });
  return layer;
}

function randn(n: number, seed: number, mean = 0, std = 1): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => mean + std * normal(rng));
}

/** A [BATCH, WIDTH] input whose units have very different means and scales. */
function inputBatch(seed: number): tf.Tensor2D {
  const z = randn(BATCH * WIDTH, seed);
  const x = z.map((v, i) => COLUMN_MEAN[i % WIDTH]! + COLUMN_STD[i % WIDTH]! * v);
  return track(tf.tensor2d(x, [BATCH, WIDTH]));
}

interface NormValues {
  gamma: Float32Array;
  beta: Float32Array;
  runningMean: Float32Array;
  runningVar: Float32Array;
}

/** Non-trivial parameters: γ away from 1, β away from 0, moving statistics away from their init. */
function someParams(seed: number): NormValues {
  return {
    gamma: randn(WIDTH, seed, 1, 0.5),
    beta: randn(WIDTH, seed + 1, 0, 0.5),
    runningMean: randn(WIDTH, seed + 2, 0, 2),
    runningVar: randn(WIDTH, seed + 3).map((v) => 0.05 + v * v),
  };
}

function ourParams(v: NormValues, kind: 'batch' | 'layer'): NormParams {
  const p: NormParams = {
    gamma: track(tf.variable(tf.tensor1d(v.gamma))),
    beta: track(tf.variable(tf.tensor1d(v.beta))),
  };
  if (kind === 'batch') {
    p.runningMean = track(tf.variable(tf.tensor1d(v.runningMean), false));
    p.runningVar = track(tf.variable(tf.tensor1d(v.runningVar), false));
  }
  return p;
}

function referenceBatchNorm(v: NormValues) {
  const layer = tf.layers.batchNormalization({
    axis: -1,
    momentum: BN_MOMENTUM,
    epsilon: NORM_EPSILON,
  });
  layer.build([null, WIDTH]);
  tf.tidy(() =>
    layer.setWeights([v.gamma, v.beta, v.runningMean, v.runningVar].map((a) => tf.tensor1d(a))),
  );
  return trackLayer(layer);
}

function referenceLayerNorm(v: NormValues) {
  const layer = tf.layers.layerNormalization({ axis: -1, epsilon: NORM_EPSILON });
  layer.build([null, WIDTH]);
  tf.tidy(() => layer.setWeights([v.gamma, v.beta].map((a) => tf.tensor1d(a))));
  return trackLayer(layer);
}

/** The reference layer's weights by their role, read by name so the order cannot fool the test. */
function referenceWeight(
  layer: tf.layers.Layer,
  role: 'moving_mean' | 'moving_variance',
): Float32Array {
  const w = layer.weights.find((v) => v.originalName.endsWith(role));
  if (!w) throw new Error(`reference layer has no ${role} weight`);
  return w.read().dataSync() as Float32Array;
}

function values(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function expectClose(
  actual: tf.Tensor | Float32Array,
  expected: tf.Tensor | Float32Array,
  tol = 1e-5,
) {
  const a = actual instanceof tf.Tensor ? values(actual) : actual;
  const e = expected instanceof tf.Tensor ? values(expected) : expected;
  expect(maxAbsDiff(a, e)).toBeLessThanOrEqual(tol);
}

const applyLayer = (layer: tf.layers.Layer, x: tf.Tensor, training: boolean) =>
  track(layer.apply(x, { training }) as tf.Tensor);

describe('BatchNorm matches tf.layers.batchNormalization', () => {
  it('in training mode it normalizes with the batch statistics', () => {
    const v = someParams(10);
    const x = inputBatch(1);
    const ours = NORMS.batch.apply(x, ourParams(v, 'batch'), true);
    expectClose(track(ours.y), applyLayer(referenceBatchNorm(v), x, true));
  });

  it('in training mode it returns the biased batch moments', () => {
    const x = inputBatch(2);
    const ours = NORMS.batch.apply(x, ourParams(someParams(10), 'batch'), true);
    const xs = values(x);
    for (let j = 0; j < WIDTH; j++) {
      const col = Array.from({ length: BATCH }, (_, i) => xs[i * WIDTH + j]!);
      const mean = col.reduce((s, c) => s + c, 0) / BATCH;
      const variance = col.reduce((s, c) => s + (c - mean) ** 2, 0) / BATCH;
      expect(values(track(ours.moments!.mean))[j]).toBeCloseTo(mean, 4);
      expect(values(track(ours.moments!.variance))[j]! / variance).toBeCloseTo(1, 4);
    }
  });

  it('in inference mode it normalizes with the running statistics', () => {
    const v = someParams(20);
    const x = inputBatch(3);
    const ours = NORMS.batch.apply(x, ourParams(v, 'batch'), false);
    expect(ours.moments).toBeUndefined();
    expectClose(track(ours.y), applyLayer(referenceBatchNorm(v), x, false));
  });

  it('training and inference outputs differ when running statistics differ from the batch ones', () => {
    // Guards the two tests above against a norm that ignores the mode.
    const p = ourParams(someParams(20), 'batch');
    const x = inputBatch(3);
    const train = track(NORMS.batch.apply(x, p, true).y);
    const infer = track(NORMS.batch.apply(x, p, false).y);
    expect(maxAbsDiff(values(train), values(infer))).toBeGreaterThan(0.1);
  });

  it('a single example in inference mode does not depend on the rest of the batch', () => {
    const p = ourParams(someParams(21), 'batch');
    const x = inputBatch(4);
    const whole = values(track(NORMS.batch.apply(x, p, false).y)).slice(0, WIDTH);
    const first = values(
      track(NORMS.batch.apply(track(tf.slice(x, [0, 0], [1, WIDTH])), p, false).y),
    );
    expectClose(first, whole, 1e-6);
  });
});

describe('BatchNorm running statistics', () => {
  it('a normalization call alone never moves the running statistics', () => {
    const v = someParams(30);
    const p = ourParams(v, 'batch');
    NORMS.batch.apply(inputBatch(5), p, true);
    NORMS.batch.apply(inputBatch(6), p, false);
    expectClose(values(p.runningMean!), v.runningMean, 0);
    expectClose(values(p.runningVar!), v.runningVar, 0);
  });

  it('updateRunningStats after one training call equals the tfjs-layers moving-stat update', () => {
    const v = someParams(31);
    const p = ourParams(v, 'batch');
    const x = inputBatch(7);
    const { moments } = NORMS.batch.apply(x, p, true);
    updateRunningStats(p, moments!);

    const layer = referenceBatchNorm(v);
    applyLayer(layer, x, true);
    expectClose(values(p.runningMean!), referenceWeight(layer, 'moving_mean'));
    expectClose(values(p.runningVar!), referenceWeight(layer, 'moving_variance'));
    // The update actually moved something (so equality is not equality of untouched values).
    expect(maxAbsDiff(values(p.runningMean!), v.runningMean)).toBeGreaterThan(1e-3);
  });

  it('several updates in a row keep matching the reference, starting from mean 0 and variance 1', () => {
    const init: NormValues = {
      gamma: new Float32Array(WIDTH).fill(1),
      beta: new Float32Array(WIDTH),
      runningMean: new Float32Array(WIDTH),
      runningVar: new Float32Array(WIDTH).fill(1),
    };
    const p = NORMS.batch.create(WIDTH);
    Object.values(p).forEach((t) => track(t!));
    expectClose(values(p.runningMean!), init.runningMean, 0);
    expectClose(values(p.runningVar!), init.runningVar, 0);
    const layer = referenceBatchNorm(init);
    for (let k = 0; k < 5; k++) {
      const x = inputBatch(100 + k);
      updateRunningStats(p, NORMS.batch.apply(x, p, true).moments!);
      applyLayer(layer, x, true);
    }
    expectClose(values(p.runningMean!), referenceWeight(layer, 'moving_mean'));
    expectClose(values(p.runningVar!), referenceWeight(layer, 'moving_variance'));
  });

  it('running statistics leave no tensors behind', () => {
    const p = ourParams(someParams(32), 'batch');
    const x = inputBatch(8);
    const before = tf.memory().numTensors;
    tf.tidy(() => updateRunningStats(p, NORMS.batch.apply(x, p, true).moments!));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('LayerNorm matches tf.layers.layerNormalization', () => {
  it.each([true, false])('with training = %s', (training) => {
    const v = someParams(40);
    const x = inputBatch(9);
    const ours = NORMS.layer.apply(x, ourParams(v, 'layer'), training);
    expect(ours.moments).toBeUndefined();
    expectClose(track(ours.y), applyLayer(referenceLayerNorm(v), x, training));
  });

  it('each example is normalized on its own: one row alone gives the same output', () => {
    const p = ourParams(someParams(41), 'layer');
    const x = inputBatch(10);
    const whole = values(track(NORMS.layer.apply(x, p, true).y)).slice(WIDTH, 2 * WIDTH);
    const second = values(
      track(NORMS.layer.apply(track(tf.slice(x, [1, 0], [1, WIDTH])), p, true).y),
    );
    expectClose(second, whole, 1e-6);
  });
});

describe('NormName "none"', () => {
  it('is the identity', () => {
    const x = inputBatch(11);
    expectClose(NORMS.none.apply(x, {}, true).y, x, 0);
  });
});

/**
 * Central finite differences of L(x, γ) = Σ y(x, γ) ⊙ R against tf.grads. Inputs are float32, so
 * h = 1e-2 balances truncation (O(h²)) against rounding (O(ε_f32·|L|/h)).
 */
describe('gradients match central finite differences', () => {
  const H = 1e-2;
  const cases = [
    { name: 'BatchNorm, training mode', kind: 'batch', training: true },
    { name: 'BatchNorm, inference mode', kind: 'batch', training: false },
    { name: 'LayerNorm', kind: 'layer', training: true },
  ] as const;

  function gradientCheck(kind: 'batch' | 'layer', training: boolean) {
    const v = someParams(50);
    // Moderate scales: the check is about the formula, not about ill-conditioned units.
    const x0 = randn(BATCH * WIDTH, 51, 0.5, 1.5);
    const r = track(tf.tensor2d(randn(BATCH * WIDTH, 52), [BATCH, WIDTH]));
    const fixed = ourParams(v, kind);

    const loss = (x: tf.Tensor, gamma: tf.Tensor): tf.Scalar => {
      const p: NormParams = { ...fixed, gamma: gamma as tf.Variable };
      return tf.sum(tf.mul(NORMS[kind].apply(x as tf.Tensor2D, p, training).y, r));
    };
    const lossAt = (x: Float32Array, gamma: Float32Array): number =>
      tf.tidy(() => loss(tf.tensor2d(x, [BATCH, WIDTH]), tf.tensor1d(gamma)).dataSync()[0]!);

    const [gx, gg] = tf
      .tidy(() =>
        tf.grads((x: tf.Tensor, g: tf.Tensor) => loss(x, g))([
          tf.tensor2d(x0, [BATCH, WIDTH]),
          tf.tensor1d(v.gamma),
        ]),
      )
      .map((t) => values(track(t)));

    const fd = (which: 'x' | 'gamma', i: number): number => {
      const shift = (d: number) => {
        const x = Float32Array.from(x0);
        const g = Float32Array.from(v.gamma);
        if (which === 'x') x[i]! += d;
        else g[i]! += d;
        return lossAt(x, g);
      };
      return (shift(H) - shift(-H)) / (2 * H);
    };

    const worst = (analytic: Float32Array, which: 'x' | 'gamma') =>
      Math.max(...Array.from(analytic, (a, i) => Math.abs(fd(which, i) - a) / (1 + Math.abs(a))));
    return { worstX: worst(gx!, 'x'), worstGamma: worst(gg!, 'gamma'), gx: gx!, gg: gg! };
  }

  it.each(cases)('$name: with respect to the input and to γ', ({ kind, training }) => {
    const { worstX, worstGamma, gx, gg } = gradientCheck(kind, training);
    expect(worstX).toBeLessThan(2e-3);
    expect(worstGamma).toBeLessThan(2e-3);
    // The gradients are not trivially zero.
    expect(Math.max(...gx.map(Math.abs))).toBeGreaterThan(0.1);
    expect(Math.max(...gg.map(Math.abs))).toBeGreaterThan(0.1);
  });
});
