/**
 * Normalizations on image feature maps [N, H, W, C] (channels last) and on padded sequence batches
 * [B, T, U], against closed forms written out here with plain loops in float64: BatchNorm (also
 * against tf.layers.batchNormalization), LayerNorm over (H, W, C) (also against
 * tf.layers.layerNormalization with axis [1, 2, 3]), InstanceNorm, GroupNorm, RMSNorm, WeightNorm on
 * a conv kernel and Batch Renorm; masked moments that ignore padding; and central finite-difference
 * checks of the rank-4 gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from './node-backend';
import {
  BN_MOMENTUM,
  DEFAULT_NORM_OPTIONS,
  NORM_EPSILON,
  NORMS,
  maskedMoments,
  statAxes,
  unitNorms,
  updateRunningStats,
  type NormOptions,
  type NormParams,
} from './norms';
import { Disposables, maxAbsDiff, randn, read } from '../../test/support/tensors';

const N = 3;
const H = 4;
const W = 5;
const C = 4;
const SIZE = N * H * W * C;
/** Per-channel scales and offsets: the small scale makes ε matter, the offsets make centring matter. */
const CHANNEL_STD = [0.05, 0.5, 1, 3];
const CHANNEL_MEAN = [1, -2, 0, 4];
const O: NormOptions = DEFAULT_NORM_OPTIONS;
const EPS = O.normEpsilon;

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());
const track = <T extends { dispose(): void }>(t: T): T => d.track(t);

/** A layer only built (never applied symbolically) cannot be disposed; free its weights instead. */
function trackLayer<L extends tf.layers.Layer>(layer: L): L {
  track({ dispose: () => layer.weights.forEach((w) => w.dispose()) });
  return layer;
}

/** Row-major offset of (n, h, w, c) in an [N, H, W, C] array. */
const at = (n: number, h: number, w: number, c: number) => ((n * H + h) * W + w) * C + c;

/** Values of a seeded [N, H, W, C] input whose channels have very different means and scales. */
function imageValues(seed: number): Float32Array {
  return randn(SIZE, seed).map((z, i) => CHANNEL_MEAN[i % C]! + CHANNEL_STD[i % C]! * z);
}

function imageBatch(seed: number): tf.Tensor4D {
  return track(tf.tensor4d(imageValues(seed), [N, H, W, C]));
}

interface Affine {
  gamma: Float32Array;
  beta: Float32Array;
}

/** γ away from 1 and β away from 0, per channel. */
function someAffine(seed: number): Affine {
  return { gamma: randn(C, seed, 1, 0.5), beta: randn(C, seed + 1, 0, 0.5) };
}

const UNIT: Affine = { gamma: new Float32Array(C).fill(1), beta: new Float32Array(C) };

function params(
  a: Affine,
  running?: { mean: ArrayLike<number>; variance: ArrayLike<number> },
): NormParams {
  const p: NormParams = {
    gamma: track(tf.variable(tf.tensor1d(a.gamma))),
    beta: track(tf.variable(tf.tensor1d(a.beta))),
  };
  if (running) {
    p.runningMean = track(tf.variable(tf.tensor1d(Float32Array.from(running.mean)), false));
    p.runningVar = track(tf.variable(tf.tensor1d(Float32Array.from(running.variance)), false));
  }
  return p;
}

function expectClose(
  actual: tf.Tensor | ArrayLike<number>,
  expected: tf.Tensor | ArrayLike<number>,
  tol = 1e-5,
) {
  const a = actual instanceof tf.Tensor ? read(actual) : actual;
  const e = expected instanceof tf.Tensor ? read(expected) : expected;
  expect(maxAbsDiff(a, e)).toBeLessThanOrEqual(tol);
}

const applyLayer = (layer: tf.layers.Layer, x: tf.Tensor, training: boolean) =>
  track(layer.apply(x, { training }) as tf.Tensor);

// ---------------------------------------------------------------------------------------------
// Closed forms in float64 over [N, H, W, C] arrays: each norm is "standardize over a set of
// positions", so one helper takes the sets (lists of offsets) and standardizes each.

type Arr = ArrayLike<number>;

function meanVar(x: Arr, idx: number[]) {
  const mean = idx.reduce((s, k) => s + x[k]!, 0) / idx.length;
  const variance = idx.reduce((s, k) => s + (x[k]! - mean) ** 2, 0) / idx.length;
  return { mean, variance };
}

