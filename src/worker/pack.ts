/** Turns engine records into the column-form batch the protocol sends (typed arrays, transferable). */
import type { StepRecord } from '../engine/trainer';
import { HISTOGRAM_BINS } from '../engine/diagnostics';
import { BOUNDARY_RESOLUTION } from '../engine/trainer';
import type { MetricsBatch } from '../protocol';

export function packRecords(
  records: StepRecord[],
  layerNames: string[],
  hiddenNames: string[],
  extent: [number, number] | null,
): MetricsBatch {
  const n = records.length;
  const L = layerNames.length;
  const batch: MetricsBatch = {
    layers: layerNames,
    steps: new Float64Array(n),
    lossTrain: new Float32Array(n),
    accuracyTrain: new Float32Array(n),
    lossVal: new Float32Array(n),
    accuracyVal: new Float32Array(n),
    gradNorms: new Float32Array(n * L),
    histograms: null,
    boundary: null,
    samplePredictions: null,
    timeGrads: null,
  };
  records.forEach((r, i) => {
    batch.steps[i] = r.step;
    batch.lossTrain[i] = r.lossTrain;
    batch.accuracyTrain[i] = r.accuracyTrain;
    batch.lossVal[i] = r.lossVal;
    batch.accuracyVal[i] = r.accuracyVal;
    batch.gradNorms.set(r.gradNorms, i * L);
  });
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
