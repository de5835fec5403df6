/**
 * Every normalization against a reference, in training and inference mode: BatchNorm and LayerNorm
 * against tfjs-layers (same γ, β and moving statistics, ε = 1e-3, momentum 0.99); RMSNorm,
 * GroupNorm, WeightNorm and Batch Renorm against their closed forms written out in float64 here
 * (GroupNorm with one group also against tfjs-layers' LayerNorm, Batch Renorm with running
 * statistics equal to the batch ones against tfjs-layers' BatchNorm); the running-statistics update
 * against the layer's own; and a central finite-difference check of each norm's gradient with
 * respect to its input and its gain.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NORM_NAMES } from '../config/options';
import { useNodeBackend } from './node-backend';
import {
  BN_MOMENTUM,
  DEFAULT_NORM_OPTIONS,
  NORM_EPSILON,
  NORMS,
  updateRunningStats,
  type NormOptions,
  type NormParams,
} from './norms';
import { columnNorms, maxAbsDiff, randn } from '../../test/support/tensors';

const BATCH = 8;
const WIDTH = 6;
/** Per-unit input scales: the small ones make ε matter, the large ones make the centring matter. */
const COLUMN_STD = [0.03, 0.3, 1, 2, 5, 0.5];
const COLUMN_MEAN = [0.5, -1, 0, 3, -7, 1.5];
/** Options as the config defaults give them (ε = 1e-3, momentum 0.99, 4 groups, rmax 3, dmax 5). */
const O: NormOptions = DEFAULT_NORM_OPTIONS;
const EPS = O.normEpsilon;

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

const HAS_RUNNING_STATS = new Set(['batch', 'renorm']);

/** Our parameter object holding `v`: γ and β for every kind, running statistics where the kind keeps them. */
function ourParams(v: NormValues, kind: string): NormParams {
  const p: NormParams = {
    gamma: track(tf.variable(tf.tensor1d(v.gamma))),
    beta: track(tf.variable(tf.tensor1d(v.beta))),
  };
  if (HAS_RUNNING_STATS.has(kind)) {
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

function expectClose(
  actual: tf.Tensor | ArrayLike<number>,
  expected: tf.Tensor | ArrayLike<number>,
  tol = 1e-5,
) {
  const a = actual instanceof tf.Tensor ? values(actual) : actual;
  const e = expected instanceof tf.Tensor ? values(expected) : expected;
  expect(maxAbsDiff(a, e)).toBeLessThanOrEqual(tol);
}

const applyLayer = (layer: tf.layers.Layer, x: tf.Tensor, training: boolean) =>
  track(layer.apply(x, { training }) as tf.Tensor);

// ---------------------------------------------------------------------------------------------
// Closed forms in float64 on row-major [rows, cols] arrays, written from the papers' formulas.

type Arr = ArrayLike<number>;

/** Biased per-column mean and variance over the rows (the batch). */
function columnMoments(x: Arr, rows: number, cols: number) {
  const mean = Array.from({ length: cols }, (_, j) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += x[i * cols + j]!;
    return s / rows;
  });
  const variance = mean.map((m, j) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += (x[i * cols + j]! - m) ** 2;
    return s / rows;
  });
  return { mean, variance };
}

/** RMSNorm (Zhang & Sennrich 2019): y = x / √(mean_j x² + ε) · γ, per row. */
function rmsNormClosed(x: Arr, gamma: Arr, rows: number, cols: number, eps: number): number[] {
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    let ms = 0;
    for (let j = 0; j < cols; j++) ms += x[i * cols + j]! ** 2;
    const inv = 1 / Math.sqrt(ms / cols + eps);
    for (let j = 0; j < cols; j++) y.push(x[i * cols + j]! * inv * gamma[j]!);
  }
  return y;
}