/** (x − μ_S)/√(σ²_S + ε)·γ_c + β_c for every set S of positions (the sets cover the tensor). */
function standardizeSets(x: Arr, sets: number[][], a: Affine, eps: number): number[] {
  const y = new Array<number>(x.length).fill(NaN);
  for (const idx of sets) {
    const { mean, variance } = meanVar(x, idx);
    for (const k of idx)
      y[k] = ((x[k]! - mean) / Math.sqrt(variance + eps)) * a.gamma[k % C]! + a.beta[k % C]!;
  }
  return y;
}

/** Offsets of every (n, h, w, c) with `keep(n, h, w, c)`. */
function positions(keep: (n: number, h: number, w: number, c: number) => boolean): number[] {
  const idx: number[] = [];
  for (let n = 0; n < N; n++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++)
        for (let c = 0; c < C; c++) if (keep(n, h, w, c)) idx.push(at(n, h, w, c));
  return idx;
}

const range = (k: number) => Array.from({ length: k }, (_, i) => i);
/** BatchNorm: one set per channel, over N, H, W. */
const perChannel = () => range(C).map((c) => positions((_n, _h, _w, cc) => cc === c));
/** LayerNorm: one set per example, over H, W, C. */
const perExample = () => range(N).map((n) => positions((nn) => nn === n));
/** InstanceNorm: one set per (example, channel), over H, W. */
const perInstance = () =>
  range(N).flatMap((n) => range(C).map((c) => positions((nn, _h, _w, cc) => nn === n && cc === c)));
/** GroupNorm: one set per (example, group of C/G consecutive channels), over H, W and the group. */
const perGroup = (groups: number) =>
  range(N).flatMap((n) =>
    range(groups).map((g) =>
      positions((nn, _h, _w, c) => nn === n && Math.floor(c / (C / groups)) === g),
    ),
  );

function channelMoments(x: Arr) {
  const m = perChannel().map((idx) => meanVar(x, idx));
  return { mean: m.map((s) => s.mean), variance: m.map((s) => s.variance) };
}

describe('statAxes by rank', () => {
  it('batch reduces every axis but the channels; layer the example (rank 4) or the last axis; instance H, W', () => {
    expect(statAxes('batch', 4)).toEqual([0, 1, 2]);
    expect(statAxes('batch', 3)).toEqual([0, 1]);
    expect(statAxes('batch', 2)).toEqual([0]);
    expect(statAxes('layer', 4)).toEqual([1, 2, 3]);
    expect(statAxes('layer', 3)).toEqual([2]);
    expect(statAxes('layer', 2)).toEqual([1]);
    expect(statAxes('instance', 4)).toEqual([1, 2]);
    expect(() => statAxes('instance', 3)).toThrow(/InstanceNorm/);
  });
});

