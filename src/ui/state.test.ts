import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import type { LabEvent } from '../events';
import type { DataMessage, FromWorker, HistogramSeries, MetricsBatch, RunState } from '../protocol';
import { MAX_EVENTS } from './diagState';
import { MAX_HEATMAP_COLUMNS } from './heatmap';
import { MAX_CHART_POINTS } from './series';
import { foldMessage, initialLabState, labReducer, type LabState } from './state';
import { batch, LAYERS } from '../../test/support/batches';

function pointsData(nTrain: number, nVal: number): DataMessage {
  return {
    type: 'data',
    kind: 'points',
    numTrain: nTrain,
    numVal: nVal,
    points: {
      xTrain: new Float32Array(2 * nTrain),
      yTrain: new Int32Array(nTrain),
      xVal: new Float32Array(2 * nVal),
      yVal: new Int32Array(nVal),
    },
    samples: null,
    timeSteps: 0,
  };
}

function imageData(count: number): DataMessage {
  return {
    type: 'data',
    kind: 'images',
    numTrain: 480,
    numVal: 120,
    points: null,
    samples: {
      rows: 2,
      cols: 2,
      pixels: new Float32Array(count * 4).fill(0.5),
      labels: Int32Array.from({ length: count }, (_, i) => i % 10),
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    },
    timeSteps: 0,
  };
}

const status = (state: RunState, step = 0): FromWorker => ({
  type: 'status',
  state,
  step,
  totalSteps: 500,
  stepsPerSec: 0,
});

const fold = (s: LabState, ...msgs: FromWorker[]) =>
  labReducer(s, { type: 'received', messages: msgs });
const start = () => initialLabState(defaultConfig());

