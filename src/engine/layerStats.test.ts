/**
 * Per-layer health measurements against hand computations on constructed tensors: dead units,
 * saturated values, activation mean/std, update ratios and log-gradient histograms.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { modelSchema, type ConfigInput } from '../config/schema';
import { HISTOGRAM_BINS, HISTOGRAM_MAX_VALUES, sampleStride } from './diagnostics';
import {
  activationStats,
  DEAD_TOLERANCE,
  GRAD_LOG_RANGE,
  gradientLogHistograms,
  saturationRange,
  updateRatios,
} from './layerStats';
import { useNodeBackend } from './node-backend';
import { makeRng } from './random';
import { Disposables, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

/** Rows of activationStats as plain arrays. */
function statsOf(acts: tf.Tensor[], range: [number, number] | null): number[][] {
  const s = d.track(activationStats(acts, range));
  const [rows, cols] = s.shape;
  const v = read(s);
  return Array.from({ length: rows }, (_, r) => Array.from(v.subarray(r * cols, (r + 1) * cols)));
}

/** The one row of activationStats for a single activation tensor. */
const rowOf = (a: tf.Tensor, range: [number, number] | null): number[] => statsOf([a], range)[0]!;

/** Population mean and standard deviation (what tf.moments computes). */
function popMeanStd(xs: number[]): [number, number] {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [mean, Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length)];
}

describe('activationStats', () => {
  it('counts units constant over the batch as dead: 2 of 5 columns are all-zero ReLU outputs', () => {
    // [batch 4, units 5]; columns 1 and 3 are zero on every example.
    const rows = [
      [0.5, 0, 1.2, 0, 0],
      [0, 0, 0.3, 0, 2.0],
      [1.5, 0, 0, 0, 0.1],
      [0.2, 0, 0.7, 0, 0.4],
    ];
    const [mean, std, dead, ...rest] = rowOf(d.track(tf.tensor2d(rows)), null);
    expect(dead).toBe(Math.fround(2 / 5)); // exactly 2/5 in float32
    expect(rest).toEqual([]); // no saturation column without a range
    const [m, s] = popMeanStd(rows.flat());
    expect(mean).toBeCloseTo(m, 6);
    expect(std).toBeCloseTo(s, 6);
  });

  it('a constant non-zero unit is dead too; spread just above the tolerance is alive', () => {
    const rows = [
      [0.7, 1, 0],
      [0.7, 1 + 10 * DEAD_TOLERANCE, 0],
      [0.7, 1, 0],
    ];
    const [, , dead] = rowOf(d.track(tf.tensor2d(rows)), null);
    expect(dead).toBeCloseTo(2 / 3, 7);
  });

  it('counts values within 1 % of the range of either tanh limit as saturated', () => {
    // Margin = 1 % of the range width 2 = 0.02, so |x| ≥ 0.98 is saturated. The values stay clear
    // of 0.98–0.99, where "1 % of the range" and "1 % of the limit" would disagree.
    const sat = [1, -1, 0.995, -0.999, 0.9999];
    const notSat = [0, 0.5, -0.5, 0.9, -0.95, 0.97, -0.3, 0.1, 0.75, -0.7, 0.2];
    const x = d.track(tf.tensor2d([...sat, ...notSat], [8, 2]));
    const [mean, std, , saturated] = rowOf(x, [-1, 1]);
    expect(saturated).toBe(5 / 16);
    const [m, s] = popMeanStd([...sat, ...notSat]);
    expect(mean).toBeCloseTo(m, 6);
    expect(std).toBeCloseTo(s, 6);
  });

  it('uses the range of a sigmoid: values within 0.01 of 0 or 1', () => {
    const x = d.track(tf.tensor2d([0, 0.005, 0.5, 0.98, 0.995, 1, 0.3, 0.02], [4, 2]));
    const [, , , saturated] = rowOf(x, [0, 1]);
    expect(saturated).toBe(4 / 8);
  });

  it('several same-shaped activations (measured stacked) give the rows each gives alone', () => {
    const rng = makeRng(11);
    const layer = (deadCol: number) =>
      d.track(
        tf.tensor2d(
          Array.from({ length: 6 * 4 }, (_, i) => (i % 4 === deadCol ? 0 : 2 * rng() - 1)),
          [6, 4],
        ),
      );
    const acts = [layer(0), layer(1), layer(9)];
    const together = statsOf(acts, [-1, 1]);
    acts.forEach((a, h) => {
      const alone = rowOf(a, [-1, 1]);
      together[h]!.forEach((v, c) => expect(v).toBeCloseTo(alone[c]!, 6));
    });
    expect(together.map((r) => r[2])).toEqual([0.25, 0.25, 0]);
    // Mixed shapes take the per-tensor path and keep the order.
    const mixed = statsOf([acts[0]!, d.track(tf.zeros([3, 5]))], null);
    expect(mixed[1]).toEqual([0, 0, 1]);
    expect(mixed[0]![0]).toBeCloseTo(together[0]![0]!, 6);
  });

  it('treats the last axis of a conv activation [N, H, W, C] as the units', () => {
    // Channel 2 is zero everywhere (dead). Channel 0 is the same for every example but varies over
    // positions: alive, since positions count as samples of the unit. Channels 1 and 3 vary.
    const [N, H, W, C] = [2, 3, 3, 4];
    const v = new Float32Array(N * H * W * C);
    for (let n = 0; n < N; n++) {
      for (let p = 0; p < H * W; p++) {
        const o = (n * H * W + p) * C;
        v[o] = p * 0.1;
        v[o + 1] = n + p;
        v[o + 2] = 0;
        v[o + 3] = Math.sin(n * 9 + p);
      }
    }
    const [mean, std, dead] = rowOf(d.track(tf.tensor4d(v, [N, H, W, C])), null);
    expect(dead).toBe(1 / 4);
    const [m, s] = popMeanStd(Array.from(v));
    expect(mean).toBeCloseTo(m, 5);
    expect(std).toBeCloseTo(s, 5);
  });

  it('stacks one row per activation tensor', () => {
    const a = d.track(
      tf.tensor2d([
        [1, 0],
        [2, 0],
      ]),
    );
    const b = d.track(
      tf.tensor2d([
        [1, 1, 1],
        [2, 3, 4],
      ]),
    );
    const rows = statsOf([a, b], [-5, 5]);
    expect(rows.map((r) => r.length)).toEqual([4, 4]);
    expect(rows[0]![2]).toBe(1 / 2);
    expect(rows[1]![2]).toBe(0);
    expect(rows[1]![0]).toBeCloseTo(2, 6);
  });
});