describe('BatchNorm on [N, H, W, C]', () => {
  it('in training mode uses per-channel statistics over N, H, W (biased variance) and returns them, shape [C]', () => {
    const a = someAffine(1);
    const x = imageBatch(2);
    const ours = NORMS.batch.apply(
      x,
      params(a, { mean: [0, 0, 0, 0], variance: [1, 1, 1, 1] }),
      true,
      O,
    );
    expectClose(track(ours.y), standardizeSets(read(x), perChannel(), a, EPS));
    const ref = channelMoments(read(x));
    const mean = track(ours.moments!.mean);
    const variance = track(ours.moments!.variance);
    expect(mean.shape).toEqual([C]);
    expect(variance.shape).toEqual([C]);
    expectClose(mean, ref.mean);
    expectClose(
      Array.from(read(variance), (v, c) => v / ref.variance[c]!),
      [1, 1, 1, 1],
      1e-5,
    );
  });

  it('in inference mode uses the running statistics and returns no moments', () => {
    const a = someAffine(3);
    const x = imageBatch(4);
    const running = { mean: [0.5, -1, 0.2, 3], variance: [0.01, 0.3, 2, 8] };
    const ours = NORMS.batch.apply(x, params(a, running), false, O);
    expect(ours.moments).toBeUndefined();
    const xs = read(x);
    const expected = Array.from(xs, (v, k) => {
      const c = k % C;
      return (
        ((v - running.mean[c]!) / Math.sqrt(running.variance[c]! + EPS)) * a.gamma[c]! + a.beta[c]!
      );
    });
    expectClose(track(ours.y), expected, 1e-4);
  });

  function referenceBatchNorm(a: Affine, running: { mean: number[]; variance: number[] }) {
    const layer = tf.layers.batchNormalization({
      axis: -1,
      momentum: BN_MOMENTUM,
      epsilon: NORM_EPSILON,
    });
    layer.build([null, H, W, C]);
    tf.tidy(() =>
      layer.setWeights(
        [a.gamma, a.beta, running.mean, running.variance].map((v) =>
          tf.tensor1d(Float32Array.from(v)),
        ),
      ),
    );
    return trackLayer(layer);
  }

  it.each([true, false])(
    'equals tf.layers.batchNormalization({axis: -1}) with the same γ, β (training = %s)',
    (training) => {
      const a = someAffine(5);
      const running = { mean: [0.5, -1, 0.2, 3], variance: [0.01, 0.3, 2, 8] };
      const x = imageBatch(6);
      const ours = track(NORMS.batch.apply(x, params(a, running), training, O).y);
      expectClose(ours, applyLayer(referenceBatchNorm(a, running), x, training), 1e-4);
    },
  );

  it('updateRunningStats with the rank-4 moments equals the tfjs-layers moving-statistics update', () => {
    const a = someAffine(7);
    const running = { mean: [0, 0, 0, 0], variance: [1, 1, 1, 1] };
    const p = params(a, running);
    const layer = referenceBatchNorm(a, running);
    for (let k = 0; k < 3; k++) {
      const x = imageBatch(10 + k);
      updateRunningStats(p, NORMS.batch.apply(x, p, true, O).moments!, BN_MOMENTUM);
      applyLayer(layer, x, true);
    }
    const weight = (role: string) =>
      read(layer.weights.find((w) => w.originalName.endsWith(role))!.read());
    expectClose(p.runningMean!, weight('moving_mean'), 1e-5);
    expectClose(p.runningVar!, weight('moving_variance'), 1e-5);
    expect(maxAbsDiff(read(p.runningMean!), running.mean)).toBeGreaterThan(1e-2);
  });
});

describe('LayerNorm on [N, H, W, C]: statistics over each example’s H, W, C; γ, β per channel', () => {
  it.each([true, false])(
    'equals the closed form (training = %s) and keeps no moments',
    (training) => {
      const a = someAffine(20);
      const x = imageBatch(21);
      const ours = NORMS.layer.apply(x, params(a), training, O);
      expect(ours.moments).toBeUndefined();
      expectClose(track(ours.y), standardizeSets(read(x), perExample(), a, EPS));
    },
  );

  it('equals tf.layers.layerNormalization({axis: [1, 2, 3]}) with our per-channel γ, β tiled over H, W', () => {
    const layer = trackLayer(
      tf.layers.layerNormalization({ axis: [1, 2, 3], epsilon: NORM_EPSILON }),
    );
    layer.build([null, H, W, C]);
    // tfjs-layers learns one γ and β per (h, w, c), not per channel: ours is its special case with
    // the per-channel values repeated over every pixel.
    expect(layer.weights.map((w) => w.shape)).toEqual([
      [H, W, C],
      [H, W, C],
    ]);
    const a = someAffine(22);
    tf.tidy(() =>
      layer.setWeights(
        [a.gamma, a.beta].map((v) => tf.tile(tf.reshape(tf.tensor1d(v), [1, 1, C]), [H, W, 1])),
      ),
    );
    const x = imageBatch(23);
    expectClose(
      track(NORMS.layer.apply(x, params(a), true, O).y),
      applyLayer(layer, x, true),
      1e-5,
    );
  });

  it('each image is normalized on its own', () => {
    const p = params(someAffine(24));
    const x = imageBatch(25);
    const whole = read(track(NORMS.layer.apply(x, p, true, O).y)).slice(H * W * C, 2 * H * W * C);
    const second = track(
      NORMS.layer.apply(track(tf.slice(x, [1, 0, 0, 0], [1, H, W, C])), p, true, O).y,
    );
    expectClose(second, whole, 1e-6);
  });
});

