/**
 * UI state and the pure functions that fold worker messages into it. The reducer does a bounded
 * amount of work per message (chart series are capped by `appendRows`), so a fast worker cannot
 * make the main thread slow.
 */
import type { DataKind } from '../config/options';
import type { ExperimentConfig, FieldError } from '../config/schema';
import { assertNever } from '../protocol';
import type {
  BackendInfo,
  BoundaryGrid,
  FromWorker,
  HistogramBatch,
  MetricsBatch,
  PointsData,
  RunState,
  SampleImages,
  StatusMessage,
} from '../protocol';
import { emptyDiagnostics, foldDiagnostics, type DiagnosticsState } from './diagState';
import { appendRows, emptySeries, type Series } from './series';

/** One point of the loss chart; non-finite values become null (a gap) so the chart never breaks. */
export interface LossRow {
  step: number;
  lossTrain: number | null;
  lossVal: number | null;
  accuracyTrain: number | null;
  accuracyVal: number | null;
}

/** Gradient L2 norm of every layer at one step, in `GradHistory.layers` order. */
export interface GradRow {
  step: number;
  norms: (number | null)[];
}

/** The newest record exactly as measured (NaN stays NaN: divergence is information). */
export interface LatestRecord {
  step: number;
  lossTrain: number;
  lossVal: number;
  accuracyTrain: number;
  accuracyVal: number;
}

export type Points = PointsData;

/** What the current model learns from (from the worker's 'data' message). */
export interface DataInfo {
  kind: DataKind;
  numTrain: number;
  numVal: number;
  /** Sequence tasks: padded length T; 0 otherwise. */
  timeSteps: number;
}

/** A data file on its way: `fraction` in [0, 1]. */
export interface LoadProgress {
  what: string;
  fraction: number;
}

export type SamplePredictions = NonNullable<MetricsBatch['samplePredictions']>;
export type TimeGrads = NonNullable<MetricsBatch['timeGrads']>;

export type RunStatus = Omit<StatusMessage, 'type'>;

export interface LabError {
  message: string;
  fields: FieldError[];
}

export interface LabState {
  backend: BackendInfo | null;
  status: RunStatus;
  /** The config the worker runs (confirmed by 'configApplied'), or the one sent with 'init'. */
  config: ExperimentConfig;
  /** Bumped on every confirmed config (the form restarts its draft when `config` changes). */
  configVersion: number;
  /** A short line about the last config change, e.g. that the model was rebuilt. */
  notice: string | null;
  /** An 'updateConfig' was sent and not yet answered. */
  applying: boolean;
  /** Null until the first model is built. */
  data: DataInfo | null;
  /** Point sets only. */
  points: Points | null;
  /** Image sets only: the fixed validation images the sample grid shows. */
  samples: SampleImages | null;
  /** Set while a data file downloads; null otherwise. */
  loading: LoadProgress | null;
  loss: Series<LossRow>;
  firstLossTrain: number | null;
  latest: LatestRecord | null;
  gradLayers: string[];
  grad: Series<GradRow>;
  histograms: HistogramBatch | null;
  boundary: BoundaryGrid | null;
  samplePredictions: SamplePredictions | null;
  timeGrads: TimeGrads | null;
  /** Training-health signals: sharpness, gap, calibration, layer statistics, heatmaps, events. */
  diagnostics: DiagnosticsState;
  error: LabError | null;
}

export type LabAction =
  | { type: 'received'; messages: readonly FromWorker[] }
  /** The user asked for a reset: drop the charts now rather than after the worker answers. */
  | { type: 'historyCleared' }
  | { type: 'configSent'; config: ExperimentConfig }
  /** The worker could not be created or crashed outside the protocol. */
  | { type: 'workerFailed'; message: string }
  | { type: 'errorDismissed' };

export function initialLabState(config: ExperimentConfig): LabState {
  return {
    backend: null,
    status: { state: 'starting', step: 0, totalSteps: config.training.steps, stepsPerSec: 0 },
    config,
    configVersion: 0,
    notice: null,
    applying: false,
    data: null,
    points: null,
    samples: null,
    loading: null,
    ...emptyHistory(),
    error: null,
  };
}

export function labReducer(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'received':
      return action.messages.reduce(foldMessage, state);
    case 'historyCleared':
      return clearHistory(state);
    case 'configSent':
      return { ...state, applying: true, notice: 'Applying…' };
    case 'workerFailed':
      return {
        ...state,
        status: { ...state.status, state: 'error', stepsPerSec: 0 },
        error: { message: action.message, fields: [] },
      };
    case 'errorDismissed':
      return { ...state, error: null };
    default:
      return assertNever(action);
  }
}

