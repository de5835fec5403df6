/**
 * The training-health part of the UI state: sharpness, generalization gap, calibration, per-layer
 * statistics, histogram heatmaps and the event timeline. Folded from each metrics batch with work
 * bounded by the batch and by fixed caps (series via `appendRows`, heatmaps via `heatmap.ts`), so
 * a long run costs the main thread no more per message than a short one.
 */
import type { LabEvent } from '../events';
import type { MetricsBatch, Reliability } from '../protocol';
import { appendHeatmap, type HeatmapHistory } from './heatmap';
import { appendRows, emptySeries, type Series } from './series';

/** Events kept for the timeline; older ones are dropped (the count still says how many there were). */
export const MAX_EVENTS = 500;

/** Top Hessian eigenvalue at a measured step, and the 2/η stability threshold of plain GD there. */
export interface SharpnessRow {
  step: number;
  sharpness: number;
  /** 2/lr at that step; null when the learning rate is unknown or 0. */
  edge: number | null;
}

/** Validation − training loss (evaluation mode on both). */
export interface GapRow {
  step: number;
  gap: number;
  /** BatchNorm models: train-mode − eval-mode loss on the same training examples (else null). */
  bnGap: number | null;
}

export interface EceRow {
  step: number;
  ece: number;
}

/** ‖Δw‖/‖w‖ of every layer at one step, in `DiagnosticsState.layers` order (null: not measured). */
export interface RatioRow {
  step: number;
  ratios: (number | null)[];
}

/** The newest measurement of one layer; NaN where it was not measured (or the run diverged). */
export interface LayerStat {
  name: string;
  gradNorm: number;
  weightNorm: number;
  updateRatio: number;
}

/** The newest statistics of one hidden activation; `saturated` is NaN for unbounded activations. */
export interface ActivationStat {
  name: string;
  mean: number;
  std: number;
  dead: number;
  saturated: number;
}

export interface LayerTable {
  step: number;
  layers: LayerStat[];
  activations: ActivationStat[];
}

export interface DiagnosticsState {
  sharpness: Series<SharpnessRow>;
  gap: Series<GapRow>;
  ece: Series<EceRow>;
  /** Layer names of `updateRatio` rows. */
  ratioLayers: string[];
  updateRatio: Series<RatioRow>;
  layerTable: LayerTable | null;
  activationHeatmap: HeatmapHistory | null;
  gradientHeatmap: HeatmapHistory | null;
  reliability: Reliability | null;
  /** Newest last, at most MAX_EVENTS. */
  events: LabEvent[];
  /** Every event since the history started, including dropped ones. */
  eventCount: number;
}

export function emptyDiagnostics(): DiagnosticsState {
  return {
    sharpness: emptySeries(),
    gap: emptySeries(),
    ece: emptySeries(),
    ratioLayers: [],
    updateRatio: emptySeries(),
    layerTable: null,
    activationHeatmap: null,
    gradientHeatmap: null,
    reliability: null,
    events: [],
    eventCount: 0,
  };
}

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/**
 * Folds one batch. `d` must already be cleared when the batch starts a new history (another model:
 * `foldMetrics` checks steps and layer names), so layer columns always line up.
 */
export function foldDiagnostics(d: DiagnosticsState, b: MetricsBatch): DiagnosticsState {
  const n = b.steps.length;
  const L = b.layers.length;
  const sharpRows: SharpnessRow[] = [];
  const gapRows: GapRow[] = [];
  const eceRows: EceRow[] = [];
  const ratioRows: RatioRow[] = [];
  for (let i = 0; i < n; i++) {
    const step = b.steps[i]!;
    const s = b.sharpness[i];
    if (finite(s)) {
      const lr = b.lr[i];
      sharpRows.push({ step, sharpness: s, edge: finite(lr) && lr > 0 ? 2 / lr : null });
    }
    const lossVal = b.lossVal[i];
    const lossTrain = b.lossTrain[i];
    const bn = b.bnGap[i];
    if (finite(lossVal) && finite(lossTrain)) {
      gapRows.push({ step, gap: lossVal - lossTrain, bnGap: finite(bn) ? bn : null });
    }
    const e = b.ece[i];
    if (finite(e)) eceRows.push({ step, ece: e });
    let measured = false;
    const ratios = new Array<number | null>(L);
    for (let l = 0; l < L; l++) {
      const r = b.updateRatios[i * L + l];
      ratios[l] = finite(r) ? r : null;
      measured ||= ratios[l] !== null;
    }
    if (measured) ratioRows.push({ step, ratios });
  }
  const events = b.events.length > 0 ? appendEvents(d.events, b.events) : d.events;
  return {
    sharpness: appendRows(d.sharpness, sharpRows),
    gap: appendRows(d.gap, gapRows),
    ece: appendRows(d.ece, eceRows),
    // The same names keep the same array, so charts keyed on it do not rebuild their series.
    ratioLayers:
      ratioRows.length > 0 && !sameNames(d.ratioLayers, b.layers) ? b.layers : d.ratioLayers,
    updateRatio: appendRows(d.updateRatio, ratioRows),
    layerTable: n > 0 ? layerTableOf(b, n - 1) : d.layerTable,
    activationHeatmap: b.activationHists
      ? appendHeatmap(d.activationHeatmap, b.activationHists)
      : d.activationHeatmap,
    gradientHeatmap: b.gradientHists
      ? appendHeatmap(d.gradientHeatmap, b.gradientHists)
      : d.gradientHeatmap,
    reliability: b.reliability ?? d.reliability,
    events,
    eventCount: d.eventCount + b.events.length,
  };
}

function appendEvents(kept: readonly LabEvent[], incoming: readonly LabEvent[]): LabEvent[] {
  const all = kept.concat(incoming);
  return all.length > MAX_EVENTS ? all.slice(all.length - MAX_EVENTS) : all;
}

/** Row `i` of the batch as a table, values as measured (NaN included: divergence is information). */
function layerTableOf(b: MetricsBatch, i: number): LayerTable {
  const L = b.layers.length;
  const H = b.activations.length;
  const at = (a: Float32Array, k: number) => a[k] ?? NaN;
  return {
    step: b.steps[i]!,
    layers: b.layers.map((name, l) => ({
      name,
      gradNorm: at(b.gradNorms, i * L + l),
      weightNorm: at(b.weightNorms, i * L + l),
      updateRatio: at(b.updateRatios, i * L + l),
    })),
    activations: b.activations.map((name, h) => ({
      name,
      mean: at(b.actMean, i * H + h),
      std: at(b.actStd, i * H + h),
      dead: at(b.deadFraction, i * H + h),
      saturated: at(b.saturatedFraction, i * H + h),
    })),
  };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