/** GroupNorm (Wu & He 2018): each row's units split into G consecutive groups, each standardized. */
function groupNormClosed(
  x: Arr,
  gamma: Arr,
  beta: Arr,
  rows: number,
  cols: number,
  groups: number,
  eps: number,
) {
  const size = cols / groups;
  const y = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let g = 0; g < groups; g++) {
      const idx = Array.from({ length: size }, (_, k) => i * cols + g * size + k);
      const mean = idx.reduce((s, k) => s + x[k]!, 0) / size;
      const variance = idx.reduce((s, k) => s + (x[k]! - mean) ** 2, 0) / size;
      for (const k of idx)
        y[k] = ((x[k]! - mean) / Math.sqrt(variance + eps)) * gamma[k % cols]! + beta[k % cols]!;
    }
  }
  return y;
}

interface RenormOptions {
  eps: number;
  rmax: number;
  dmax: number;
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Batch Renorm (Ioffe 2017), training mode: x̂ = (x − μ_B)/σ_B · r + d with
 * r = clip(σ_B/σ, 1/rmax, rmax), d = clip((μ_B − μ)/σ, −dmax, dmax), σ = √(running var + ε),
 * σ_B = √(batch var + ε); y = γ·x̂ + β. `frozen` replaces r and d by given constants.
 */
function renormClosed(
  x: Arr,
  p: { gamma: Arr; beta: Arr; runningMean: Arr; runningVar: Arr },
  rows: number,
  cols: number,
  o: RenormOptions,
  frozen?: { r: number[]; d: number[] },
) {
  const { mean, variance } = columnMoments(x, rows, cols);
  const sigmaB = variance.map((v) => Math.sqrt(v + o.eps));
  const sigma = Array.from(p.runningVar, (v) => Math.sqrt(v + o.eps));
  const r = frozen?.r ?? sigmaB.map((s, j) => clip(s / sigma[j]!, 1 / o.rmax, o.rmax));
  const d =
    frozen?.d ?? mean.map((m, j) => clip((m - p.runningMean[j]!) / sigma[j]!, -o.dmax, o.dmax));
  const y = Array.from(x, (v, k) => {
    const j = k % cols;
    return (((v - mean[j]!) / sigmaB[j]!) * r[j]! + d[j]!) * p.gamma[j]! + p.beta[j]!;
  });
  return { y, r, d, mean, variance };
}
describe('BatchNorm matches tf.layers.batchNormalization', () => {
  it('in training mode it normalizes with the batch statistics', () => {
    const v = someParams(10);
    const x = inputBatch(1);
    const ours = NORMS.batch.apply(x, ourParams(v, 'batch'), true, O);
    expectClose(track(ours.y), applyLayer(referenceBatchNorm(v), x, true));
  });

  it('in training mode it returns the biased batch moments', () => {
    const x = inputBatch(2);
    const ours = NORMS.batch.apply(x, ourParams(someParams(10), 'batch'), true, O);
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
    const ours = NORMS.batch.apply(x, ourParams(v, 'batch'), false, O);
    expect(ours.moments).toBeUndefined();
    expectClose(track(ours.y), applyLayer(referenceBatchNorm(v), x, false));
  });

  it('training and inference outputs differ when running statistics differ from the batch ones', () => {
    // Guards the two tests above against a norm that ignores the mode.
    const p = ourParams(someParams(20), 'batch');
    const x = inputBatch(3);
    const train = track(NORMS.batch.apply(x, p, true, O).y);
    const infer = track(NORMS.batch.apply(x, p, false, O).y);
    expect(maxAbsDiff(values(train), values(infer))).toBeGreaterThan(0.1);
  });

  it('a single example in inference mode does not depend on the rest of the batch', () => {
    const p = ourParams(someParams(21), 'batch');
    const x = inputBatch(4);
    const whole = values(track(NORMS.batch.apply(x, p, false, O).y)).slice(0, WIDTH);
    const first = values(
      track(NORMS.batch.apply(track(tf.slice(x, [0, 0], [1, WIDTH])), p, false, O).y),
    );
    expectClose(first, whole, 1e-6);
  });
});

describe('BatchNorm running statistics', () => {
  it('a normalization call alone never moves the running statistics', () => {
    const v = someParams(30);
    const p = ourParams(v, 'batch');
    NORMS.batch.apply(inputBatch(5), p, true, O);
    NORMS.batch.apply(inputBatch(6), p, false, O);
    expectClose(values(p.runningMean!), v.runningMean, 0);
    expectClose(values(p.runningVar!), v.runningVar, 0);
  });

  it('updateRunningStats after one training call equals the tfjs-layers moving-stat update', () => {
    const v = someParams(31);
    const p = ourParams(v, 'batch');
    const x = inputBatch(7);
    const { moments } = NORMS.batch.apply(x, p, true, O);
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
    const p = NORMS.batch.create(WIDTH, track(tf.zeros([3, WIDTH])));
    Object.values(p).forEach((t) => track(t!));
    expectClose(values(p.runningMean!), init.runningMean, 0);
    expectClose(values(p.runningVar!), init.runningVar, 0);
    const layer = referenceBatchNorm(init);
    for (let k = 0; k < 5; k++) {
      const x = inputBatch(100 + k);
      updateRunningStats(p, NORMS.batch.apply(x, p, true, O).moments!);
      applyLayer(layer, x, true);
    }
    expectClose(values(p.runningMean!), referenceWeight(layer, 'moving_mean'));
    expectClose(values(p.runningVar!), referenceWeight(layer, 'moving_variance'));
  });

  it('running statistics leave no tensors behind', () => {
    const p = ourParams(someParams(32), 'batch');
    const x = inputBatch(8);
    const before = tf.memory().numTensors;
    tf.tidy(() => updateRunningStats(p, NORMS.batch.apply(x, p, true, O).moments!));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('LayerNorm matches tf.layers.layerNormalization', () => {
  it.each([true, false])('with training = %s', (training) => {
    const v = someParams(40);
    const x = inputBatch(9);
    const ours = NORMS.layer.apply(x, ourParams(v, 'layer'), training, O);
    expect(ours.moments).toBeUndefined();
    expectClose(track(ours.y), applyLayer(referenceLayerNorm(v), x, training));
  });

  it('each example is normalized on its own: one row alone gives the same output', () => {
    const p = ourParams(someParams(41), 'layer');
    const x = inputBatch(10);
    const whole = values(track(NORMS.layer.apply(x, p, true, O).y)).slice(WIDTH, 2 * WIDTH);
    const second = values(
      track(NORMS.layer.apply(track(tf.slice(x, [1, 0], [1, WIDTH])), p, true, O).y),
    );
    expectClose(second, whole, 1e-6);
  });
});

describe('NormName "none"', () => {
  it('is the identity', () => {
    const x = inputBatch(11);
    expectClose(NORMS.none.apply(x, {}, true, O).y, x, 0);
  });
});

describe('RMSNorm equals its closed form x·rsqrt(mean(x²) + ε)·γ', () => {
  it.each([true, false])('with training = %s, and keeps no batch moments', (training) => {
    const v = someParams(60);
    const x = inputBatch(12);
    const ours = NORMS.rms.apply(x, ourParams(v, 'rms'), training, O);
    expect(ours.moments).toBeUndefined();
    expectClose(track(ours.y), rmsNormClosed(values(x), v.gamma, BATCH, WIDTH, EPS));
  });

  it('ε is the one from the options', () => {
    // Rows of tiny values: ε dominates the mean square, so a wrong ε shows.
    const v = someParams(61);
    const x = track(tf.tensor2d(randn(BATCH * WIDTH, 13, 0, 0.01), [BATCH, WIDTH]));
    const eps = 0.05;
    const ours = track(NORMS.rms.apply(x, ourParams(v, 'rms'), true, { ...O, normEpsilon: eps }).y);
    expectClose(ours, rmsNormClosed(values(x), v.gamma, BATCH, WIDTH, eps), 1e-6);
    expect(
      maxAbsDiff(values(ours), rmsNormClosed(values(x), v.gamma, BATCH, WIDTH, EPS)),
    ).toBeGreaterThan(1e-2);
  });

  it('is created with a gain of ones and no shift', () => {
    const p = NORMS.rms.create(WIDTH, track(tf.zeros([3, WIDTH])));
    Object.values(p).forEach((t) => track(t!));
    expectClose(p.gamma!, new Float32Array(WIDTH).fill(1), 0);
    expect(p.beta).toBeUndefined();
    expect(p.runningMean).toBeUndefined();
  });
});

describe('GroupNorm', () => {
  it.each([
    [2, true],
    [2, false],
    [3, true],
    [3, false],
  ])('with %i groups and training = %s equals the closed form', (groups, training) => {
    const v = someParams(62);
    const x = inputBatch(14);
    const ours = NORMS.group.apply(x, ourParams(v, 'group'), training, { ...O, groups });
    expect(ours.moments).toBeUndefined();
    expectClose(
      track(ours.y),
      groupNormClosed(values(x), v.gamma, v.beta, BATCH, WIDTH, groups, EPS),
    );
  });

  it.each([true, false])(
    'with one group equals tf.layers.layerNormalization with the same γ and β (training = %s)',
    (training) => {
      const v = someParams(63);
      const x = inputBatch(15);
      const ours = NORMS.group.apply(x, ourParams(v, 'group'), training, { ...O, groups: 1 });
      expectClose(track(ours.y), applyLayer(referenceLayerNorm(v), x, training));
    },
  );

  it('with several groups it differs from LayerNorm (the grouping is real)', () => {
    const v = someParams(64);
    const x = inputBatch(16);
    const grouped = track(NORMS.group.apply(x, ourParams(v, 'group'), true, { ...O, groups: 3 }).y);
    expect(
      maxAbsDiff(values(grouped), values(applyLayer(referenceLayerNorm(v), x, true))),
    ).toBeGreaterThan(0.1);
  });
});

describe('WeightNorm', () => {
  const FAN_IN = 4;

  it('starts g at the column norms of v, so the effective weights at creation equal v', () => {
    const vValues = randn(FAN_IN * WIDTH, 70, 0, 0.7);
    const w = track(tf.tensor2d(vValues, [FAN_IN, WIDTH]));
    const p = NORMS.weight.create(WIDTH, w);
    Object.values(p).forEach((t) => track(t!));
    expectClose(p.g!, columnNorms(vValues, FAN_IN, WIDTH), 1e-6);
    expectClose(track(NORMS.weight.reweight!(w, p)), vValues, 1e-6);
  });

  it('effective weights are g·v/‖v‖ per column: direction from v, length |g|', () => {
    const vValues = randn(FAN_IN * WIDTH, 71, 0, 3);
    const gValues = randn(WIDTH, 72, 0.3, 1); // some negative: the sign flips the column
    const v = track(tf.tensor2d(vValues, [FAN_IN, WIDTH]));
    const p: NormParams = { g: track(tf.variable(tf.tensor1d(gValues))) };
    const w = values(track(NORMS.weight.reweight!(v, p)));
    const norms = columnNorms(vValues, FAN_IN, WIDTH);
    const expected = Array.from(vValues, (x, k) => (gValues[k % WIDTH]! * x) / norms[k % WIDTH]!);
    expectClose(w, expected, 1e-6);
    expectClose(columnNorms(w, FAN_IN, WIDTH), Array.from(gValues, Math.abs), 1e-5);
    // v's own length does not matter: 5·v gives the same effective weights.
    const scaled = track(tf.mul(v, 5) as tf.Tensor2D);
    expectClose(track(NORMS.weight.reweight!(scaled, p)), w, 1e-6);
  });

  it.each([true, false])('leaves the activations unchanged (training = %s)', (training) => {
    const x = inputBatch(17);
    const r = NORMS.weight.apply(x, {}, training, O);
    expect(r.moments).toBeUndefined();
    expectClose(r.y, x, 0);
  });
});

describe('Batch Renorm', () => {
  /** Small clip bounds, so that r and d hit both bounds and the interior in one batch. */
  const R_OPTS: NormOptions = { ...O, renormRmax: 2, renormDmax: 1 };
  /** σ = K·σ_B per unit, so r ≈ 1/K: 0.91, 1.25, clipped 2, clipped 0.5, 1, 0.63. */
  const K = [1.1, 0.8, 0.2, 4, 1, 1.6];
  /** μ = μ_B − δ·σ per unit, so d ≈ δ: 0, 0.3, clipped −1, 0.1, clipped 1, −0.4. */
  const DELTA = [0, 0.3, -2, 0.1, 3, -0.4];

  /** An input batch and parameters whose running statistics sit at chosen places around the batch's. */
  function renormCase(seed: number) {
    const x = inputBatch(seed);
    const { mean, variance } = columnMoments(values(x), BATCH, WIDTH);
    const base = someParams(seed + 100);
    const runningVar = Float32Array.from(variance, (v, j) => K[j]! ** 2 * (v + EPS) - EPS);
    const runningMean = Float32Array.from(
      mean,
      (m, j) => m - DELTA[j]! * Math.sqrt(runningVar[j]! + EPS),
    );
    const v: NormValues = { ...base, runningMean, runningVar };
    return { x, v, p: ourParams(v, 'renorm') };
  }

  it('in training mode equals the closed form with r and d clipped to [1/rmax, rmax] and [−dmax, dmax]', () => {
    const { x, v, p } = renormCase(20);
    const ref = renormClosed(values(x), v, BATCH, WIDTH, { eps: EPS, rmax: 2, dmax: 1 });
    // The case covers every regime of the clipping.
    expect(ref.r.some((r) => r === 2) && ref.r.some((r) => r === 0.5)).toBe(true);
    expect(ref.r.filter((r) => r > 0.5 && r < 2).length).toBeGreaterThanOrEqual(3);
    expect(ref.d.some((d) => d === 1) && ref.d.some((d) => d === -1)).toBe(true);
    expect(ref.d.filter((d) => Math.abs(d) < 1 && d !== 0).length).toBeGreaterThanOrEqual(2);
    const ours = NORMS.renorm.apply(x, p, true, R_OPTS);
    expectClose(track(ours.y), ref.y, 2e-5);
    // Without clipping (wide bounds) the output is different: the bounds are applied.
    const wide = track(
      NORMS.renorm.apply(x, p, true, { ...O, renormRmax: 100, renormDmax: 100 }).y,
    );
    expectClose(
      wide,
      renormClosed(values(x), v, BATCH, WIDTH, { eps: EPS, rmax: 100, dmax: 100 }).y,
      2e-5,
    );
    expect(maxAbsDiff(values(wide), values(ours.y))).toBeGreaterThan(0.1);
  });

  it('in training mode returns the biased batch moments, for the running-statistics update', () => {
    const { x, p } = renormCase(21);
    const { moments } = NORMS.renorm.apply(x, p, true, R_OPTS);
    const ref = columnMoments(values(x), BATCH, WIDTH);
    expectClose(track(moments!.mean), ref.mean, 1e-5);
    expectClose(
      values(track(moments!.variance)).map((s, j) => s / ref.variance[j]!),
      new Float32Array(WIDTH).fill(1),
      1e-4,
    );
  });

  it('in inference mode uses the running statistics: equals tf.layers.batchNormalization in inference', () => {
    const v = someParams(22);
    const x = inputBatch(22);
    const p = ourParams(v, 'renorm');
    const ours = NORMS.renorm.apply(x, p, false, R_OPTS);
    expect(ours.moments).toBeUndefined();
    // Outputs reach tens here (unit 5 is far from its running mean): compare relative to that scale.
    const ref = values(applyLayer(referenceBatchNorm(v), x, false));
    const scale = Math.max(...ref.map(Math.abs));
    expect(scale).toBeGreaterThan(5);
    expect(maxAbsDiff(values(track(ours.y)), ref) / scale).toBeLessThan(1e-6);
    const train = track(NORMS.renorm.apply(x, p, true, R_OPTS).y);
    expect(maxAbsDiff(values(train), values(ours.y))).toBeGreaterThan(0.1);
  });

  it('with running statistics equal to the batch statistics (r = 1, d = 0) equals BatchNorm in training mode', () => {
    const x = inputBatch(23);
    const { mean, variance } = columnMoments(values(x), BATCH, WIDTH);
    const v: NormValues = {
      ...someParams(23),
      runningMean: Float32Array.from(mean),
      runningVar: Float32Array.from(variance),
    };
    const ours = track(NORMS.renorm.apply(x, ourParams(v, 'renorm'), true, R_OPTS).y);
    // tfjs-layers in training mode normalizes with the batch statistics; its moving ones do not enter.
    expectClose(ours, applyLayer(referenceBatchNorm(someParams(23)), x, true));
  });

  it('a call never moves the running statistics; updateRunningStats with its moments equals the tfjs-layers update', () => {
    const v = someParams(24);
    const p = ourParams(v, 'renorm');
    const x = inputBatch(24);
    const { moments } = NORMS.renorm.apply(x, p, true, R_OPTS);
    NORMS.renorm.apply(inputBatch(25), p, false, R_OPTS);
    expectClose(values(p.runningMean!), v.runningMean, 0);
    expectClose(values(p.runningVar!), v.runningVar, 0);
    updateRunningStats(p, moments!, BN_MOMENTUM);
    const layer = referenceBatchNorm(v);
    applyLayer(layer, x, true);
    expectClose(values(p.runningMean!), referenceWeight(layer, 'moving_mean'));
    expectClose(values(p.runningVar!), referenceWeight(layer, 'moving_variance'));
  });

  it('the gradient treats r and d as constants: tf.grads equals finite differences of the closed form with r, d frozen', () => {
    const { x, v, p } = renormCase(26);
    const xs = Float64Array.from(values(x));
    const upstream = randn(BATCH * WIDTH, 27);
    const ro = { eps: EPS, rmax: 2, dmax: 1 };
    const { r, d } = renormClosed(xs, v, BATCH, WIDTH, ro);
    // Float64 closed forms of L(x, γ) = Σ y ⊙ R: with r, d frozen at their values, and live.
    const lossOf = (xa: Arr, gamma: Arr, frozen: boolean) =>
      renormClosed(xa, { ...v, gamma }, BATCH, WIDTH, ro, frozen ? { r, d } : undefined).y.reduce(
        (s, y, k) => s + y * upstream[k]!,
        0,
      );
    const R = track(tf.tensor2d(upstream, [BATCH, WIDTH]));
    const [gx, gg] = tf
      .tidy(() =>
        tf.grads((xt: tf.Tensor, gt: tf.Tensor) =>
          tf.sum(
            tf.mul(
              NORMS.renorm.apply(
                xt as tf.Tensor2D,
                { ...p, gamma: gt as tf.Variable },
                true,
                R_OPTS,
              ).y,
              R,
            ),
          ),
        )([x, tf.tensor1d(v.gamma)]),
      )
      .map((t) => values(track(t)));
    const h = 1e-5;
    const fd = (which: 'x' | 'gamma', i: number, frozen: boolean) => {
      const shift = (delta: number) => {
        const xa = Float64Array.from(xs);
        const ga = Float64Array.from(v.gamma);
        if (which === 'x') xa[i]! += delta;
        else ga[i]! += delta;
        return lossOf(xa, ga, frozen);
      };
      return (shift(h) - shift(-h)) / (2 * h);
    };
    const err = (analytic: Float32Array, which: 'x' | 'gamma', frozen: boolean) =>
      Math.max(
        ...Array.from(analytic, (a, i) => Math.abs(fd(which, i, frozen) - a) / (1 + Math.abs(a))),
      );
    expect(err(gx!, 'x', true)).toBeLessThan(1e-3);
    expect(err(gg!, 'gamma', true)).toBeLessThan(1e-3);
    expect(Math.max(...gx!.map(Math.abs))).toBeGreaterThan(0.1);
    // Had r and d carried gradient, the input gradient would be the live one, which differs here.
    expect(err(gx!, 'x', false)).toBeGreaterThan(1e-2);
  });
});

/**
 * Central finite differences of L(x, γ) = Σ y(x, γ) ⊙ R against tf.grads. Inputs are float32, so
 * h = 1e-2 balances truncation (O(h²)) against rounding (O(ε_f32·|L|/h)). For WeightNorm "x" is v
 * and "γ" is g (the effective weights play the role of y); "none" has no gain. InstanceNorm needs
 * image feature maps, so its case reshapes the same BATCH·WIDTH values to [2, 2, 2, WIDTH] (WIDTH
 * channels); convNorms.test.ts checks the rank-4 gradients of BatchNorm and GroupNorm too.
 */
describe('gradients match central finite differences', () => {
  const H = 1e-2;
  /** BATCH·WIDTH values as 2 images of 2×2 pixels with WIDTH channels. */
  const IMAGE_SHAPE = [2, 2, 2, WIDTH];
  const cases = [
    { name: 'BatchNorm, training mode', kind: 'batch', training: true },
    { name: 'BatchNorm, inference mode', kind: 'batch', training: false },
    { name: 'LayerNorm', kind: 'layer', training: true },
    { name: 'RMSNorm', kind: 'rms', training: true },
    { name: 'GroupNorm (2 groups)', kind: 'group', training: true },
    { name: 'Batch Renorm, inference mode', kind: 'renorm', training: false },
    { name: 'WeightNorm (v and g)', kind: 'weight', training: true },
    { name: 'InstanceNorm (rank 4)', kind: 'instance', training: true, shape: IMAGE_SHAPE },
  ] as const;

  it('every norm except Batch Renorm in training mode (tested with r, d frozen above) and none is here', () => {
    const covered = new Set<string>(cases.map((c) => c.kind));
    expect(NORM_NAMES.filter((n) => !covered.has(n))).toEqual(['none']);
  });

  function gradientCheck(
    kind: (typeof cases)[number]['kind'] | 'none',
    training: boolean,
    shape: number[] = [BATCH, WIDTH],
  ) {
    const v = someParams(50);
    // Moderate scales: the check is about the formula, not about ill-conditioned units.
    const x0 = randn(BATCH * WIDTH, 51, 0.5, 1.5);
    const r = track(tf.tensor(randn(BATCH * WIDTH, 52), shape));
    const fixed = ourParams(v, kind);
    const opts: NormOptions = { ...O, groups: 2 };
    const hasGain = kind !== 'none';

    const loss = (x: tf.Tensor, gamma: tf.Tensor): tf.Scalar => {
      if (kind === 'weight')
        return tf.sum(
          tf.mul(NORMS.weight.reweight!(x as tf.Tensor2D, { g: gamma as tf.Variable }), r),
        );
      const p: NormParams = { ...fixed, gamma: gamma as tf.Variable };
      return tf.sum(tf.mul(NORMS[kind].apply(x, p, training, opts).y, r));
    };
    const lossAt = (x: Float32Array, gamma: Float32Array): number =>
      tf.tidy(() => loss(tf.tensor(x, shape), tf.tensor1d(gamma)).dataSync()[0]!);

    const analytic = tf
      .tidy(() => {
        const xt = tf.tensor(x0, shape);
        const gt = tf.tensor1d(v.gamma);
        return hasGain
          ? tf.grads((x: tf.Tensor, g: tf.Tensor) => loss(x, g))([xt, gt])
          : [tf.grad((x: tf.Tensor) => loss(x, gt))(xt)];
      })
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

    const worst = (a: Float32Array, which: 'x' | 'gamma') =>
      Math.max(...Array.from(a, (g, i) => Math.abs(fd(which, i) - g) / (1 + Math.abs(g))));
    const [gx, gg] = analytic;
    return {
      worstX: worst(gx!, 'x'),
      worstGamma: gg ? worst(gg, 'gamma') : 0,
      gx: gx!,
      gg: gg ?? new Float32Array(0),
    };
  }

  it.each(cases)('$name: with respect to the input and to γ', (c) => {
    const { worstX, worstGamma, gx, gg } = gradientCheck(
      c.kind,
      c.training,
      'shape' in c ? c.shape : undefined,
    );
    expect(worstX).toBeLessThan(2e-3);
    expect(worstGamma).toBeLessThan(2e-3);
    // The gradients are not trivially zero.
    expect(Math.max(...gx.map(Math.abs))).toBeGreaterThan(0.1);
    expect(Math.max(...gg.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('none: with respect to the input (it has no gain)', () => {
    const { worstX, gx } = gradientCheck('none', true);
    expect(worstX).toBeLessThan(2e-3);
    expect(Math.max(...gx.map(Math.abs))).toBeGreaterThan(0.1);
  });
});
