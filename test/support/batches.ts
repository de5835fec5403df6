/** A worker metrics batch with every column filled, for UI state and run-store tests. */
import type { MetricsBatch } from '../../src/protocol';

export const LAYERS = ['hidden1', 'output'];
export const ACTIVATIONS = ['hidden1'];

/** A batch with every column filled; tests override the columns they are about. */
export function batch(steps: number[], loss = (s: number) => 1 / s): MetricsBatch {
  const n = steps.length;
  const L = LAYERS.length;
  const H = ACTIVATIONS.length;
  const perLayer = (f: (i: number, l: number) => number) =>
    Float32Array.from({ length: n * L }, (_, k) => f(Math.floor(k / L), k % L));
  const perAct = (v: number) => new Float32Array(n * H).fill(v);
  return {
    layers: LAYERS,
    steps: Float64Array.from(steps),
    lossTrain: Float32Array.from(steps, loss),
    accuracyTrain: new Float32Array(n).fill(0.5),
    lossVal: Float32Array.from(steps, (s) => loss(s) * 1.1),
    accuracyVal: new Float32Array(n).fill(0.75),
    gradNorms: Float32Array.from({ length: n * L }, (_, i) => i + 1),
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
    lossBatch: Float32Array.from(steps, loss),
    lr: new Float32Array(n).fill(0.01),
    weightNorms: perLayer((i, l) => 10 + l),
    updateRatios: perLayer((i, l) => 1e-3 * (l + 1)),
    activations: ACTIVATIONS,
    actMean: perAct(0.1),
    actStd: perAct(0.5),
    deadFraction: perAct(0),
    saturatedFraction: perAct(0.25),
    sharpness: new Float32Array(n).fill(NaN),
    ece: new Float32Array(n).fill(0.05),
    bnGap: new Float32Array(n).fill(NaN),
    clipThreshold: new Float32Array(n).fill(NaN),
    activationHists: null,
    gradientHists: null,
    reliability: null,
    events: [],
  };
}

