/**
 * The health monitor on crafted record sequences: long healthy runs (noisy, with a small BatchNorm
 * gap, shallow and deep) raise nothing; each rule fires on a sequence made to trigger exactly it, at
 * the expected step and layer, with the measured number in its detail; persistent conditions fire
 * once per episode (cooldown); relative rules wait for the warm-up.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../events';
import { makeRng } from './random';
import {
  DEFAULT_HEALTH_OPTIONS,
  HealthMonitor,
  type HealthOptions,
  type HealthSample,
} from './health';

const RECORD_EVERY = 10;
const stepOf = (i: number): number => (i + 1) * RECORD_EVERY;

/** Deterministic uniform noise in [−1, 1), from the lab's own seeded generator. */
function noiseSource(seed: number): () => number {
  const rng = makeRng(seed);
  return () => 2 * rng() - 1;
}

interface HealthyOptions {
  records?: number;
  /** Hidden layers; the head comes on top. */
  depth?: number;
  /** Relative noise of the smooth (eval-mode) training loss. */
  lossNoise?: number;
  /** Log-space noise of each gradient norm. */
  gradNoise?: number;
  /** BatchNorm model: a small train/eval gap around this value. */
  bnGap?: number | null;
  /** The loss stops decaying and sits on a noisy plateau from this record on. */
  plateauFrom?: number;
  seed?: number;
}

/** A healthy run: smoothly decaying loss, stable per-layer gradient norms, ~5% dead units. */
function healthy(opts: HealthyOptions = {}): HealthSample[] {
  const {
    records = 250,
    depth = 4,
    lossNoise = 0.02,
    gradNoise = 0.2,
    bnGap = null,
    seed = 1,
  } = opts;
  const rand = noiseSource(seed);
  const layerNames = [...Array.from({ length: depth }, (_, j) => `dense${j}`), 'head'];
  const activationNames = layerNames.slice(0, depth);
  return Array.from({ length: records }, (_, i) => {
    const t = Math.min(i, opts.plateauFrom ?? Infinity);
    const smooth = 0.1 + 2 * Math.exp(-t / 60);
    const lossTrain = smooth * (1 + lossNoise * rand());
    const decay = 0.5 + 0.5 * Math.exp(-i / 100);
    return {
      step: stepOf(i),
      lossBatch: lossTrain * (1 + 0.2 * rand()),
      lossTrain,
      lossVal: lossTrain * 1.1,
      layerNames,
      gradNorms: Float32Array.from(
        layerNames,
        (_, j) => (0.05 + (0.1 * j) / depth) * decay * Math.exp(gradNoise * rand()),
      ),
      activationNames,
      deadFraction: Float32Array.from(activationNames, () => 0.05 + 0.02 * rand()),
      bnGap: bnGap === null ? null : bnGap * (1 + 0.5 * rand()),
    };
  });
}

/** Replaces fields of records [from, to) of a sequence. */
function patch(
  seq: HealthSample[],
  from: number,
  to: number,
  f: (s: HealthSample, i: number) => Partial<HealthSample>,
): HealthSample[] {
  return seq.map((s, i) => (i >= from && i < to ? { ...s, ...f(s, i) } : s));
}

const withGrad = (s: HealthSample, layer: number, value: number): Float32Array => {
  const g = Float32Array.from(s.gradNorms);
  g[layer] = value;
  return g;
};
const withDead = (s: HealthSample, act: number, value: number): Float32Array => {
  const d = Float32Array.from(s.deadFraction!);
  d[act] = value;
  return d;
};

function run(seq: HealthSample[], options: Partial<HealthOptions> = {}): LabEvent[] {
  const monitor = new HealthMonitor(options);
  return seq.flatMap((s) => monitor.check(s));
}

const kinds = (events: LabEvent[]): string[] => events.map((e) => e.kind);

describe('healthy runs raise no alert', () => {
  it.each<[string, HealthyOptions]>([
    ['default: 4 hidden layers, 2% loss noise', {}],
    ['noisy loss and gradients', { lossNoise: 0.04, gradNoise: 0.5, seed: 7 }],
    ['BatchNorm with a small train/eval gap', { bnGap: 0.05, seed: 3 }],
    ['one hidden layer', { depth: 1, seed: 11 }],
    ['twelve hidden layers', { depth: 12, seed: 5 }],
    [
      'a long noisy plateau after record 40',
      { plateauFrom: 40, lossNoise: 0.03, seed: 9, records: 400 },
    ],
  ])('%s', (_, opts) => {
    const seq = healthy(opts);
    expect(seq.length).toBeGreaterThanOrEqual(200);
    expect(run(seq)).toEqual([]);
  });
});

