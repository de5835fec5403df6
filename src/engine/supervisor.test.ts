/**
 * The supervisor's controllers on crafted records fed to a real Trainer (each acts as specified and
 * logs its event), then whole runs: an exploding run with and without rewind, healthy default runs
 * that raise no warnings, and adaptive clipping against the recorded gradient norms.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import type { LabEvent } from '../events';
import { variablesOf } from './model';
import { useNodeBackend } from './node-backend';
import type { Optimizer } from './optimizers';
import { runExperiment } from './run';
import { MAX_REWINDS, Supervisor } from './supervisor';
import type { StepRecord, Trainer } from './trainer';
import { Disposables } from '../../test/support/tensors';
import {
  FULL_BATCH,
  plainSteps,
  recordedStep,
  smallConfig,
  trainerFor,
} from '../../test/support/trainers';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

/** A real trainer (spiral, 2×6 tanh MLP, momentum SGD) under a supervisor, and one real record. */
async function setUp(over: ConfigInput = {}) {
  const config = smallConfig({
    ...over,
    optimizer: { name: 'momentum', ...over.optimizer },
    training: FULL_BATCH,
    diagnostics: { sharpnessEvery: 0, ...over.diagnostics },
  });
  const trainer = trainerFor(d, config);
  const supervisor = d.track(new Supervisor(trainer, config));
  const base = await recordedStep(trainer);
  /** A copy of the real record at the trainer's current step, with fields overridden. */
  const record = (o: Partial<StepRecord> = {}): StepRecord => ({
    ...base,
    step: trainer.step,
    ...o,
  });
  const feed = (o: Partial<StepRecord> = {}) => supervisor.afterRecord(record(o));
  return { config, trainer, supervisor, base, record, feed };
}

const ofKind = (events: LabEvent[], kind: LabEvent['kind']) =>
  events.filter((e) => e.kind === kind);

/** Every value training changes: model variables (with running statistics) and optimizer state. */
async function stateValues(t: Trainer): Promise<Float32Array[]> {
  // The optimizer is private to the Trainer; its state is what a checkpoint must restore too.
  const opt = (t as unknown as { optimizer: Optimizer }).optimizer;
  const vars = [...t.parameters.groups.flatMap(variablesOf), ...opt.state()];
  expect(opt.state().length).toBeGreaterThan(0);
  return Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
}

describe('learning-rate back-off', () => {
  const on = { adaptive: { lrBackoff: true, spikeFactor: 1.5, backoffFactor: 0.5 } };

  it('after the warm-up, a spike above spikeFactor × the running average halves lrScale, with the numbers', async () => {
    const { trainer, feed, base } = await setUp(on);
    // A spike inside the warm-up (records 1–5) acts on nothing, but enters the running average.
    for (const loss of [1, 1, 5, 1, 1])
      expect(ofKind(feed({ lossTrain: loss }).events, 'lrBackoff')).toEqual([]);
    expect(trainer.controls.lrScale).toBe(1);
    // Average of 1, 1, 5, 1, 1 with α = 0.2: 1 → 1 → 1.8 → 1.64 → 1.512.
    const events = ofKind(feed({ lossTrain: 4 }).events, 'lrBackoff');
    expect(trainer.controls.lrScale).toBe(0.5);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({ source: 'controller', severity: 'warning', step: trainer.step });
    expect(e.detail).toContain('Training loss 4 is 2.65× its running average 1.51 (trigger: 1.5×)');
    expect(e.remedy).toContain(`now 0.5× the schedule (${base.lr * 0.5})`);
  });

  it('does nothing below the factor, or when disabled', async () => {
    const below = await setUp(on);
    for (let i = 0; i < 8; i++)
      expect(ofKind(below.feed({ lossTrain: i === 7 ? 1.45 : 1 }).events, 'lrBackoff')).toEqual([]);
    expect(below.trainer.controls.lrScale).toBe(1);

    const off = await setUp({ adaptive: { ...on.adaptive, lrBackoff: false } });
    for (let i = 0; i < 8; i++)
      expect(ofKind(off.feed({ lossTrain: i === 7 ? 10 : 1 }).events, 'lrBackoff')).toEqual([]);
    expect(off.trainer.controls.lrScale).toBe(1);
  });
});