describe('folding worker messages', () => {
  it('starts in "starting" with nothing recorded', () => {
    const s = start();
    expect(s.status.state).toBe('starting');
    expect(s.loss.rows).toEqual([]);
    expect(s.latest).toBeNull();
  });

  it('takes run state, step and speed from status messages', () => {
    const s = fold(start(), {
      type: 'status',
      state: 'running',
      step: 42,
      totalSteps: 500,
      stepsPerSec: 120,
    });
    expect(s.status).toEqual({ state: 'running', step: 42, totalSteps: 500, stepsPerSec: 120 });
  });

  it('appends metrics in column form to the charts and keeps the first and latest numbers', () => {
    let s = fold(start(), { type: 'metrics', batch: batch([10, 20]) });
    s = fold(s, { type: 'metrics', batch: batch([30]) });
    expect(s.loss.rows.map((r) => r.step)).toEqual([10, 20, 30]);
    expect(s.firstLossTrain).toBeCloseTo(0.1);
    expect(s.latest).toMatchObject({ step: 30, accuracyVal: 0.75 });
    expect(s.latest!.lossTrain).toBeCloseTo(1 / 30);
    expect(s.gradLayers).toEqual(LAYERS);
    expect(s.grad.rows[1]!.norms).toEqual([3, 4]);
    expect(s.histograms?.step).toBe(30);
  });

  it('turns non-finite values into chart gaps but keeps them in the latest record', () => {
    const s = fold(start(), { type: 'metrics', batch: batch([10], () => NaN) });
    expect(s.loss.rows[0]!.lossTrain).toBeNull();
    expect(s.latest!.lossTrain).toBeNaN();
  });

  it('restarts the history when steps go backwards, on new data, and at step 0', () => {
    const trained = fold(start(), { type: 'metrics', batch: batch([10, 20]) });
    expect(
      fold(trained, { type: 'metrics', batch: batch([10]) }).loss.rows.map((r) => r.step),
    ).toEqual([10]);
    const rebuilt = fold(trained, pointsData(2, 1));
    expect(rebuilt.loss.rows).toEqual([]);
    expect(rebuilt.points?.yTrain.length).toBe(2);
    expect(rebuilt.data).toEqual({ kind: 'points', numTrain: 2, numVal: 1, timeSteps: 0 });
    const reset = fold(trained, {
      type: 'status',
      state: 'ready',
      step: 0,
      totalSteps: 500,
      stepsPerSec: 0,
    });
    expect(reset.latest).toBeNull();
    expect(reset.histograms).toBeNull();
  });

  it('shows download progress while loading, and drops it once the data is in or loading ends', () => {
    let s = fold(start(), status('loading'));
    expect(s.status.state).toBe('loading');
    expect(s.loading).toBeNull();
    s = fold(s, { type: 'loading', what: 'MNIST digits', fraction: 0.42 });
    expect(s.loading).toEqual({ what: 'MNIST digits', fraction: 0.42 });
    s = fold(s, { type: 'loading', what: 'MNIST digits', fraction: 1.5 });
    expect(s.loading?.fraction).toBe(1);
    // Still loading: a status in the same state keeps the bar.
    expect(fold(s, status('loading')).loading).not.toBeNull();
    const done = fold(s, imageData(16), status('ready'));
    expect(done.loading).toBeNull();
    expect(done.status.state).toBe('ready');
    // A failed download ends in 'error' without a data message: the bar goes too.
    const failed = fold(s, status('error'));
    expect(failed.loading).toBeNull();
  });

  it('keeps the sample images of an image set and drops the points of the previous one', () => {
    const s = fold(start(), pointsData(4, 2), imageData(16));
    expect(s.points).toBeNull();
    expect(s.data).toMatchObject({ kind: 'images', numTrain: 480, numVal: 120 });
    expect(s.samples?.labels).toHaveLength(16);
    expect(s.samples?.classNames).toHaveLength(10);
  });

  it('folds sample predictions and gradients through time, keeping the newest', () => {
    const withPredictions = (steps: number[]): MetricsBatch => ({
      ...batch(steps),
      samplePredictions: { step: steps.at(-1)!, predictions: Float32Array.of(1, 2, 3) },
    });
    const withTimeGrads = (steps: number[]): MetricsBatch => ({
      ...batch(steps),
      timeGrads: { step: steps.at(-1)!, norms: Float32Array.of(0.01, 0.1, 1) },
    });
    let s = fold(start(), { type: 'metrics', batch: withPredictions([10]) });
    expect(s.samplePredictions?.step).toBe(10);
    // A batch without them keeps the newest ones.
    s = fold(s, { type: 'metrics', batch: batch([20]) });
    expect(s.samplePredictions?.step).toBe(10);
    s = fold(s, { type: 'metrics', batch: withPredictions([30]) });
    expect(s.samplePredictions?.step).toBe(30);
    s = fold(s, { type: 'metrics', batch: withTimeGrads([40]) });
    expect(Array.from(s.timeGrads!.norms)).toEqual([0.01, 0.1, 1].map(Math.fround));
    // They are history: a new model starts without them.
    const rebuilt = fold(s, imageData(16));
    expect(rebuilt.samplePredictions).toBeNull();
    expect(rebuilt.timeGrads).toBeNull();
    const reset = fold(s, status('ready', 0));
    expect(reset.samplePredictions).toBeNull();
    expect(reset.timeGrads).toBeNull();
  });

  it('tracks config changes: applying, then applied (live or rebuilt)', () => {
    const config = { ...defaultConfig(), seed: 7 };
    let s = labReducer(start(), { type: 'configSent', config });
    expect(s.applying).toBe(true);
    s = fold(fold(s, { type: 'metrics', batch: batch([10]) }), {
      type: 'configApplied',
      config,
      rebuilt: false,
    });
    expect(s).toMatchObject({ applying: false, configVersion: 1, notice: 'Applied live.' });
    expect(s.config.seed).toBe(7);
    expect(s.loss.rows).toHaveLength(1);
    s = fold(s, { type: 'configApplied', config, rebuilt: true });
    expect(s.loss.rows).toHaveLength(0);
    expect(s.notice).toMatch(/rebuilt/);
  });

  it('shows worker errors until dismissed', () => {
    const err: FromWorker = {
      type: 'error',
      message: 'invalid config',
      fields: [{ path: 'model.width', message: 'x' }],
    };
    let s = fold(start(), err);
    expect(s.error).toEqual({ message: 'invalid config', fields: err.fields });
    s = labReducer(s, { type: 'errorDismissed' });
    expect(s.error).toBeNull();
  });

  it('is pure: folding does not change the previous state', () => {
    const a = fold(start(), { type: 'metrics', batch: batch([10]) });
    const rows = a.loss.rows;
    foldMessage(a, { type: 'metrics', batch: batch([20]) });
    expect(a.loss.rows).toBe(rows);
    expect(rows).toHaveLength(1);
  });
});

