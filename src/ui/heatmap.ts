/**
 * Histogram history for the step × bin heatmaps (TensorBoard's "distributions"). One column per
 * record, capped by `appendRows` (old columns are thinned when full, the newest is always kept).
 * Every column keeps its own lo/hi per layer: a layer's range moves during training, so drawing
 * places each column's bins on a common value axis instead of assuming a shared one.
 */
import type { HistogramSeries } from '../protocol';
import { appendRows, emptySeries, type Series } from './series';

/** Columns kept per heatmap: more than the canvas has pixels for in a typical panel. */
export const MAX_HEATMAP_COLUMNS = 300;

/** One record's histograms: `lo[l]`, `hi[l]`, and `counts[l·bins + b]` for every layer l. */
export interface HeatColumn {
  step: number;
  lo: Float32Array;
  hi: Float32Array;
  counts: Float32Array;
}

export interface HeatmapHistory {
  layers: string[];
  bins: number;
  quantity: HistogramSeries['quantity'];
  columns: Series<HeatColumn>;
}

/** Appends a batch's histogram rows (copied: the batch's buffers are not kept alive by the state). */
export function appendHeatmap(
  h: HeatmapHistory | null,
  s: HistogramSeries,
  max = MAX_HEATMAP_COLUMNS,
): HeatmapHistory {
  const L = s.layers.length;
  const B = s.bins;
  const isSameShape =
    h !== null &&
    h.bins === B &&
    h.quantity === s.quantity &&
    h.layers.length === L &&
    h.layers.every((x, i) => x === s.layers[i]);
  const incoming = Array.from(s.steps, (step, r) => ({
    step,
    lo: s.lo.slice(r * L, (r + 1) * L),
    hi: s.hi.slice(r * L, (r + 1) * L),
    counts: s.counts.slice(r * L * B, (r + 1) * L * B),
  }));
  const base = isSameShape ? h.columns : emptySeries<HeatColumn>();
  return {
    layers: s.layers,
    bins: B,
    quantity: s.quantity,
    columns: appendRows(base, incoming, max),
  };
}

/** One layer's columns, ready to draw: value range over all columns and the largest count. */
export interface LayerHeatmap {
  layer: string;
  bins: number;
  columns: { step: number; lo: number; hi: number; counts: Float32Array }[];
  /** Common value axis: min of the columns' lo, max of their hi (finite ones only). */
  vmin: number;
  vmax: number;
  maxCount: number;
}

export function layerHeatmap(h: HeatmapHistory, layerIndex: number): LayerHeatmap {
  const B = h.bins;
  let vmin = Infinity;
  let vmax = -Infinity;
  let maxCount = 0;
  const columns = h.columns.rows.map((c) => {
    const lo = c.lo[layerIndex] ?? NaN;
    const hi = c.hi[layerIndex] ?? NaN;
    const counts = c.counts.subarray(layerIndex * B, (layerIndex + 1) * B);
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      vmin = Math.min(vmin, lo);
      vmax = Math.max(vmax, hi);
      for (const n of counts) if (n > maxCount) maxCount = n;
    }
    return { step: c.step, lo, hi, counts };
  });
  if (!(vmax > vmin)) {
    // All columns empty or a single point mass: an axis of width 1 around it.
    const mid = Number.isFinite(vmin) ? vmin : 0;
    vmin = mid - 0.5;
    vmax = mid + 0.5;
  }
  return { layer: h.layers[layerIndex] ?? '', bins: B, columns, vmin, vmax, maxCount };
}

/** Value range [from, to] of bin b of a column with range lo..hi. */
export function binRange(lo: number, hi: number, bins: number, b: number): [number, number] {
  const w = (hi - lo) / bins;
  return [lo + b * w, lo + (b + 1) * w];
}

/** Colour intensity in [0, 1] of a count: log-scaled, so sparse tails stay visible. */
export function countShade(count: number, maxCount: number): number {
  if (!(count > 0) || !(maxCount > 0)) return 0;
  return Math.log1p(count) / Math.log1p(maxCount);
}

/** Step ranges of the columns on the time axis: each reaches to the next; the last gets the median width. */
export function columnSpans(steps: readonly number[]): [number, number][] {
  const n = steps.length;
  if (n === 0) return [];
  const widths = steps.slice(1).map((s, i) => s - steps[i]!);
  const sorted = widths.slice().sort((a, b) => a - b);
  const typical = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)]! : 1;
  return steps.map((s, i) => [s, i + 1 < n ? steps[i + 1]! : s + Math.max(1, typical)]);
}