describe('each rule on its own crafted sequence', () => {
  it('nonFinite fires once per divergence, again after a finite record, with no warm-up', () => {
    let seq = healthy({ records: 60 });
    seq = patch(seq, 0, 1, () => ({ lossBatch: NaN }));
    seq = patch(seq, 20, 23, () => ({ lossTrain: Infinity }));
    seq = patch(seq, 40, 41, (s) => ({ gradNorms: withGrad(s, 2, NaN) }));
    const events = run(seq);
    expect(kinds(events)).toEqual(['nonFinite', 'nonFinite', 'nonFinite']);
    expect(events.map((e) => e.step)).toEqual([stepOf(0), stepOf(20), stepOf(40)]);
    expect(events.every((e) => e.severity === 'critical' && e.source === 'monitor')).toBe(true);
    expect(events[0]!.detail).toContain('NaN');
    expect(events[1]!.detail).toContain('Infinity');
    expect(events[2]!.layer).toBe('dense2');
    expect(events[2]!.remedy).toContain('optimizer.lr');
  });

  it('explodingGradients: a 10×+ jump of one layer over its running level names that layer', () => {
    // dense2 runs at ~0.1; 25 is a ~250× jump. The other layers jump only 3×.
    const seq = patch(healthy({ records: 80 }), 40, 41, (s) => ({
      gradNorms: Float32Array.from(s.gradNorms, (g, j) => (j === 2 ? 25 : 3 * g)),
    }));
    const events = run(seq);
    expect(kinds(events)).toEqual(['explodingGradients']);
    const [e] = events;
    expect(e!.step).toBe(stepOf(40));
    expect(e!.layer).toBe('dense2');
    expect(e!.severity).toBe('warning');
    expect(e!.detail).toContain('25');
    expect(e!.remedy).toContain('regularization.clipNorm');
  });

  it('explodingGradients: the absolute ceiling needs no warm-up', () => {
    const seq = patch(healthy({ records: 30 }), 0, 1, (s) => ({ gradNorms: withGrad(s, 1, 5000) }));
    const events = run(seq);
    expect(kinds(events)).toEqual(['explodingGradients']);
    expect(events[0]!.step).toBe(stepOf(0));
    expect(events[0]!.layer).toBe('dense1');
    expect(events[0]!.detail).toContain('5000');
  });

  it('vanishingGradients: first layer far below the largest for 3 consecutive records', () => {
    // Two low records, a normal one, then a persistent starvation: fires on its third record.
    let seq = healthy({ records: 80 });
    seq = patch(seq, 20, 22, (s) => ({ gradNorms: withGrad(s, 0, 1e-5) }));
    seq = patch(seq, 30, 80, (s) => ({ gradNorms: withGrad(s, 0, 2e-7) }));
    // The drop at record 30 is also a collapse below the running level; leave that rule out here.
    const events = run(seq, { collapseFactor: 1e9 });
    expect(kinds(events)).toEqual(['vanishingGradients']);
    expect(events[0]!.step).toBe(stepOf(32));
    expect(events[0]!.layer).toBe('dense0');
    expect(events[0]!.detail).toContain('is 2e-7');
    expect(events[0]!.detail).toContain('3 records');
    expect(events[0]!.detail).toContain('stop learning');
    // With the collapse rule on, both drops (~5000× below the running level) are reported at once.
    const collapse = run(seq);
    expect(collapse.map((e) => [e.kind, e.step, e.layer])).toEqual([
      ['vanishingGradients', stepOf(20), 'dense0'],
      ['vanishingGradients', stepOf(30), 'dense0'],
    ]);
    expect(collapse[0]!.detail).toContain('fell to 0.00001');
  });

  it('vanishingGradients: a middle layer collapsing below its running level / 100', () => {
    const seq = patch(healthy({ records: 80 }), 50, 80, (s) => ({
      gradNorms: withGrad(s, 2, 1e-4),
    }));
    const events = run(seq);
    expect(kinds(events)).toEqual(['vanishingGradients']);
    expect(events[0]!.step).toBe(stepOf(50));
    expect(events[0]!.layer).toBe('dense2');
    expect(events[0]!.detail).toContain('0.0001');
  });

  it('deadUnits: a rise of ≥ 0.2 to ≥ 0.3 names the activation', () => {
    const seq = patch(healthy({ records: 80 }), 30, 80, (s) => ({
      deadFraction: withDead(s, 1, 0.45),
    }));
    const events = run(seq);
    expect(kinds(events)).toEqual(['deadUnits']);
    expect(events[0]!.step).toBe(stepOf(30));
    expect(events[0]!.layer).toBe('dense1');
    expect(events[0]!.detail).toContain('45%');
  });

  it('deadUnits: neither a small rise to a high level nor a big rise to a low level fires', () => {
    let seq = healthy({ records: 80 });
    seq = patch(seq, 0, 80, (s) => ({
      deadFraction: withDead(s, 0, 0.35 + (s.step > 300 ? 0.1 : 0)),
    }));
    seq = patch(seq, 30, 80, (s) => ({ deadFraction: withDead(s, 2, 0.28) }));
    expect(run(seq)).toEqual([]);
    // Control: the same rise of activation 2 to 0.3 does fire.
    const fires = patch(healthy({ records: 80 }), 30, 80, (s) => ({
      deadFraction: withDead(s, 2, 0.3),
    }));
    expect(kinds(run(fires))).toEqual(['deadUnits']);
  });

  it('lossSpike: the smooth loss jumping above 2× its running level', () => {
    const seq = patch(healthy({ records: 100 }), 60, 61, (s) => ({ lossTrain: 4 * s.lossTrain }));
    const events = run(seq);
    expect(kinds(events)).toEqual(['lossSpike']);
    expect(events[0]!.step).toBe(stepOf(60));
    const spiked = seq[60]!.lossTrain;
    expect(events[0]!.detail).toContain(Number(spiked.toPrecision(3)).toString());
  });

  it('oscillation: a sustained large zig-zag fires once; severity follows the swing size', () => {
    const zigzag = (amp: number) =>
      patch(healthy({ records: 160, lossNoise: 0 }), 100, 160, (_, i) => ({
        lossTrain: 0.5 * (1 + amp * (-1) ** i),
      }));
    const seq = zigzag(0.3);
    const big = run(seq);
    expect(kinds(big)).toEqual(['oscillation']);
    // The decaying loss before record 100 supplies the first down-step of the zig-zag.
    const at = big[0]!.step / RECORD_EVERY - 1;
    expect(at).toBeGreaterThanOrEqual(105);
    expect(at).toBeLessThanOrEqual(107);
    expect(big[0]!.severity).toBe('warning');
    expect(big[0]!.detail).toContain('6 times');
    const window = seq.slice(at - 7, at + 1).map((s) => s.lossTrain);
    const swing = window.slice(1).reduce((acc, l, i) => acc + Math.abs(l - window[i]!), 0) / 7;
    expect(swing).toBeGreaterThan(0.2);
    expect(big[0]!.detail).toContain(`moving ${Number(swing.toPrecision(3))} per record`);
    expect(big[0]!.remedy).toContain('optimizer.lr');

    const moderate = run(zigzag(0.05));
    expect(kinds(moderate)).toEqual(['oscillation']);
    expect(moderate[0]!.severity).toBe('info');
    // Below 5% swings a zig-zag is noise on a plateau.
    expect(run(zigzag(0.02))).toEqual([]);
  });

  it('oscillation: a zig-zag that misses one sign change per window does not fire', () => {
    // The phase slips every 7 records (two equal values), so every 8-record window has a break…
    const seq = patch(healthy({ records: 160, lossNoise: 0 }), 100, 160, (_, i) => ({
      lossTrain: 0.5 * (1 + 0.3 * (-1) ** (i + Math.floor(i / 7))),
    }));
    expect(run(seq)).toEqual([]);
    // …while 6-record windows fit between the breaks (and recur every 7 records, past the cooldown).
    const short = run(seq, { oscillationWindow: 6 });
    expect(short.length).toBeGreaterThan(0);
    expect(new Set(kinds(short))).toEqual(new Set(['oscillation']));
    expect(short[0]!.detail).toContain('4 times');
  });

  it('batchNormGap: a gap above 0.5 and above half the eval-mode loss', () => {
    const seq = patch(healthy({ records: 100, bnGap: 0.05 }), 50, 100, () => ({
      bnGap: 0.8,
      lossTrain: 0.6,
    }));
    const events = run(seq);
    expect(kinds(events)).toEqual(['batchNormGap']);
    expect(events[0]!.step).toBe(stepOf(50));
    expect(events[0]!.detail).toContain('0.8');
    expect(events[0]!.detail).toContain('133%');
    expect(events[0]!.remedy).toContain('model.normMomentum');
  });

  it('batchNormGap: quiet while the running averages settle and when the gap is small relative to the loss', () => {
    // Large early gaps (running stats still at their initial values) and later a gap of 0.6 on a
    // loss of 2 (30%).
    let seq = healthy({ records: 100, bnGap: 0.05 });
    seq = patch(seq, 0, 10, (_, i) => ({ bnGap: -3 / (i + 1) }));
    seq = patch(seq, 50, 100, () => ({ bnGap: 0.6, lossTrain: 2 }));
    expect(run(seq, { spikeFactor: 100 })).toEqual([]);
    // Control: the same early gaps without the settling period do fire.
    expect(kinds(run(seq, { spikeFactor: 100, bnGapWarmupRecords: 0 }))).toEqual(['batchNormGap']);
  });
});