describe('weight-decay controller', () => {
  it('a persistent gap above the target raises L2 from 0 to 1e-4, then ×1.5 at most every 5 records', async () => {
    const { trainer, feed } = await setUp({ adaptive: { decayControl: true, gapTarget: 0.1 } });
    const changes: [number, number | null, LabEvent][] = [];
    for (let r = 1; r <= 17; r++) {
      for (const e of ofKind(feed({ lossTrain: 0.5, lossVal: 1 }).events, 'decay'))
        changes.push([r, trainer.controls.l2, e]);
    }
    expect(changes.map(([r, l2]) => [r, l2])).toEqual([
      [6, 1e-4],
      [11, expect.closeTo(1.5e-4, 12)],
      [16, expect.closeTo(2.25e-4, 12)],
    ]);
    const first = changes[0]![2];
    expect(first).toMatchObject({ source: 'controller', severity: 'info' });
    expect(first.detail).toContain('is 0.5, above the target 0.1');
    expect(first.remedy).toBe('L2 strength 0 → 0.0001.');
  });

  it('a small gap lowers the configured L2; a gap between target/2 and the target leaves it', async () => {
    const low = await setUp({
      adaptive: { decayControl: true, gapTarget: 0.1 },
      regularization: { l2: 1e-3 },
    });
    const events = Array.from(
      { length: 6 },
      () => low.feed({ lossTrain: 0.5, lossVal: 0.5 }).events,
    ).flat();
    expect(ofKind(events, 'decay')).toHaveLength(1);
    expect(low.trainer.controls.l2).toBeCloseTo(1e-3 / 1.5, 12);
    expect(ofKind(events, 'decay')[0]!.title).toContain('lowered');

    const mid = await setUp({
      adaptive: { decayControl: true, gapTarget: 0.1 },
      regularization: { l2: 1e-3 },
    });
    for (let i = 0; i < 12; i++)
      expect(ofKind(mid.feed({ lossTrain: 0.5, lossVal: 0.57 }).events, 'decay')).toEqual([]);
    expect(mid.trainer.controls.l2).toBeNull();
  });
});

describe('rewind', () => {
  const on = { adaptive: { rewind: true, backoffFactor: 0.5 } };

  it('restores weights, running statistics and optimizer state of the last finite record bit-exactly', async () => {
    const { trainer, feed } = await setUp({ ...on, model: { norm: 'batch' } });
    plainSteps(trainer, 2);
    expect(feed().diverged).toBe(false); // checkpoint at step 3
    const saved = await stateValues(trainer);
    plainSteps(trainer, 4);
    expect(await stateValues(trainer)).not.toEqual(saved);
    const verdict = feed({ lossTrain: NaN });
    expect(verdict.diverged).toBe(false);
    expect(await stateValues(trainer)).toEqual(saved);
    expect(trainer.controls.lrScale).toBe(0.5);
    const [e] = ofKind(verdict.events, 'rewind');
    expect(e).toMatchObject({
      source: 'controller',
      severity: 'critical',
      step: 7,
      title: 'Rewound to step 3 after divergence',
    });
    expect(e!.remedy).toContain('now 0.5× the schedule');
    // The monitor's alert comes with it.
    expect(ofKind(verdict.events, 'nonFinite')).toHaveLength(1);
  });

  it('without rewind, a non-finite record ends the run', async () => {
    const { feed } = await setUp();
    feed();
    const verdict = feed({ lossBatch: Infinity });
    expect(verdict.diverged).toBe(true);
    expect(ofKind(verdict.events, 'rewind')).toEqual([]);
  });

  it(`gives up after ${MAX_REWINDS} rewinds, and cannot rewind before the first finite record`, async () => {
    const { trainer, feed } = await setUp(on);
    expect(feed({ lossTrain: NaN }).diverged).toBe(true); // nothing to rewind to yet
    feed();
    for (let i = 0; i < MAX_REWINDS; i++) {
      const v = feed({ lossTrain: NaN });
      expect(v.diverged).toBe(false);
      expect(ofKind(v.events, 'rewind')).toHaveLength(1);
    }
    const last = feed({ lossTrain: NaN });
    expect(last.diverged).toBe(true);
    expect(ofKind(last.events, 'rewind')).toEqual([]);
    expect(trainer.controls.lrScale).toBe(0.5 ** MAX_REWINDS);
  });

  it('skips records that are about to diverge: overflowing gradient norms or a loss spike', async () => {
    const { trainer, feed } = await setUp(on);
    feed({ lossTrain: 1 }); // the checkpoint: step 1
    plainSteps(trainer, 1);
    feed({ lossTrain: 1, gradNorms: Float32Array.from([1, Infinity, 1]) });
    plainSteps(trainer, 1);
    feed({ lossTrain: 5000 });
    plainSteps(trainer, 1);
    const [e] = ofKind(feed({ lossTrain: NaN }).events, 'rewind');
    expect(e!.title).toBe('Rewound to step 1 after divergence');
  });
});

