/**
 * One metric of a stored run as a step series: the per-step columns the run store keeps, plus a
 * few derived ones (total gradient norm, generalization gap). Pure: the Compare view, its seed
 * aggregation and its tests all read runs through here, so "what a metric is" is defined once.
 */
import type { StoredBatch } from './runStore';

export type MetricKey =
  | 'lossVal'
  | 'lossTrain'
  | 'accuracyVal'
  | 'accuracyTrain'
  | 'lossBatch'
  | 'gap'
  | 'lr'
  | 'gradNorm'
  | 'weightNorm'
  | 'sharpness'
  | 'ece'
  | 'bnGap'
  | 'clipThreshold';

export interface MetricDef {
  key: MetricKey;
  label: string;
  /**
   * Measured only on some records (sharpness every K steps, ECE when calibration is on…): NaN on
   * a record means "not measured" and the record is skipped. On a dense metric NaN is kept, since
   * there it means the run diverged, and hiding that would flatter the run.
   */
  sparse: boolean;
  /** The value on row `i` of a batch. */
  at(b: StoredBatch, i: number): number;
}

/** √(Σ over layers of row i²) of a rows × layers matrix: the norm of all layers taken together. */
function totalNorm(m: Float32Array, layers: number, i: number): number {
  if (layers === 0 || m.length < (i + 1) * layers) return NaN;
  let sum = 0;
  for (let l = 0; l < layers; l++) sum += m[i * layers + l]! ** 2;
  return Math.sqrt(sum);
}

const col =
  (k: 'lossVal' | 'lossTrain' | 'accuracyVal' | 'accuracyTrain' | 'lossBatch' | 'lr') =>
  (b: StoredBatch, i: number) =>
    b[k][i] ?? NaN;
const optionalCol =
  (k: 'sharpness' | 'ece' | 'bnGap' | 'clipThreshold') => (b: StoredBatch, i: number) =>
    b[k][i] ?? NaN;

/** In the order the metric menu lists them; validation loss first (the default). */
export const METRICS: readonly MetricDef[] = [
  { key: 'lossVal', label: 'validation loss', sparse: false, at: col('lossVal') },
  { key: 'lossTrain', label: 'train loss', sparse: false, at: col('lossTrain') },
  { key: 'accuracyVal', label: 'validation accuracy', sparse: false, at: col('accuracyVal') },
  { key: 'accuracyTrain', label: 'train accuracy', sparse: false, at: col('accuracyTrain') },
  { key: 'lossBatch', label: 'minibatch loss (with penalty)', sparse: false, at: col('lossBatch') },
  {
    key: 'gap',
    label: 'generalization gap (val. − train loss)',
    sparse: false,
    at: (b, i) => (b.lossVal[i] ?? NaN) - (b.lossTrain[i] ?? NaN),
  },
  { key: 'lr', label: 'learning rate', sparse: false, at: col('lr') },
  {
    key: 'gradNorm',
    label: 'total gradient norm',
    sparse: false,
    at: (b, i) => totalNorm(b.gradNorms, b.layers.length, i),
  },
  {
    // NaN when layer statistics are off, so it is sparse like the optional diagnostics.
    key: 'weightNorm',
    label: 'total weight norm',
    sparse: true,
    at: (b, i) => totalNorm(b.weightNorms, b.layers.length, i),
  },
  {
    key: 'sharpness',
    label: 'sharpness (top Hessian eigenvalue)',
    sparse: true,
    at: optionalCol('sharpness'),
  },
  { key: 'ece', label: 'calibration error (ECE)', sparse: true, at: optionalCol('ece') },
  { key: 'bnGap', label: 'BatchNorm train/eval gap', sparse: true, at: optionalCol('bnGap') },
  {
    key: 'clipThreshold',
    label: 'adaptive clip threshold',
    sparse: true,
    at: optionalCol('clipThreshold'),
  },
];

export const DEFAULT_METRIC: MetricKey = 'lossVal';

export function metricOf(key: string): MetricDef | undefined {
  return METRICS.find((m) => m.key === key);
}

/** A metric against step, steps increasing. Values may be NaN or ±∞ (a diverged run). */
export interface Series {
  steps: number[];
  values: number[];
}

export function seriesOf(batches: readonly StoredBatch[], metric: MetricDef): Series {
  const steps: number[] = [];
  const values: number[] = [];
  for (const b of batches) {
    for (let i = 0; i < b.steps.length; i++) {
      const v = metric.at(b, i);
      if (metric.sparse && Number.isNaN(v)) continue;
      steps.push(b.steps[i]!);
      values.push(v);
    }
  }
  return { steps, values };
}

/** Whether the series has at least one finite value (else the metric is not offered). */
export function hasValues(s: Series): boolean {
  return s.values.some(Number.isFinite);
}

/** The metrics at least one of the runs has a finite value for, in menu order. */
export function availableMetrics(runs: readonly (readonly StoredBatch[])[]): MetricDef[] {
  return METRICS.filter((m) => runs.some((batches) => hasValues(seriesOf(batches, m))));
}

/** The last recorded value (NaN for a run that diverged), or null for an empty series. */
export function finalOf(s: Series): number | null {
  return s.values.length > 0 ? s.values[s.values.length - 1]! : null;
}

/**
 * The series' value at `step`: its own value on a recorded step, else linear interpolation
 * between the neighbouring records, so runs recorded at different steps still line up. Null
 * outside the recorded range (nothing is extrapolated).
 */
export function valueAt(s: Series, step: number): number | null {
  const { steps, values } = s;
  const n = steps.length;
  if (n === 0 || step < steps[0]! || step > steps[n - 1]!) return null;
  let lo = 0;
  let hi = n - 1;
  // Smallest index whose step is ≥ `step`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! < step) lo = mid + 1;
    else hi = mid;
  }
  if (steps[lo] === step) return values[lo]!;
  const [s0, s1] = [steps[lo - 1]!, steps[lo]!];
  const [v0, v1] = [values[lo - 1]!, values[lo]!];
  return v0 + ((v1 - v0) * (step - s0)) / (s1 - s0);
}