describe('updateRatios', () => {
  it('is ‖Δw‖/‖w_before‖ over all of a layer’s weight tensors', () => {
    const before = [
      [[3, 4], [0]], // layer 0: ‖w‖² = 9 + 16 + 0 = 25
      [[1, 1, 1, 1]], // layer 1: ‖w‖² = 4
    ];
    const after = [
      [[3.3, 4], [0.4]], // ‖Δw‖² = 0.09 + 0.16 = 0.25 → ratio 0.5 / 5 = 0.1
      [[1, 1, 1, 4]], // ‖Δw‖² = 9 → ratio 3 / 2 = 1.5
    ];
    const t = (layers: number[][][]) => layers.map((ws) => ws.map((w) => d.track(tf.tensor1d(w))));
    const r = read(d.track(updateRatios(t(before), t(after))));
    expect(r.length).toBe(2);
    expect(r[0]).toBeCloseTo(0.1, 6);
    expect(r[1]).toBeCloseTo(1.5, 6);
  });

  it('is 0 for an unchanged layer and finite for weights that start at zero', () => {
    const w = d.track(
      tf.tensor2d([
        [1, -2],
        [3, 0.5],
      ]),
    );
    const zero = d.track(tf.zeros([3]));
    const moved = d.track(tf.tensor1d([0, 1e-3, 0]));
    const r = read(d.track(updateRatios([[w], [zero]], [[w], [moved]])));
    expect(r[0]).toBe(0);
    expect(Number.isFinite(r[1]!)).toBe(true);
  });
});