/** Histograms of `steps`, one layer per name, 2 bins; lo/hi move with the step. */
function hists(
  steps: number[],
  layers: string[],
  quantity: HistogramSeries['quantity'],
): HistogramSeries {
  const n = steps.length;
  const L = layers.length;
  return {
    layers,
    bins: 2,
    quantity,
    steps: Float64Array.from(steps),
    lo: Float32Array.from({ length: n * L }, (_, k) => -steps[Math.floor(k / L)]!),
    hi: Float32Array.from({ length: n * L }, (_, k) => steps[Math.floor(k / L)]!),
    counts: Float32Array.from({ length: n * L * 2 }, (_, k) => k),
  };
}

const alert = (step: number, title = `alert ${step}`): LabEvent => ({
  step,
  kind: 'explodingGradients',
  source: 'monitor',
  severity: 'warning',
  title,
  detail: 'the gradient norm grew 100×',
  remedy: 'lower the learning rate',
});

const metrics = (b: MetricsBatch): FromWorker => ({ type: 'metrics', batch: b });

describe('folding training-health diagnostics', () => {
  it('keeps sharpness only where it was measured, with 2/lr beside it', () => {
    const b = batch([10, 20, 30]);
    b.sharpness = Float32Array.of(NaN, 150, Infinity);
    b.lr = Float32Array.of(0.01, 0.02, 0.01);
    let s = fold(start(), metrics(b));
    expect(s.diagnostics.sharpness.rows).toEqual([
      { step: 20, sharpness: 150, edge: 2 / Math.fround(0.02) },
    ]);
    const zero = batch([40]);
    zero.sharpness = Float32Array.of(3);
    zero.lr = Float32Array.of(0);
    s = fold(s, metrics(zero));
    expect(s.diagnostics.sharpness.rows.at(-1)).toEqual({ step: 40, sharpness: 3, edge: null });
  });

  it('tracks the generalization gap and ECE over time, skipping non-finite rows', () => {
    const b = batch([10, 20, 30], (s) => (s === 20 ? NaN : 1));
    b.ece = Float32Array.of(0.1, NaN, 0.2);
    b.bnGap = Float32Array.of(NaN, NaN, -0.5);
    const s = fold(start(), metrics(b));
    expect(s.diagnostics.gap.rows.map((r) => r.step)).toEqual([10, 30]);
    expect(s.diagnostics.gap.rows[0]!.gap).toBeCloseTo(0.1);
    // The BatchNorm gap rides along where measured, null elsewhere.
    expect(s.diagnostics.gap.rows.map((r) => r.bnGap)).toEqual([null, -0.5]);
    expect(s.diagnostics.ece.rows).toEqual([
      { step: 10, ece: Math.fround(0.1) },
      { step: 30, ece: Math.fround(0.2) },
    ]);
  });

  it('keeps the update/weight ratio of every layer over time, with gaps for NaN', () => {
    const b = batch([10, 20]);
    b.updateRatios = Float32Array.of(1e-3, NaN, NaN, NaN);
    const s = fold(start(), metrics(b));
    expect(s.diagnostics.ratioLayers).toEqual(LAYERS);
    // The row with nothing measured is left out rather than drawn as an empty point.
    expect(s.diagnostics.updateRatio.rows).toEqual([
      { step: 10, ratios: [Math.fround(1e-3), null] },
    ]);
  });

  it('shows the newest per-layer table, values as measured', () => {
    const b = batch([10, 20]);
    b.gradNorms = Float32Array.of(1, 2, NaN, 4);
    const s = fold(start(), metrics(b));
    const t = s.diagnostics.layerTable!;
    expect(t.step).toBe(20);
    expect(t.layers.map((l) => l.name)).toEqual(LAYERS);
    expect(t.layers[0]!.gradNorm).toBeNaN();
    expect(t.layers[1]).toMatchObject({ gradNorm: 4, weightNorm: 11 });
    expect(t.layers[1]!.updateRatio).toBeCloseTo(2e-3);
    expect(t.activations).toEqual([
      { name: 'hidden1', mean: Math.fround(0.1), std: 0.5, dead: 0, saturated: 0.25 },
    ]);
  });

  it('builds heatmap columns per quantity, each with its own range', () => {
    const b = batch([10, 20]);
    b.activationHists = hists([10, 20], ['hidden1'], 'activation');
    b.gradientHists = hists([20], LAYERS, 'log10|grad|');
    const s = fold(start(), metrics(b));
    const act = s.diagnostics.activationHeatmap!;
    expect(act.columns.rows.map((c) => c.step)).toEqual([10, 20]);
    expect(Array.from(act.columns.rows[1]!.lo)).toEqual([-20]);
    expect(Array.from(act.columns.rows[1]!.counts)).toEqual([2, 3]);
    const grad = s.diagnostics.gradientHeatmap!;
    expect(grad.layers).toEqual(LAYERS);
    expect(grad.quantity).toBe('log10|grad|');
    expect(Array.from(grad.columns.rows[0]!.counts)).toEqual([0, 1, 2, 3]);
    // A batch without histograms keeps them.
    expect(fold(s, metrics(batch([30]))).diagnostics.activationHeatmap).toBe(act);
  });

  it('caps heatmaps, series and events however long the run', () => {
    let s = start();
    for (let k = 0; k < 100; k++) {
      const steps = Array.from({ length: 10 }, (_, i) => k * 100 + (i + 1) * 10);
      const b = batch(steps);
      b.sharpness = new Float32Array(10).fill(5);
      b.activationHists = hists(steps, ['hidden1'], 'activation');
      b.events = Array.from({ length: 7 }, (_, i) => alert(steps[i]!));
      s = fold(s, metrics(b));
    }
    const d = s.diagnostics;
    expect(d.activationHeatmap!.columns.rows.length).toBeLessThanOrEqual(MAX_HEATMAP_COLUMNS);
    expect(d.activationHeatmap!.columns.rows[0]!.step).toBe(10);
    expect(d.activationHeatmap!.columns.rows.at(-1)!.step).toBe(10_000);
    for (const series of [d.sharpness, d.gap, d.ece, d.updateRatio])
      expect(series.rows.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(d.events).toHaveLength(MAX_EVENTS);
    expect(d.eventCount).toBe(700);
    expect(d.events.at(-1)!.step).toBe(9970);
  });

  it('keeps the newest reliability diagram and appends events newest last', () => {
    const b = batch([10]);
    b.reliability = {
      step: 10,
      count: Float32Array.of(1, 3),
      confSum: Float32Array.of(0.3, 2.4),
      correctSum: Float32Array.of(0, 3),
    };
    b.events = [alert(8, 'first')];
    let s = fold(start(), metrics(b));
    const next = batch([20]);
    next.events = [alert(15, 'second'), alert(20, 'third')];
    s = fold(s, metrics(next));
    expect(s.diagnostics.reliability?.step).toBe(10);
    expect(s.diagnostics.events.map((e) => e.title)).toEqual(['first', 'second', 'third']);
    expect(s.diagnostics.eventCount).toBe(3);
  });

  it('starts every diagnostic anew when the history restarts', () => {
    const b = batch([10, 20]);
    b.sharpness = Float32Array.of(1, 2);
    b.activationHists = hists([10, 20], ['hidden1'], 'activation');
    b.events = [alert(10)];
    b.reliability = {
      step: 20,
      count: Float32Array.of(1),
      confSum: Float32Array.of(1),
      correctSum: Float32Array.of(1),
    };
    const trained = fold(start(), metrics(b));
    const isEmpty = (s: LabState) => {
      const d = s.diagnostics;
      expect(d.sharpness.rows).toEqual([]);
      expect(d.activationHeatmap).toBeNull();
      expect(d.events).toEqual([]);
      expect(d.eventCount).toBe(0);
      expect(d.reliability).toBeNull();
      expect(d.layerTable).toBeNull();
    };
    isEmpty(fold(trained, status('ready', 0)));
    isEmpty(fold(trained, pointsData(2, 1)));
    isEmpty(fold(trained, { type: 'configApplied', config: defaultConfig(), rebuilt: true }));
    isEmpty(labReducer(trained, { type: 'historyCleared' }));
    // Steps going backwards: only the new batch's values remain.
    const again = fold(trained, metrics(batch([10])));
    expect(again.diagnostics.sharpness.rows).toEqual([]);
    expect(again.diagnostics.events).toEqual([]);
    expect(again.diagnostics.gap.rows.map((r) => r.step)).toEqual([10]);
  });
});