describe('InstanceNorm: each (example, channel) over its own H, W', () => {
  it.each([true, false])(
    'equals the closed form (training = %s) and keeps no moments',
    (training) => {
      const a = someAffine(30);
      const x = imageBatch(31);
      const ours = NORMS.instance.apply(x, params(a), training, O);
      expect(ours.moments).toBeUndefined();
      expectClose(track(ours.y), standardizeSets(read(x), perInstance(), a, EPS));
    },
  );

  it('with γ = 1, β = 0 (and a small ε) every (example, channel) map has mean 0 and variance 1', () => {
    const x = imageBatch(32);
    const y = read(
      track(NORMS.instance.apply(x, params(UNIT), true, { ...O, normEpsilon: 1e-8 }).y),
    );
    for (const idx of perInstance()) {
      const { mean, variance } = meanVar(y, idx);
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(Math.abs(variance - 1)).toBeLessThan(1e-4);
    }
  });

  it('is created with γ = 1, β = 0 and no running statistics', () => {
    const p = NORMS.instance.create(C, track(tf.zeros([3, 3, 2, C])));
    Object.values(p).forEach((t) => track(t!));
    expectClose(p.gamma!, [1, 1, 1, 1], 0);
    expectClose(p.beta!, [0, 0, 0, 0], 0);
    expect(p.runningMean).toBeUndefined();
  });

  it('refuses inputs that are not image feature maps', () => {
    const p = params(UNIT);
    expect(() => NORMS.instance.apply(track(tf.zeros([3, C])), p, true, O)).toThrow(/InstanceNorm/);
    expect(() => NORMS.instance.apply(track(tf.zeros([3, 5, C])), p, true, O)).toThrow(
      /InstanceNorm/,
    );
  });
});

describe('GroupNorm on [N, H, W, C]', () => {
  it.each([true, false])(
    'with 2 groups equals the closed form over H, W and the group’s channels (training = %s)',
    (training) => {
      const a = someAffine(40);
      const x = imageBatch(41);
      const ours = NORMS.group.apply(x, params(a), training, { ...O, groups: 2 });
      expect(ours.moments).toBeUndefined();
      expectClose(track(ours.y), standardizeSets(read(x), perGroup(2), a, EPS));
      // The grouping is real: neither per-channel nor per-example statistics give the same.
      expect(
        maxAbsDiff(read(ours.y), standardizeSets(read(x), perInstance(), a, EPS)),
      ).toBeGreaterThan(0.1);
      expect(
        maxAbsDiff(read(ours.y), standardizeSets(read(x), perExample(), a, EPS)),
      ).toBeGreaterThan(0.1);
    },
  );

  it('with groups = C equals InstanceNorm', () => {
    const p = params(someAffine(42));
    const x = imageBatch(43);
    const grouped = track(NORMS.group.apply(x, p, true, { ...O, groups: C }).y);
    expectClose(grouped, track(NORMS.instance.apply(x, p, true, O).y), 1e-5);
  });

  it('with one group equals LayerNorm over (H, W, C), and tf.layers.layerNormalization with γ = 1, β = 0', () => {
    const p = params(UNIT);
    const x = imageBatch(44);
    const grouped = track(NORMS.group.apply(x, p, true, { ...O, groups: 1 }).y);
    expectClose(grouped, track(NORMS.layer.apply(x, p, true, O).y), 1e-5);
    const layer = trackLayer(
      tf.layers.layerNormalization({ axis: [1, 2, 3], epsilon: NORM_EPSILON }),
    );
    layer.build([null, H, W, C]);
    tf.tidy(() => layer.setWeights([tf.ones([H, W, C]), tf.zeros([H, W, C])]));
    expectClose(grouped, applyLayer(layer, x, true), 1e-5);
  });
});

describe('RMSNorm on [N, H, W, C]', () => {
  it('equals x / √(mean over H, W, C of x² + ε) · γ', () => {
    const a = someAffine(50);
    const x = imageBatch(51);
    const xs = read(x);
    const expected = new Array<number>(SIZE);
    for (const idx of perExample()) {
      const ms = idx.reduce((s, k) => s + xs[k]! ** 2, 0) / idx.length;
      for (const k of idx) expected[k] = (xs[k]! / Math.sqrt(ms + EPS)) * a.gamma[k % C]!;
    }
    const ours = NORMS.rms.apply(x, { gamma: track(tf.variable(tf.tensor1d(a.gamma))) }, true, O);
    expect(ours.moments).toBeUndefined();
    expectClose(track(ours.y), expected, 1e-5);
  });
});

