/**
 * What each section measures, as plain data: the bench page returns it through Playwright, the
 * Node side fills the rest, and the table writer and budgets read only this.
 */
import type { MemorySample, StepCost } from './labLoop';
import type { WindowPlan } from './stats';
import type { WorkloadId } from './workloads';

/** The three variants of a speed cell, by the names used in the interleaved rounds. */
export const LAB = 'lab (default diagnostics)';
export const LAB_OFF = 'lab (diagnostics off)';
export const FIT = 'model.fit';

export type BrowserBackend = 'webgpu' | 'webgl' | 'cpu';
export const BROWSER_BACKENDS: readonly BrowserBackend[] = ['webgpu', 'webgl', 'cpu'];

/** A cell either holds numbers or says why it has none. */
export type Outcome<T> = ({ status: 'ok' } & T) | { status: 'unavailable' | 'error' | 'skipped'; reason: string };

/** (a) and (b): lab vs model.fit, and default diagnostics vs off, on one backend and model. */
export type SpeedCell = { backend: string; workload: WorkloadId } & Outcome<{
  plan: WindowPlan;
  /** Steps/s per round, keyed by LAB, LAB_OFF, FIT. */
  rates: Record<string, number[]>;
  warmupS: Record<string, number>;
  /** Median ms per step kind of the two lab variants (keyed by LAB, LAB_OFF). */
  stepCost: Record<string, StepCost>;
  /** Median ms between batch ends inside model.fit. */
  fitStepMs: number;
}>;

/** (d): memory of the lab loop at two steps. */
export type MemoryCell = { backend: string; workload: WorkloadId } & Outcome<{ samples: MemorySample[] }>;

export interface BackendRun {
  backend: BrowserBackend;
  /** Set when the backend could not start (the rest is then empty). */
  unavailable: string | null;
  adapter: string | null;
  speed: SpeedCell[];
  memory: MemoryCell[];
}

/** (c) and the start-up half of (e): the real app in the browser. */
export interface AppHealth {
  backend: string;
  url: string;
  /** Navigation start → run state "ready" (backend chosen, model built). */
  loadToReadyMs: number;
  /** Pressing Train → the step counter shows the first recorded step. */
  trainToFirstMetricMs: number;
  loadToFirstMetricMs: number;
  windowS: number;
  longestTaskMs: number;
  longTasks: number;
  fps: number;
  /** Longest gap between two animation frames in the window. */
  worstFrameMs: number;
  /** Steps/s of the real worker Session over the window (from the step counter). */
  appStepsPerSec: number;
}

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The size half of (e). */
export interface JsSizes {
  mainThread: FileSize[];
  worker: FileSize[];
}

/** (f): CLI loop steps/s per round, keyed by backend. */
export type NodeCell = { workload: WorkloadId } & Outcome<{ rates: Record<string, number[]>; plan: WindowPlan }>;

/** Each diagnostic alone over "all off" (Node): where the diagnostics' cost comes from. */
export type PartsCell = { workload: WorkloadId; backend: string } & Outcome<{ rates: Record<string, number[]>; plan: WindowPlan }>;

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  chromium: string | null;
  /** The WebGPU adapter the bench page got, or why there was none. */
  adapter: string | null;
  tfjs: string;
  /** 1-minute load average when the bench started: how busy the shared machine was. */
  loadAverage: number;
}

export interface BenchResults {
  date: string;
  command: string;
  durationS: number;
  machine: Machine;
  browser: BackendRun[];
  app: Outcome<{ health: AppHealth }> | null;
  sizes: JsSizes | null;
  node: NodeCell[];
  parts: PartsCell[];
}