describe('de-duplication', () => {
  const deadEpisodes = (episodes: [number, number][]): HealthSample[] =>
    episodes.reduce(
      (seq, [from, to]) => patch(seq, from, to, (s) => ({ deadFraction: withDead(s, 1, 0.5) })),
      healthy({ records: 120 }),
    );

  it('a persistent condition fires once, not on every record', () => {
    const events = run(deadEpisodes([[20, 120]]));
    expect(events).toHaveLength(1);
    expect(events[0]!.step).toBe(stepOf(20));
  });

  it(`fires again only after ${DEFAULT_HEALTH_OPTIONS.cooldown} quiet records`, () => {
    const cd = DEFAULT_HEALTH_OPTIONS.cooldown;
    // Quiet for exactly `cooldown` records (40 … 40+cd−1): the recurrence fires.
    const again = run(
      deadEpisodes([
        [20, 40],
        [40 + cd, 60],
      ]),
    );
    expect(again.map((e) => e.step)).toEqual([stepOf(20), stepOf(40 + cd)]);
    // Quiet for one record fewer: still the same episode.
    const same = run(
      deadEpisodes([
        [20, 40],
        [40 + cd - 1, 60],
      ]),
    );
    expect(same.map((e) => e.step)).toEqual([stepOf(20)]);
    // A custom cooldown of 2.
    const short = run(
      deadEpisodes([
        [20, 40],
        [42, 60],
        [63, 70],
      ]),
      { cooldown: 2 },
    );
    expect(short.map((e) => e.step)).toEqual([stepOf(20), stepOf(42), stepOf(63)]);
  });

  it('cooldown is per layer: another activation dying during an episode still fires', () => {
    const seq = patch(deadEpisodes([[20, 120]]), 30, 120, (s) => ({
      deadFraction: withDead(s, 3, 0.6),
    }));
    const events = run(seq);
    expect(events.map((e) => [e.step, e.layer])).toEqual([
      [stepOf(20), 'dense1'],
      [stepOf(30), 'dense3'],
    ]);
  });

  it('chaotic records: no key ever fires twice within its cooldown', () => {
    const rand = noiseSource(42);
    const base = healthy({ records: 300, bnGap: 0.1 });
    const chaos = base.map((s) => ({
      ...s,
      lossTrain: Math.exp(3 * rand()),
      gradNorms: Float32Array.from(s.gradNorms, () => 10 ** (4 * rand())),
      deadFraction: Float32Array.from(s.deadFraction!, () => 0.5 + 0.5 * rand()),
      bnGap: 2 * rand(),
    }));
    const events = run(chaos);
    expect(events.length).toBeGreaterThan(5); // the test is not vacuous
    const last = new Map<string, number>();
    for (const e of events) {
      const key = `${e.kind}:${e.kind === 'deadUnits' ? e.layer : ''}`;
      const prev = last.get(key);
      if (prev !== undefined)
        expect(e.step - prev).toBeGreaterThan(DEFAULT_HEALTH_OPTIONS.cooldown * RECORD_EVERY);
      last.set(key, e.step);
    }
  });
});

describe('warm-up', () => {
  const early = (seq: HealthSample[], i: number) =>
    patch(seq, i, i + 1, (s) => ({
      lossTrain: 5 * s.lossTrain,
      gradNorms: withGrad(s, 1, 100 * s.gradNorms[1]!),
    }));

  it('relative rules do not fire in the first records', () => {
    const seq = early(early(healthy({ records: 60 }), 2), 4);
    expect(run(seq)).toEqual([]);
  });

  it('the same jolt after the warm-up fires both the spike and the gradient rule', () => {
    const events = run(early(healthy({ records: 60 }), 5));
    expect(kinds(events).sort()).toEqual(['explodingGradients', 'lossSpike']);
    expect(events.every((e) => e.step === stepOf(5))).toBe(true);
  });

  it('a longer warmupRecords option delays them', () => {
    expect(run(early(healthy({ records: 60 }), 5), { warmupRecords: 10 })).toEqual([]);
  });
});