describe('WeightNorm on a conv kernel [3, 3, 2, 4]', () => {
  const KSHAPE = [3, 3, 2, C];
  const KSIZE = 3 * 3 * 2 * C;

  /** Per-output-channel Euclidean norm over the first three axes, written out. */
  function kernelNorms(v: Arr): number[] {
    const s = new Array<number>(C).fill(0);
    for (let k = 0; k < KSIZE; k++) s[k % C]! += v[k]! ** 2;
    return s.map(Math.sqrt);
  }

  it('unitNorms is the per-output-channel norm; create() starts g there, so the effective kernel is the original', () => {
    const vals = randn(KSIZE, 60, 0, 0.4);
    const kernel = track(tf.tensor4d(vals, KSHAPE as [number, number, number, number]));
    expectClose(track(unitNorms(kernel)), kernelNorms(vals), 1e-6);
    const p = NORMS.weight.create(C, kernel);
    Object.values(p).forEach((t) => track(t!));
    expect(p.g!.shape).toEqual([C]);
    expectClose(p.g!, kernelNorms(vals), 1e-6);
    const effective = track(NORMS.weight.reweight!(kernel, p));
    expect(effective.shape).toEqual(KSHAPE);
    expectClose(effective, vals, 1e-6);
  });

  it('reweight gives every output channel the norm |g| and the direction of v', () => {
    const vals = randn(KSIZE, 61, 0, 2);
    const g = [0.5, -1.5, 2, 0.1];
    const kernel = track(tf.tensor4d(vals, KSHAPE as [number, number, number, number]));
    const effective = read(
      track(NORMS.weight.reweight!(kernel, { g: track(tf.variable(tf.tensor1d(g))) })),
    );
    expectClose(kernelNorms(effective), g.map(Math.abs), 1e-5);
    const norms = kernelNorms(vals);
    expectClose(
      effective,
      Array.from(vals, (v, k) => (g[k % C]! * v) / norms[k % C]!),
      1e-6,
    );
  });
});

describe('Batch Renorm on [N, H, W, C], training mode', () => {
  it('with fresh running statistics (mean 0, var 1) and wide clips: r = σ_B/σ, d = (μ_B − μ)/σ per channel', () => {
    const x = imageBatch(70);
    const p = NORMS.renorm.create(C, track(tf.zeros([3, 3, 2, C])));
    Object.values(p).forEach((t) => track(t!));
    expectClose(p.runningMean!, [0, 0, 0, 0], 0);
    expectClose(p.runningVar!, [1, 1, 1, 1], 0);
    const a = someAffine(71);
    p.gamma!.assign(tf.tensor1d(a.gamma));
    p.beta!.assign(tf.tensor1d(a.beta));
    const wide: NormOptions = { ...O, renormRmax: 100, renormDmax: 100 };

    const xs = read(x);
    const { mean, variance } = channelMoments(xs);
    const sigma = Math.sqrt(1 + EPS);
    const sigmaB = variance.map((v) => Math.sqrt(v + EPS));
    const r = sigmaB.map((s) => s / sigma);
    const dd = mean.map((m) => (m - 0) / sigma);
    // The case is not trivial: r and d are far from 1 and 0, yet inside the wide clips.
    expect(Math.min(...r)).toBeLessThan(0.1);
    expect(Math.max(...r)).toBeGreaterThan(2);
    expect(Math.max(...dd.map(Math.abs))).toBeGreaterThan(3);
    const expected = Array.from(xs, (v, k) => {
      const c = k % C;
      return (((v - mean[c]!) / sigmaB[c]!) * r[c]! + dd[c]!) * a.gamma[c]! + a.beta[c]!;
    });
    const ours = NORMS.renorm.apply(x, p, true, wide);
    expectClose(track(ours.y), expected, 1e-4);
    expect(track(ours.moments!.mean).shape).toEqual([C]);
    expect(track(ours.moments!.variance).shape).toEqual([C]);
    expectClose(ours.moments!.mean, mean, 1e-5);
    // Unclipped, x̂ = (x − μ)/σ: training then equals inference with the running statistics.
    expectClose(ours.y, track(NORMS.renorm.apply(x, p, false, wide).y), 1e-4);
    // With the default clips (rmax 3, dmax 5) channel 0's r = σ_B/σ ≈ 0.05 is clipped: outputs differ.
    expect(
      maxAbsDiff(read(ours.y), read(track(NORMS.renorm.apply(x, p, true, O).y))),
    ).toBeGreaterThan(0.1);
  });
});