describe('clip reports', () => {
  const clip = (on: boolean) => ({ adaptive: { clip: on, clipWindow: 10, clipPercentile: 90 } });

  it('one event when clipping becomes active, then a summary at most once per window', async () => {
    const { feed } = await setUp(clip(true));
    const log: [number, string][] = [];
    const at = (step: number, clipThreshold: number | null, clippedSteps: number) =>
      ofKind(feed({ step, clipThreshold, clippedSteps }).events, 'clip').forEach((e) =>
        log.push([e.step, e.title + ' | ' + e.detail]),
      );
    for (let s = 1; s < 10; s++) at(s, null, 0);
    at(10, 2.5, 0);
    for (let s = 11; s <= 45; s++) at(s, 2.5, s % 3 === 0 ? 1 : 0);
    expect(log.map(([s]) => s)).toEqual([10, 20, 30, 40]);
    expect(log[0]![1]).toContain('Adaptive clipping is active');
    expect(log[0]![1]).toContain('90th percentile, 2.5');
    // Steps 12, 15 and 18 were clipped since step 10.
    expect(log[1]![1]).toContain('Clipped 3 steps | 3 of the steps since step 10');
  });

  it('no summary for a window without clipped steps; no events when adaptive clipping is off', async () => {
    const quiet = await setUp(clip(true));
    const events = [10, 20, 30].flatMap(
      (step) => quiet.feed({ step, clipThreshold: 1, clippedSteps: 0 }).events,
    );
    expect(ofKind(events, 'clip').map((e) => e.step)).toEqual([10]);

    const off = await setUp(clip(false));
    const none = [10, 20].flatMap(
      (step) => off.feed({ step, clipThreshold: 1, clippedSteps: 4 }).events,
    );
    expect(ofKind(none, 'clip')).toEqual([]);
  });
});

describe('monitor alerts', () => {
  it('pass through (nonFinite), and are absent when diagnostics.monitor is false', async () => {
    const on = await setUp();
    const v = on.feed({ lossTrain: NaN });
    expect(ofKind(v.events, 'nonFinite')).toMatchObject([
      { source: 'monitor', severity: 'critical' },
    ]);

    const off = await setUp({ diagnostics: { monitor: false } });
    const w = off.feed({ lossTrain: NaN });
    expect(w.events).toEqual([]);
    expect(w.diverged).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Whole runs on the cpu backend.

const SEEDS = [1, 2, 3];
const run = (input: ConfigInput) => runExperiment(mustParseConfig(input), 'test');

describe('an exploding run', () => {
  // GELU MLP (default 4×16, spiral), plain SGD warming up to lr 8 over 40 steps: every seed blows
  // up between steps 20 and 50. Measured: without adaptive, NaN at step 50 / 20 / 20 (seeds 1–3);
  // with rewind + back-off, one rewind each and all three finish. See the report for other seeds.
  const exploding = (seed: number, adaptive: ConfigInput['adaptive'] = {}): ConfigInput => ({
    seed,
    model: { activation: 'gelu' },
    optimizer: { name: 'sgd', lr: 8, warmupSteps: 40 },
    training: { steps: 100, recordEvery: 10 },
    diagnostics: { sharpnessEvery: 0 },
    adaptive,
  });

  it.each(SEEDS)(
    'seed %i: diverges without adaptive control, with a nonFinite or explodingGradients alert',
    async (seed) => {
      const r = await run(exploding(seed));
      expect(r.summary.diverged).toBe(true);
      expect(r.events.some((e) => e.kind === 'nonFinite' || e.kind === 'explodingGradients')).toBe(
        true,
      );
    },
  );

  it.each(SEEDS)(
    'seed %i: with rewind and lrBackoff it is rewound and finishes, leaking no tensors',
    async (seed) => {
      const before = tf.memory().numTensors;
      const r = await run(exploding(seed, { rewind: true, lrBackoff: true }));
      expect(tf.memory().numTensors).toBe(before);
      expect(r.summary.diverged).toBe(false);
      expect(r.summary.steps).toBe(100);
      expect(ofKind(r.events, 'rewind').length).toBeGreaterThan(0);
      expect(Number.isFinite(r.summary.finalLossTrain)).toBe(true);
    },
  );
});

describe('a healthy default run', () => {
  it.each(SEEDS)(
    'seed %i: 300 default steps on the spiral raise no warning or critical event',
    async (seed) => {
      const r = await run({ seed, training: { steps: 300 } });
      expect(r.summary.diverged).toBe(false);
      expect(
        r.events
          .filter((e) => e.severity !== 'info')
          .map((e) => `${e.step} ${e.kind}: ${e.detail}`),
      ).toEqual([]);
    },
  );
});

describe('adaptive clipping in a run', () => {
  it('reports the threshold once the window is full: the 2nd largest of the last 10 global norms', async () => {
    const r = await run({
      seed: 2,
      model: { depth: 2, width: 8 },
      training: { steps: 40, recordEvery: 1 },
      diagnostics: { sharpnessEvery: 0 },
      adaptive: { clip: true, clipWindow: 10, clipPercentile: 90 },
    });
    const norms = r.history.map((h) => Math.hypot(...Object.values(h.gradNorm)));
    r.history.forEach((h, i) => {
      if (h.step < 10) return expect(h.clipThreshold).toBeUndefined();
      // k = ⌊0.1·10⌋ + 1 = 2 over the raw (unclipped) norms of steps step−9 … step.
      const window = norms.slice(i - 9, i + 1).sort((a, b) => b - a);
      expect(h.clipThreshold).toBeCloseTo(window[1]!, 4);
    });
    const clips = ofKind(r.events, 'clip');
    expect(clips[0]).toMatchObject({ step: 10, title: 'Adaptive clipping is active' });
  });
});
