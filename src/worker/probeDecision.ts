/**
 * The pure half of the automatic backend choice: which backends are timed, in what order, which
 * one wins, and when a new model needs a new measurement. No tfjs here, so Node tests it directly.
 */
import type { ExperimentConfig } from '../config/schema';
import type { BackendMeasurement, BackendName } from '../protocol';

/**
 * What is timed, in order. The backends without shaders go first, so the cheap answers are in
 * (and shown) before a GPU spends seconds compiling. wasm leads: only the first backend is timed
 * without a time limit, and on every model bigger than a toy wasm is the faster of the two (4× on
 * an MNIST MLP), so a slow cpu is cut short instead of holding the probe up. Each of the two comes
 * twice, alternating, because tfjs's JavaScript (all of the cpu kernels, and the engine every
 * backend shares) gets faster for seconds while the JIT optimizes it, so whichever goes first is
 * timed cold (measured here: a first timing 2–8× below a later one). Their second turns come
 * before any GPU work, which may still be compiling in the background after a GPU is cut short.
 */
export const PROBE_SEQUENCE: readonly BackendName[] = [
  'wasm',
  'cpu',
  'wasm',
  'cpu',
  'webgl',
  'webgpu',
];

/**
 * A second timing is only worth it for steps short enough that the JIT's warm-up can dominate
 * them: a cold first timing of the default MLP on cpu came out near 100 ms a step, a warm one near
 * 6 ms. Slower steps are the kernels' own (a CNN on cpu: seconds), one timing is representative,
 * and a second would only double the wait.
 */
export const RETIME_BELOW_STEP_MS = 200;

/** Whether a backend already timed as `first` is timed again when the sequence lists it again. */
export function isWorthRetiming(first: BackendMeasurement): boolean {
  return (
    first.failure === null &&
    first.stepsPerSec !== null &&
    1000 / first.stepsPerSec < RETIME_BELOW_STEP_MS
  );
}

/** The better of two timings of one backend: the faster, or the one that worked. */
export function betterMeasurement(
  a: BackendMeasurement,
  b: BackendMeasurement,
): BackendMeasurement {
  if (b.stepsPerSec === null || b.failure !== null) return a.failure === null ? a : b;
  if (a.stepsPerSec === null || a.failure !== null) return b;
  return b.stepsPerSec > a.stepsPerSec ? b : a;
}

/**
 * Rates within this fraction of the fastest are a tie: a probe of a few hundred milliseconds on a
 * shared machine is noisy by about this much, so a smaller lead decides nothing.
 */
export const TIE_MARGIN = 0.1;

/**
 * Among tied backends, the first of this list wins. cpu first: it gives the same numbers as the
 * headless CLI on cpu and never compiles shaders; the GPUs last, because their first step stalls on
 * compilation and their timings vary most on a shared device.
 */
export const TIE_ORDER: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

/** The measured backend to train on, or null when none could train. */
export function decideBackend(results: readonly BackendMeasurement[]): BackendName | null {
  const measured = results.filter(
    (r): r is BackendMeasurement & { stepsPerSec: number } =>
      r.failure === null &&
      r.stepsPerSec !== null &&
      Number.isFinite(r.stepsPerSec) &&
      r.stepsPerSec > 0,
  );
  if (measured.length === 0) return null;
  const best = Math.max(...measured.map((r) => r.stepsPerSec));
  const tied = measured
    .filter((r) => r.stepsPerSec >= best * (1 - TIE_MARGIN))
    .map((r) => r.backend);
  return TIE_ORDER.find((name) => tied.includes(name)) ?? tied[0]!;
}

/**
 * Once one backend trains, the rest of the probe may take this share of the run's expected length
 * on the best backend so far: a GPU whose shaders take longer to compile than the whole run would
 * take elsewhere cannot pay off, while a long run on a big model is worth a longer look.
 */
export const PROBE_SHARE_OF_RUN = 0.2;

/**
 * Time the next backend gets for warm-up and timing: what is left of the probe's share of the run
 * after `spentMs` (time already spent since the first backend trained), within `bounds` — a floor
 * so every backend gets a fair try, a cap so no single one holds the probe up. Null (no limit)
 * until a backend has trained: the lab must end up with one.
 */
export function candidateLimitMs(
  bestStepsPerSec: number | null,
  runSteps: number,
  spentMs: number,
  bounds: { minLimitMs: number; maxLimitMs: number },
): number | null {
  if (bestStepsPerSec === null) return null;
  const runMs = (1000 * runSteps) / bestStepsPerSec;
  const leftMs = PROBE_SHARE_OF_RUN * runMs - spentMs;
  return Math.min(bounds.maxLimitMs, Math.max(bounds.minLimitMs, leftMs));
}

/** Measured totals of a probe: plain (unrecorded) steps and recorded steps, timed apart. */
export interface StepTimes {
  plainMs: number;
  plainSteps: number;
  recordMs: number;
  records: number;
}

/**
 * Steps per second when every `recordEvery`-th step is recorded, as the session trains. A record
 * costs a readback and an evaluation, so how often it comes matters more than any one step.
 */
export function cadenceRate(t: StepTimes, recordEvery: number): number {
  const recordMs = t.recordMs / t.records;
  // Without a timed plain step, a recorded one is the (pessimistic) estimate for both.
  const plainMs = t.plainSteps > 0 ? t.plainMs / t.plainSteps : recordMs;
  const cycleMs = (recordEvery - 1) * plainMs + recordMs;
  return (1000 * recordEvery) / Math.max(cycleMs, 1e-6);
}

/** Model fields that change values, not the amount of work of a step. */
const VALUE_ONLY_MODEL_FIELDS = [
  'normMomentum',
  'normEpsilon',
  'renormRmax',
  'renormDmax',
  'init',
  'initStd',
  'zeroInitResidual',
] as const satisfies readonly (keyof ExperimentConfig['model'])[];

/**
 * What the speed of a step depends on: the data's shape and size, the model's structure and the
 * batch size. A rebuild whose key is unchanged (new seed, optimizer, learning rate, a reset) keeps
 * the last decision instead of spending seconds measuring the same workload again. Fields are
 * dropped by name, so a field added later re-measures by default (the safe direction).
 */
export function probeKey(config: ExperimentConfig): string {
  const dataset: Partial<ExperimentConfig['dataset']> = { ...config.dataset };
  delete dataset.noise;
  const model: Partial<ExperimentConfig['model']> = { ...config.model };
  for (const field of VALUE_ONLY_MODEL_FIELDS) delete model[field];
  return JSON.stringify([dataset, model, config.training.batchSize]);
}

/** The timed workload in words, for the UI ("mlp 4×16 · spiral · batch 32"). */
export function workloadLabel(config: ExperimentConfig): string {
  const m = config.model;
  const size = m.arch === 'cnn' ? `${m.depth}×${m.channels}ch` : `${m.depth}×${m.width}`;
  return `${m.arch} ${size} · ${config.dataset.name} · batch ${config.training.batchSize}`;
}
