/** Turns engine records into the column-form batch the protocol sends (typed arrays, transferable). */
import type { LabEvent } from '../events';
import type { StepRecord } from '../engine/trainer';
import { HISTOGRAM_BINS } from '../engine/diagnostics';
import { BOUNDARY_RESOLUTION } from '../engine/trainer';
import type { HistogramSeries, MetricsBatch } from '../protocol';

export interface PackNames {
  layerNames: string[];
  hiddenNames: string[];
  extent: [number, number] | null;
}

/** rows × width, row-major, NaN where a record did not measure the quantity. */
function matrix(
  records: StepRecord[],
  width: number,
  get: (r: StepRecord) => ArrayLike<number> | null,
): Float32Array {
  const out = new Float32Array(records.length * width).fill(NaN);
  records.forEach((r, i) => {
    const v = get(r);
    if (v) out.set(v, i * width);
  });
  return out;
}

const column = (records: StepRecord[], get: (r: StepRecord) => number | null) =>
  Float32Array.from(records, (r) => get(r) ?? NaN);

/** Histograms of every record that has them (records without are skipped). */
function series(
  records: StepRecord[],
  layers: string[],
  quantity: HistogramSeries['quantity'],
  get: (r: StepRecord) => { lo: Float32Array; hi: Float32Array; counts: Float32Array } | null,
): HistogramSeries | null {
  const rows = records.flatMap((r) => {
    const h = get(r);
    return h ? [{ step: r.step, h }] : [];
  });
  if (rows.length === 0 || layers.length === 0) return null;
  const L = layers.length;
  const out: HistogramSeries = {
    layers,
    bins: HISTOGRAM_BINS,
    quantity,
    steps: Float64Array.from(rows, (r) => r.step),
    lo: new Float32Array(rows.length * L),
    hi: new Float32Array(rows.length * L),
    counts: new Float32Array(rows.length * L * HISTOGRAM_BINS),
  };
  rows.forEach(({ h }, i) => {
    out.lo.set(h.lo, i * L);
    out.hi.set(h.hi, i * L);
    out.counts.set(h.counts, i * L * HISTOGRAM_BINS);
  });
  return out;
}

export function packRecords(
  records: StepRecord[],
  names: PackNames,
  events: LabEvent[] = [],
): MetricsBatch {
  const { layerNames, hiddenNames, extent } = names;
  const L = layerNames.length;
  const H = hiddenNames.length;
  const batch: MetricsBatch = {
    layers: layerNames,
    steps: Float64Array.from(records, (r) => r.step),
    lossTrain: column(records, (r) => r.lossTrain),
    accuracyTrain: column(records, (r) => r.accuracyTrain),
    lossVal: column(records, (r) => r.lossVal),
    accuracyVal: column(records, (r) => r.accuracyVal),
    gradNorms: matrix(records, L, (r) => r.gradNorms),
    histograms: null,
    boundary: null,
    samplePredictions: null,
    timeGrads: null,
    lossBatch: column(records, (r) => r.lossBatch),
    lr: column(records, (r) => r.lr),
    weightNorms: matrix(records, L, (r) => r.weightNorms),
    updateRatios: matrix(records, L, (r) => r.updateRatios),
    activations: hiddenNames,
    actMean: matrix(records, H, (r) => r.activationStats?.mean ?? null),
    actStd: matrix(records, H, (r) => r.activationStats?.std ?? null),
    deadFraction: matrix(records, H, (r) => r.activationStats?.dead ?? null),
    saturatedFraction: matrix(records, H, (r) => r.activationStats?.saturated ?? null),
    sharpness: column(records, (r) => r.sharpness),
    ece: column(records, (r) => r.ece),
    bnGap: column(records, (r) => r.bnGap),
    clipThreshold: column(records, (r) => r.clipThreshold),
    activationHists: series(records, hiddenNames, 'activation', (r) => ({
      lo: r.histLo,
      hi: r.histHi,
      counts: r.histCounts,
    })),
    gradientHists: series(records, layerNames, 'log10|grad|', (r) => r.gradHist),
    reliability: null,
    events,
  };
  const newest = records.at(-1);
  if (newest) {
    batch.histograms = {
      step: newest.step,
      layers: hiddenNames,
      bins: HISTOGRAM_BINS,
      lo: newest.histLo,
      hi: newest.histHi,
      counts: newest.histCounts,
    };
    if (newest.reliability) batch.reliability = { step: newest.step, ...newest.reliability };
  }
  if (newest?.samplePredictions) {
    batch.samplePredictions = { step: newest.step, predictions: newest.samplePredictions };
  }
  if (newest?.timeGradNorms) batch.timeGrads = { step: newest.step, norms: newest.timeGradNorms };
  const withBoundary = records.findLast((r) => r.boundary !== null);
  if (withBoundary?.boundary && extent) {
    batch.boundary = {
      step: withBoundary.step,
      resolution: BOUNDARY_RESOLUTION,
      extent,
      probs: withBoundary.boundary,
    };
  }
  return batch;
}
