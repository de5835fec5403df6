import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import type { DataMessage, FromWorker, MetricsBatch, RunState } from '../protocol';
import { foldMessage, initialLabState, labReducer, type LabState } from './state';

const LAYERS = ['hidden1', 'output'];

function batch(steps: number[], loss = (s: number) => 1 / s): MetricsBatch {
  const n = steps.length;
  return {
    layers: LAYERS,
    steps: Float64Array.from(steps),
    lossTrain: Float32Array.from(steps, loss),
    accuracyTrain: new Float32Array(n).fill(0.5),
    lossVal: Float32Array.from(steps, (s) => loss(s) * 1.1),
    accuracyVal: new Float32Array(n).fill(0.75),
    gradNorms: Float32Array.from({ length: n * LAYERS.length }, (_, i) => i + 1),
    histograms: {
      step: steps.at(-1)!,
      layers: ['hidden1'],
      bins: 2,
      lo: Float32Array.of(-1),
      hi: Float32Array.of(1),
      counts: Float32Array.of(3, 5),
    },
    boundary: null,
    samplePredictions: null,
    timeGrads: null,
  };
}

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
