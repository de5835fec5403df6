/**
 * The percentile clipper on gradients with chosen global norms: no clipping while the window
 * fills, the threshold against a JS sort, spikes scaled exactly to it, clip counts, NaN steps and
 * tensor counts.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from './node-backend';
import { PercentileClipper } from './percentileClip';
import { Disposables, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

/** A gradient list of two tensors whose global norm is `norm`: (0.6n, 0) and (0.8n). */
const gradsWithNorm = (norm: number) => [tf.tensor1d([0.6 * norm, 0]), tf.tensor1d([0.8 * norm])];

/** One step as the trainer does it: apply inside a tidy; returns the clipped gradient values. */
function step(c: PercentileClipper, norm: number): number[] {
  const out = tf.tidy(() => tf.concat(c.apply(gradsWithNorm(norm))));
  const v = Array.from(read(out));
  out.dispose();
  return v;
}

const globalNorm = (v: number[]) => Math.hypot(...v);

/** [threshold, clipped steps] from takeCounts (which resets the count). */
function counts(c: PercentileClipper): [number, number] {
  const t = c.takeCounts();
  const [thr, n] = read(t);
  t.dispose();
  return [thr!, n!];
}

function threshold(c: PercentileClipper): number {
  const t = c.threshold();
  const v = read(t)[0]!;
  t.dispose();
  return v;
}

/** The k-th largest with k = ⌊(1 − p/100)·W⌋ + 1, in exact integer arithmetic (p, W integers). */
function expectedThreshold(norms: number[], p: number): number {
  const W = norms.length;
  const k = Math.floor(((100 - p) * W) / 100) + 1;
  return [...norms].sort((a, b) => b - a)[Math.min(k, W) - 1]!;
}

/** Distinct, shuffled norms in [1, 2). */
const windowNorms = (W: number) => Array.from({ length: W }, (_, i) => 1 + ((i * 37) % W) / W);

describe('PercentileClipper', () => {
  it('does not clip while the window fills; the threshold reads NaN until then', () => {
    const W = 10;
    const c = d.track(new PercentileClipper(W, 90));
    for (let i = 0; i < W; i++) {
      expect(c.active).toBe(false);
      // Even a huge gradient passes unchanged while filling.
      const norm = i === W - 1 ? 1e6 : 1 + i;
      expect(globalNorm(step(c, norm))).toBeCloseTo(norm, 0);
      const [thr, n] = counts(c);
      if (i < W - 1) expect(thr).toBeNaN();
      expect(n).toBe(0);
    }
    expect(c.active).toBe(true);
  });

  it.each([
    [50, 90],
    [10, 90],
    [20, 75],
    [40, 95],
    [10, 50],
    [10, 100],
  ])(
    'window %i, percentile %i: the threshold is the k-th largest of the window (JS sort)',
    (W, p) => {
      const c = d.track(new PercentileClipper(W, p));
      const norms = windowNorms(W);
      norms.forEach((n) => step(c, n));
      expect(threshold(c)).toBeCloseTo(expectedThreshold(norms, p), 5);
      expect(counts(c)[0]).toBeCloseTo(expectedThreshold(norms, p), 5);
    },
  );

  it('the window slides: the oldest norm is replaced by the newest', () => {
    const W = 10;
    const c = d.track(new PercentileClipper(W, 90));
    const norms = windowNorms(W);
    norms.forEach((n) => step(c, n));
    // Five more small steps (below the threshold, so unclipped) replace the five oldest entries.
    const more = [0.1, 0.2, 0.3, 0.4, 0.5];
    more.forEach((n) => step(c, n));
    expect(threshold(c)).toBeCloseTo(expectedThreshold([...norms.slice(5), ...more], 90), 5);
  });

  it('scales a spike exactly to the threshold, keeps its direction, and leaves smaller steps alone', () => {
    const W = 20;
    const c = d.track(new PercentileClipper(W, 90));
    const norms = windowNorms(W);
    norms.forEach((n) => step(c, n));
    const thr = expectedThreshold(norms, 90);
    const spike = step(c, 1000);
    expect(globalNorm(spike)).toBeCloseTo(thr, 4);
    expect(spike[0]! / spike[2]!).toBeCloseTo(0.6 / 0.8, 5);
    expect(spike[1]).toBe(0);
    // The spike entered the window, but the 90th percentile of 20 is the 3rd largest: with the
    // spike as the largest the bar moves only from the 3rd to the 2nd largest of the old values.
    const small = step(c, 0.5);
    expect(small.map((x) => x / 0.5)).toEqual([expect.closeTo(0.6, 5), 0, expect.closeTo(0.8, 5)]);
  });

  it('counts the clipped steps since the last report, then resets the count', () => {
    const W = 10;
    const c = d.track(new PercentileClipper(W, 90));
    windowNorms(W).forEach((n) => step(c, n));
    expect(counts(c)[1]).toBe(0);
    [50, 0.5, 60, 70, 0.5].forEach((n) => step(c, n));
    expect(counts(c)[1]).toBe(3);
    expect(counts(c)[1]).toBe(0);
    step(c, 80);
    expect(counts(c)[1]).toBe(1);
  });

  it('a NaN gradient does not poison the window', () => {
    const W = 10;
    const c = d.track(new PercentileClipper(W, 90));
    const norms = windowNorms(W);
    norms.forEach((n) => step(c, n));
    const before = threshold(c);
    step(c, NaN);
    // The NaN step's slot kept its old value: the threshold is unchanged and finite.
    expect(threshold(c)).toBe(before);
    const more = [1.5, 1.2, 1.9];
    more.forEach((n) => step(c, n));
    const thr = threshold(c);
    expect(Number.isFinite(thr)).toBe(true);
    // Window now: slot 0 kept norms[0], slots 1–3 hold `more`, slots 4–9 the old values.
    expect(thr).toBeCloseTo(expectedThreshold([norms[0]!, ...more, ...norms.slice(4)], 90), 5);
    expect(globalNorm(step(c, 100))).toBeCloseTo(thr, 4);
  });

  it('allocates nothing per step: numTensors is flat over many apply() and takeCounts() calls', () => {
    const c = d.track(new PercentileClipper(10, 90));
    const run = (steps: number) => {
      for (let i = 0; i < steps; i++) {
        tf.tidy(() => {
          const out = c.apply(gradsWithNorm(1 + (i % 7)));
          if (i % 5 === 0) c.takeCounts();
          return out;
        }).forEach((t) => t.dispose());
      }
    };
    run(3);
    const before = tf.memory().numTensors;
    run(60);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dispose frees its two variables', () => {
    const before = tf.memory().numTensors;
    const c = new PercentileClipper(10, 90);
    expect(tf.memory().numTensors).toBe(before + 2);
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