export function foldMessage(state: LabState, msg: FromWorker): LabState {
  switch (msg.type) {
    case 'backend':
      return { ...state, backend: msg.info };
    case 'status': {
      const status: RunStatus = {
        state: msg.state,
        step: msg.step,
        totalSteps: msg.totalSteps,
        stepsPerSec: msg.stepsPerSec,
      };
      // No record can exist at step 0: whatever the charts hold belongs to an earlier model.
      const base = status.step === 0 && state.latest ? clearHistory(state) : state;
      // Progress belongs to the 'loading' state only: done, failed or cancelled, the bar goes.
      const loading = status.state === 'loading' ? base.loading : null;
      return { ...base, status, loading };
    }
    case 'loading':
      return { ...state, loading: { what: msg.what, fraction: clamp01(msg.fraction) } };
    case 'metrics':
      return foldMetrics(state, msg.batch);
    case 'data':
      // Sent once per model build, so earlier history describes another model.
      return {
        ...clearHistory(state),
        data: {
          kind: msg.kind,
          numTrain: msg.numTrain,
          numVal: msg.numVal,
          timeSteps: msg.timeSteps,
        },
        points: msg.points,
        samples: msg.samples,
        loading: null,
      };
    case 'configApplied': {
      const base = msg.rebuilt ? clearHistory(state) : state;
      return {
        ...base,
        config: msg.config,
        configVersion: state.configVersion + 1,
        applying: false,
        notice: msg.rebuilt ? 'Applied: model rebuilt, history restarted.' : 'Applied live.',
      };
    }
    case 'error':
      // A rejected config is answered with an error, not 'configApplied'.
      return {
        ...state,
        applying: false,
        notice: state.applying ? 'Not applied.' : state.notice,
        error: { message: msg.message, fields: msg.fields },
      };
    case 'batch':
      // Batches have their own view state (useBatch); the interactive run is unaffected.
      return state;
    default:
      return assertNever(msg);
  }
}

/** Charts and the newest snapshots go; the data, backend and config stay. */
export function clearHistory(state: LabState): LabState {
  return { ...state, ...emptyHistory() };
}

/** The run's history fields, empty: shared by the initial state and a cleared one. */
function emptyHistory() {
  return {
    loss: emptySeries(),
    firstLossTrain: null,
    latest: null,
    gradLayers: [],
    grad: emptySeries(),
    histograms: null,
    boundary: null,
    samplePredictions: null,
    timeGrads: null,
    diagnostics: emptyDiagnostics(),
  } satisfies Partial<LabState>;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

const finiteOrNull = (x: number | undefined): number | null =>
  x !== undefined && Number.isFinite(x) ? x : null;

export function foldMetrics(state: LabState, b: MetricsBatch): LabState {
  const n = b.steps.length;
  let base = state;
  const restarted =
    n > 0 &&
    state.latest !== null &&
    (b.steps[0]! <= state.latest.step || !sameNames(b.layers, state.gradLayers));
  if (restarted) base = clearHistory(state);

  const lossRows: LossRow[] = [];
  const gradRows: GradRow[] = [];
  const L = b.layers.length;
  for (let i = 0; i < n; i++) {
    const step = b.steps[i]!;
    lossRows.push({
      step,
      lossTrain: finiteOrNull(b.lossTrain[i]),
      lossVal: finiteOrNull(b.lossVal[i]),
      accuracyTrain: finiteOrNull(b.accuracyTrain[i]),
      accuracyVal: finiteOrNull(b.accuracyVal[i]),
    });
    const norms: (number | null)[] = new Array<number | null>(L);
    for (let l = 0; l < L; l++) norms[l] = finiteOrNull(b.gradNorms[i * L + l]);
    gradRows.push({ step, norms });
  }
  const last = n - 1;
  return {
    ...base,
    loss: appendRows(base.loss, lossRows),
    grad: appendRows(base.grad, gradRows),
    // The same names keep the same array, so the chart's per-layer series keep their identity.
    gradLayers: n > 0 && !sameNames(b.layers, base.gradLayers) ? b.layers : base.gradLayers,
    firstLossTrain: base.firstLossTrain ?? (n > 0 ? b.lossTrain[0]! : null),
    latest:
      n > 0
        ? {
            step: b.steps[last]!,
            lossTrain: b.lossTrain[last]!,
            lossVal: b.lossVal[last]!,
            accuracyTrain: b.accuracyTrain[last]!,
            accuracyVal: b.accuracyVal[last]!,
          }
        : base.latest,
    histograms: b.histograms ?? base.histograms,
    boundary: b.boundary ?? base.boundary,
    samplePredictions: b.samplePredictions ?? base.samplePredictions,
    timeGrads: b.timeGrads ?? base.timeGrads,
    diagnostics: foldDiagnostics(base.diagnostics, b),
  };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** States in which the Train button starts or continues training (after an end, a fresh run). */
export function canTrain(state: RunState): boolean {
  return state === 'ready' || state === 'paused' || state === 'finished' || state === 'diverged';
}

/** States in which a single step makes sense (while running it also pauses, per the protocol). */
export function canStep(state: RunState): boolean {
  return state === 'ready' || state === 'paused' || state === 'running';
}
