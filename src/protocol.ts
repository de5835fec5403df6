/**
 * Typed messages between the UI (main thread) and the lab worker. Both sides switch exhaustively
 * on `type`, so adding a message is a compile error until every side handles it.
 * Bulky numbers travel as typed arrays in column form and are transferred, not copied.
 */
import type { ExperimentConfig, FieldError } from './config/schema';

export type BackendName = 'webgpu' | 'webgl' | 'cpu' | 'wasm';
/** `auto` tries webgpu, then webgl, then cpu. */
export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'cpu'];

export type ToWorker =
  | { type: 'init'; config: ExperimentConfig; backend: BackendPreference }
  /** Begin training (or continue from the current step). */
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** One optimizer step, recorded, then paused. */
  | { type: 'step' }
  /** Fresh weights and optimizer state from the current config's seed; step 0. */
  | { type: 'reset' }
  /** Live-changeable fields apply in place; anything else rebuilds the model (and says so). */
  | { type: 'updateConfig'; config: ExperimentConfig };

export type RunState = 'starting' | 'ready' | 'running' | 'paused' | 'finished' | 'diverged' | 'error';

export interface BackendInfo {
  backend: BackendName;
  requested: BackendPreference;
  /** Why the preferred backend was not used, in words; null when nothing fell back. */
  fallbackReason: string | null;
  /** GPU adapter description (e.g. "google/swiftshader (fallback adapter)"), when known. */
  adapter: string | null;
  tfjsVersion: string;
}

/** Activation histograms of every hidden layer at one step, flattened row-major (layer × bin). */
export interface HistogramBatch {
  step: number;
  layers: string[];
  bins: number;
  lo: Float32Array;
  hi: Float32Array;
  counts: Float32Array;
}

/** Class-1 probability on a `resolution`² grid over [extent] × [extent], row-major from top-left. */
export interface BoundaryGrid {
  step: number;
  resolution: number;
  extent: [number, number];
  probs: Float32Array;
}

/** Several history records in column form: row i of every array belongs to `steps[i]`. */
export interface MetricsBatch {
  /** Layer names, the columns of `gradNorms`. */
  layers: string[];
  steps: Float64Array;
  lossTrain: Float32Array;
  accuracyTrain: Float32Array;
  lossVal: Float32Array;
  accuracyVal: Float32Array;
  /** rows × layers, row-major. */
  gradNorms: Float32Array;
  /** Histograms of the newest record in the batch only: the UI shows the current distribution. */
  histograms: HistogramBatch | null;
  boundary: BoundaryGrid | null;
}

export interface StatusMessage {
  type: 'status';
  state: RunState;
  step: number;
  totalSteps: number;
  /** Optimizer steps per second over the last emission interval (0 when idle). */
  stepsPerSec: number;
}

export type FromWorker =
  | { type: 'backend'; info: BackendInfo }
  | StatusMessage
  | { type: 'metrics'; batch: MetricsBatch }
  /** The points being learned, sent once per model build. */
  | { type: 'data'; xTrain: Float32Array; yTrain: Int32Array; xVal: Float32Array; yVal: Int32Array }
  /** `rebuilt` is true when the change needed new weights (history restarts). */
  | { type: 'configApplied'; config: ExperimentConfig; rebuilt: boolean }
  | { type: 'error'; message: string; fields: FieldError[] };

/** Exhaustiveness guard for switches over message unions. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}

/** Every transferable buffer inside a worker message, so `postMessage` moves rather than copies. */
export function transferablesOf(msg: FromWorker): Transferable[] {
  switch (msg.type) {
    case 'metrics': {
      const b = msg.batch;
      const arrays = [b.steps, b.lossTrain, b.accuracyTrain, b.lossVal, b.accuracyVal, b.gradNorms];
      if (b.histograms) arrays.push(b.histograms.lo, b.histograms.hi, b.histograms.counts);
      if (b.boundary) arrays.push(b.boundary.probs);
      return arrays.map((a) => a.buffer as ArrayBuffer);
    }
    case 'data':
      return [msg.xTrain.buffer, msg.yTrain.buffer, msg.xVal.buffer, msg.yVal.buffer] as ArrayBuffer[];
    case 'backend':
    case 'status':
    case 'configApplied':
    case 'error':
      return [];
    default:
      return assertNever(msg);
  }
}