// ---------------------------------------------------------------------------------------------
// Padded sequence batches [B, T, U] with a [B, T] mask.

describe('masked moments on a padded sequence batch', () => {
  const B = 3;
  const T = 5;
  const U = 4;
  const LENGTHS = [5, 2, 3];
  const real = (b: number, t: number) => t < LENGTHS[b]!;
  const off = (b: number, t: number, u: number) => (b * T + t) * U + u;
  const maskValues = Float32Array.from({ length: B * T }, (_, k) =>
    real(Math.floor(k / T), k % T) ? 1 : 0,
  );
  const UNIT_MEAN = [1, -2, 0, 4];
  const UNIT_STD = [0.05, 0.5, 1, 3];

  function sequence(seed: number, junk?: number): Float32Array {
    const z = randn(B * T * U, seed);
    const junkValues = randn(B * T * U, seed + 1, 0, junk ?? 0);
    return Float32Array.from(z, (v, k) => {
      const b = Math.floor(k / (T * U));
      const t = Math.floor(k / U) % T;
      const u = k % U;
      return junk !== undefined && !real(b, t) ? junkValues[k]! : UNIT_MEAN[u]! + UNIT_STD[u]! * v;
    });
  }

  /** Per-unit mean and biased variance over the real tokens only. */
  function realMoments(x: Arr) {
    const mean: number[] = [];
    const variance: number[] = [];
    for (let u = 0; u < U; u++) {
      const vals: number[] = [];
      for (let b = 0; b < B; b++)
        for (let t = 0; t < T; t++) if (real(b, t)) vals.push(x[off(b, t, u)]!);
      const m = vals.reduce((s, v) => s + v, 0) / vals.length;
      mean.push(m);
      variance.push(vals.reduce((s, v) => s + (v - m) ** 2, 0) / vals.length);
    }
    return { mean, variance };
  }

  const mask = () => track(tf.tensor2d(maskValues, [B, T]));
  const seq = (vals: Float32Array) => track(tf.tensor3d(vals, [B, T, U]));

  it('equal the moments over the real tokens only, whatever the padding holds', () => {
    const clean = sequence(80);
    const ref = realMoments(clean);
    const m = maskedMoments(seq(clean), [0, 1], mask());
    expect(track(m.mean).shape).toEqual([U]);
    expectClose(m.mean, ref.mean, 1e-5);
    expectClose(track(m.variance), ref.variance, 1e-5);
    // Without the mask the padding would count: a real difference.
    const unmasked = maskedMoments(seq(clean), [0, 1]);
    expect(maxAbsDiff(read(track(unmasked.mean)), ref.mean)).toBeGreaterThan(0.1);
    track(unmasked.variance);
    // Huge junk in the padding changes nothing.
    for (const junk of [1e6, 1e30]) {
      const dirty = sequence(80, junk);
      expect(realMoments(dirty)).toEqual(ref);
      const j = maskedMoments(seq(dirty), [0, 1], mask());
      expectClose(track(j.mean), ref.mean, 1e-5);
      expectClose(track(j.variance), ref.variance, 1e-5);
    }
  });

  it('keepDims keeps [1, 1, U]', () => {
    const m = maskedMoments(seq(sequence(81)), [0, 1], mask(), true);
    expect(track(m.mean).shape).toEqual([1, 1, U]);
    expect(track(m.variance).shape).toEqual([1, 1, U]);
  });

  it('BatchNorm with the mask: moments over real tokens; outputs at real positions ignore the padding', () => {
    const a: Affine = { gamma: randn(U, 82, 1, 0.5), beta: randn(U, 83, 0, 0.5) };
    const p = params(a, { mean: [0, 0, 0, 0], variance: [1, 1, 1, 1] });
    const clean = sequence(84);
    const dirty = sequence(84, 1e30);
    const ref = realMoments(clean);
    const yClean = NORMS.batch.apply(seq(clean), p, true, O, mask());
    const yDirty = NORMS.batch.apply(seq(dirty), p, true, O, mask());
    expectClose(track(yClean.moments!.mean), ref.mean, 1e-5);
    expectClose(track(yDirty.moments!.mean), ref.mean, 1e-5);
    expectClose(track(yDirty.moments!.variance), ref.variance, 1e-5);
    track(yClean.moments!.variance);
    const c = read(track(yClean.y));
    const j = read(track(yDirty.y));
    const expected: number[] = [];
    const ours: number[] = [];
    const oursDirty: number[] = [];
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        for (let u = 0; u < U; u++) {
          if (!real(b, t)) continue;
          const k = off(b, t, u);
          expected.push(
            ((clean[k]! - ref.mean[u]!) / Math.sqrt(ref.variance[u]! + EPS)) * a.gamma[u]! +
              a.beta[u]!,
          );
          ours.push(c[k]!);
          oursDirty.push(j[k]!);
        }
    expectClose(ours, expected, 1e-4);
    expectClose(oursDirty, ours, 1e-5);
  });

  it('BatchNorm with the mask: a loss on the real positions sends no gradient to the padding, junk or not', () => {
    const p = params(
      { gamma: randn(U, 89, 1, 0.5), beta: new Float32Array(U) },
      { mean: [0, 0, 0, 0], variance: [1, 1, 1, 1] },
    );
    const upstream = randn(B * T * U, 90);
    const weight = track(tf.mul(tf.tensor3d(upstream, [B, T, U]), tf.expandDims(mask(), -1)));
    const gradOf = (vals: Float32Array) =>
      read(
        track(
          tf.grad((x: tf.Tensor) =>
            tf.sum(tf.mul(NORMS.batch.apply(x, p, true, O, mask()).y, weight)),
          )(seq(vals)),
        ),
      );
    const clean = gradOf(sequence(91));
    const dirty = gradOf(sequence(91, 1e30));
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        for (let u = 0; u < U; u++) {
          const k = off(b, t, u);
          if (real(b, t))
            expect(Math.abs(dirty[k]! - clean[k]!)).toBeLessThanOrEqual(
              1e-4 * (1 + Math.abs(clean[k]!)),
            );
          else expect(Math.abs(clean[k]!) + Math.abs(dirty[k]!)).toBe(0);
        }
    expect(Math.max(...clean.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('per step: x_t [B, U] with mask_t [B] uses only the examples still running at t', () => {
    const clean = sequence(85, 1e6);
    const t = 2; // lengths 5, 2, 3: examples 0 and 2 are real at t = 2, example 1 is padding
    const rows = Float32Array.from(
      { length: B * U },
      (_, k) => clean[off(Math.floor(k / U), t, k % U)]!,
    );
    const xt = track(tf.tensor2d(rows, [B, U]));
    const mt = track(
      tf.tensor1d(Float32Array.from({ length: B }, (_, b) => maskValues[b * T + t]!)),
    );
    const ref = { mean: [] as number[], variance: [] as number[] };
    for (let u = 0; u < U; u++) {
      const s = meanVar(rows, [0 * U + u, 2 * U + u]);
      ref.mean.push(s.mean);
      ref.variance.push(s.variance);
    }
    const m = maskedMoments(xt, [0], mt);
    expect(track(m.mean).shape).toEqual([U]);
    expectClose(m.mean, ref.mean, 1e-5);
    expectClose(track(m.variance), ref.variance, 1e-5);
    const p = params(
      { gamma: new Float32Array(U).fill(1), beta: new Float32Array(U) },
      { mean: [0, 0, 0, 0], variance: [1, 1, 1, 1] },
    );
    const r = NORMS.batch.apply(xt, p, true, O, mt);
    expectClose(track(r.moments!.mean), ref.mean, 1e-5);
    track(r.moments!.variance);
    const y = read(track(r.y));
    for (const b of [0, 2])
      for (let u = 0; u < U; u++)
        expect(y[b * U + u]).toBeCloseTo(
          (rows[b * U + u]! - ref.mean[u]!) / Math.sqrt(ref.variance[u]! + EPS),
          4,
        );
  });

  it.each(['layer', 'rms', 'group'] as const)(
    '%s on [B, T, U] acts per token: each token alone gives the same output',
    (kind) => {
      const p =
        kind === 'rms'
          ? { gamma: track(tf.variable(tf.tensor1d(randn(U, 86, 1, 0.5)))) }
          : params({ gamma: randn(U, 86, 1, 0.5), beta: randn(U, 87, 0, 0.5) });
      const opts = { ...O, groups: 2 };
      const clean = sequence(88);
      const dirty = sequence(88, 1e6);
      const yClean = read(track(NORMS[kind].apply(seq(clean), p, true, opts, mask()).y));
      const yDirty = read(track(NORMS[kind].apply(seq(dirty), p, true, opts, mask()).y));
      for (const [b, t] of [
        [0, 0],
        [0, 4],
        [1, 1],
        [2, 2],
      ] as const) {
        const token = track(tf.tensor2d(clean.slice(off(b, t, 0), off(b, t, U)), [1, U]));
        const alone = track(NORMS[kind].apply(token, p, true, opts).y);
        expectClose(alone, yClean.slice(off(b, t, 0), off(b, t, U)), 1e-6);
        // Junk in other tokens (the padding) does not reach a real token.
        expectClose(
          yDirty.slice(off(b, t, 0), off(b, t, U)),
          yClean.slice(off(b, t, 0), off(b, t, U)),
          0,
        );
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------

/**
 * Central finite differences of L(x, γ) = Σ y(x, γ) ⊙ R on a [2, 3, 3, 4] input against tf.grads,
 * in float32 with h = 1e-2 (truncation O(h²) against rounding O(ε_f32·|L|/h)), as norms.test.ts.
 */
describe('rank-4 gradients match central finite differences', () => {
  const FD_SHAPE = [2, 3, 3, C];
  const FD_SIZE = 2 * 3 * 3 * C;
  const HSTEP = 1e-2;

  function gradientCheck(kind: 'batch' | 'group' | 'instance') {
    const a = someAffine(90);
    const x0 = randn(FD_SIZE, 91, 0.5, 1.5);
    const r = track(tf.tensor(randn(FD_SIZE, 92), FD_SHAPE));
    const fixed = params(a, { mean: [0, 0, 0, 0], variance: [1, 1, 1, 1] });
    const opts: NormOptions = { ...O, groups: 2 };
    const loss = (x: tf.Tensor, gamma: tf.Tensor): tf.Scalar =>
      tf.sum(
        tf.mul(NORMS[kind].apply(x, { ...fixed, gamma: gamma as tf.Variable }, true, opts).y, r),
      );
    const lossAt = (x: Float32Array, g: Float32Array) =>
      tf.tidy(() => loss(tf.tensor(x, FD_SHAPE), tf.tensor1d(g)).dataSync()[0]!);
    const [gx, gg] = tf
      .tidy(() =>
        tf.grads((x: tf.Tensor, g: tf.Tensor) => loss(x, g))([
          tf.tensor(x0, FD_SHAPE),
          tf.tensor1d(a.gamma),
        ]),
      )
      .map((t) => read(track(t)));
    const fd = (which: 'x' | 'gamma', i: number) => {
      const shift = (delta: number) => {
        const x = Float32Array.from(x0);
        const g = Float32Array.from(a.gamma);
        if (which === 'x') x[i]! += delta;
        else g[i]! += delta;
        return lossAt(x, g);
      };
      return (shift(HSTEP) - shift(-HSTEP)) / (2 * HSTEP);
    };
    const worst = (an: Float32Array, which: 'x' | 'gamma') =>
      Math.max(...Array.from(an, (g, i) => Math.abs(fd(which, i) - g) / (1 + Math.abs(g))));
    return { worstX: worst(gx!, 'x'), worstGamma: worst(gg!, 'gamma'), gx: gx!, gg: gg! };
  }

  it.each(['batch', 'group', 'instance'] as const)(
    '%s (training mode): with respect to the input and to γ',
    (kind) => {
      const { worstX, worstGamma, gx, gg } = gradientCheck(kind);
      expect(worstX).toBeLessThan(2e-3);
      expect(worstGamma).toBeLessThan(2e-3);
      expect(Math.max(...gx.map(Math.abs))).toBeGreaterThan(0.1);
      expect(Math.max(...gg.map(Math.abs))).toBeGreaterThan(0.1);
    },
  );
});