describe('gradientLogHistograms', () => {
  const [LO, HI] = GRAD_LOG_RANGE;
  const binOf = (log10: number) => Math.floor(((log10 - LO) / (HI - LO)) * HISTOGRAM_BINS);
  const layout = HISTOGRAM_BINS + 2;

  function histogramsOf(grads: tf.Tensor[][]) {
    const v = read(d.track(gradientLogHistograms(grads)));
    expect(v.length).toBe(grads.length * layout);
    return grads.map((_, l) => {
      const o = l * layout;
      return { lo: v[o]!, hi: v[o + 1]!, counts: Array.from(v.subarray(o + 2, o + layout)) };
    });
  }

  it('puts zeros in bin 0, 1e-3 in the bin of log₁₀ = −3, and out-of-range values in the end bins', () => {
    const g = d.track(
      tf.tensor2d([
        [0, 1e-3],
        [-1e-3, 0],
        [1e-12, 1e5],
      ]),
    );
    const [h] = histogramsOf([[g]]);
    expect([h!.lo, h!.hi]).toEqual([LO, HI]);
    const expected = new Array<number>(HISTOGRAM_BINS).fill(0);
    expected[0] = 3; // two zeros and 1e-12 (below 1e-10)
    expected[binOf(-3)] = 2; // ±1e-3
    expected[HISTOGRAM_BINS - 1] = 1; // 1e5, above 1e2
    expect(binOf(-3)).toBe(14);
    expect(h!.counts).toEqual(expected);
  });

  it('bins each layer over all its tensors; counts sum to the sampled size', () => {
    const big = 20000; // above HISTOGRAM_MAX_VALUES: a strided sample is counted
    const stride = sampleStride(big, big);
    expect(stride).toBeGreaterThan(1);
    const layer0 = [d.track(tf.fill([30, 4], 0.5)), d.track(tf.fill([4], 2e-7))];
    const layer1 = [d.track(tf.fill([big], 2e-6))];
    const [h0, h1] = histogramsOf([layer0, layer1]);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(h0!.counts)).toBe(124);
    expect(h0!.counts[binOf(Math.log10(0.5))]).toBe(120);
    expect(h0!.counts[binOf(Math.log10(2e-7))]).toBe(4);
    expect(sum(h1!.counts)).toBe(Math.ceil(big / stride));
    expect(sum(h1!.counts)).toBeLessThanOrEqual(HISTOGRAM_MAX_VALUES);
    expect(h1!.counts[binOf(Math.log10(2e-6))]).toBe(Math.ceil(big / stride));
  });
});

describe('saturationRange', () => {
  const range = (m: ConfigInput['model']) => saturationRange(modelSchema.parse(m));

  it('is the bounded activation’s range when the activation is the reported output', () => {
    expect(range({ arch: 'mlp', activation: 'tanh' })).toEqual([-1, 1]);
    expect(range({ arch: 'mlp', activation: 'sigmoid', norm: 'batch' })).toEqual([0, 1]);
    expect(range({ arch: 'cnn', activation: 'tanh', normPlacement: 'before' })).toEqual([-1, 1]);
    expect(range({ arch: 'rnn', cell: 'vanilla', activation: 'sigmoid' })).toEqual([0, 1]);
    // A GRU's state is a convex mix of tanh candidates, whatever the configured activation.
    expect(range({ arch: 'rnn', cell: 'gru', activation: 'relu' })).toEqual([-1, 1]);
  });

  it('is null for unbounded activations, norms after the activation and Transformers', () => {
    expect(range({ arch: 'mlp', activation: 'relu' })).toBeNull();
    expect(range({ arch: 'mlp', activation: 'gelu' })).toBeNull();
    expect(
      range({ arch: 'mlp', activation: 'tanh', norm: 'layer', normPlacement: 'after' }),
    ).toBeNull();
    expect(
      range({ arch: 'cnn', activation: 'sigmoid', norm: 'batch', normPlacement: 'after' }),
    ).toBeNull();
    expect(range({ arch: 'rnn', cell: 'vanilla', activation: 'relu' })).toBeNull();
    expect(range({ arch: 'transformer', activation: 'tanh' })).toBeNull();
  });
});
