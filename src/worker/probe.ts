/**
 * The measuring half of the automatic backend choice: builds the real Trainer for the model about
 * to run, on its real data, on each candidate backend in turn, and times completed steps. Knows
 * nothing of the browser (backends are switched through `setBackend`), so Node tests it on cpu and
 * wasm for real.
 */
import type { ExperimentConfig } from '../config/schema';
import type { Dataset } from '../engine/datasets';
import { trainableOf } from '../engine/model';
import { missingKernels } from '../engine/models';
import { Trainer } from '../engine/trainer';
import type { BackendMeasurement, BackendName } from '../protocol';
import {
  betterMeasurement,
  cadenceRate,
  candidateLimitMs,
  isWorthRetiming,
  type StepTimes,
} from './probeDecision';

export interface ProbeLimits {
  /** Timing stops after the round that crosses this (a round may overrun it up to 2×). */
  budgetMs: number;
  /** Timing stops after this many steps, however fast they are. */
  maxSteps: number;
  /**
   * Warm-up runs at least this long: the JIT compiles tfjs's JavaScript (the cpu kernels, and the
   * engine every backend shares) over the first hundreds of milliseconds, which would otherwise
   * make whichever backend is timed first look several times slower than it is.
   */
  warmupMs: number;
  /**
   * Bounds of the wall time a backend gets for warm-up and timing together, once another backend
   * has trained (see `candidateLimitMs`: what is left of a share of the run's expected length).
   * A backend that has not finished one timed round by then is skipped: on a software GPU, shader
   * compilation alone takes 2–12 s, which a short run would never win back.
   */
  minLimitMs: number;
  maxLimitMs: number;
}

/**
 * A few hundred milliseconds of timing per backend: tens to hundreds of steps of the lab's small
 * models. A GPU gets between half a second (a run of seconds cannot repay more) and three (a long
 * run on a big model can).
 */
export const PROBE_LIMITS: ProbeLimits = {
  warmupMs: 150,
  budgetMs: 200,
  maxSteps: 300,
  minLimitMs: 500,
  maxLimitMs: 3000,
};

export interface StepSpeed {
  /** At the config's record cadence: recordEvery − 1 plain steps, then one recorded step. */
  stepsPerSec: number;
  /** Steps timed (plain and recorded). */
  steps: number;
  warmupMs: number;
}

/** Why a backend was not timed: it ran out of time (not an error of the model). */
export class ProbeTimeout extends Error {}

/** Per-step times, committed a whole round at a time so a cut-off round never half-counts. */
interface Timing extends StepTimes {
  warmupMs: number | null;
}

/**
 * Steps per second of `config` on the backend set right now. Plain steps and recorded steps are
 * timed apart and combined at the config's record cadence, so the estimate does not depend on how
 * many steps fit in the budget. Every round ends in an awaited readback, so work a GPU has only
 * queued is counted; rounds double in length (1, 2, 4… plain steps) so fast backends sync rarely.
 * With `limitMs`, a backend still busy at the deadline is left to finish its step in the
 * background and dispose itself, and this resolves with what the completed rounds measured.
 */
export async function measureSteps(
  config: ExperimentConfig,
  data: Dataset,
  limits: ProbeLimits = PROBE_LIMITS,
  /** Null: no time limit. */
  limitMs: number | null = null,
): Promise<StepSpeed> {
  // Sharpness is measured once per many steps and costs gradient evaluations, like steps do on
  // every backend; left in, it would land only in the windows of the fast backends.
  const probeConfig: ExperimentConfig = {
    ...config,
    diagnostics: { ...config.diagnostics, sharpnessEvery: 0 },
  };
  const trainer = new Trainer(probeConfig, data);
  const deadline = limitMs === null ? Infinity : performance.now() + limitMs;
  const timing: Timing = { warmupMs: null, plainMs: 0, plainSteps: 0, recordMs: 0, records: 0 };
  const stop = { requested: false };
  const work = timeRounds(trainer, limits, deadline, timing, stop).finally(() => trainer.dispose());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    if (Number.isFinite(deadline))
      timer = setTimeout(() => resolve('expired'), deadline - performance.now());
  });
  try {
    if ((await Promise.race([work, expired])) === 'expired') {
      stop.requested = true;
      // Its in-flight step still completes (a GPU cannot be interrupted); only its end is ignored.
      work.catch(() => {});
    }
  } finally {
    clearTimeout(timer);
  }
  const seconds = Number(((limitMs ?? 0) / 1000).toFixed(1));
  if (timing.warmupMs === null)
    throw new ProbeTimeout(
      `did not finish warming up within ${seconds} s (the first steps compile shaders)`,
    );
  if (timing.records === 0) throw new ProbeTimeout(`no timed step finished within ${seconds} s`);
  return {
    stepsPerSec: cadenceRate(timing, config.training.recordEvery),
    steps: timing.plainSteps + timing.records,
    warmupMs: timing.warmupMs,
  };
}

class Stopped extends Error {}

async function timeRounds(
  trainer: Trainer,
  limits: ProbeLimits,
  deadline: number,
  timing: Timing,
  stop: { requested: boolean },
): Promise<void> {
  const check = () => {
    if (stop.requested) throw new Stopped();
  };
  // Warm-up: plain and recorded steps, so both paths have compiled (shaders, JIT) before timing.
  const warmStart = performance.now();
  do {
    await plainSteps(trainer, 1, check);
    await recordedStep(trainer, check);
  } while (performance.now() - warmStart < limits.warmupMs && performance.now() < deadline);
  timing.warmupMs = performance.now() - warmStart;
  const start = performance.now();
  for (let n = 1; ; n *= 2) {
    const now = performance.now();
    const steps = timing.plainSteps + timing.records;
    if (now >= deadline) return;
    // At least one round, whatever the budget: a rate needs a timed recorded step.
    if (timing.records > 0 && (steps >= limits.maxSteps || now - start >= limits.budgetMs)) return;
    const plain = Math.max(0, Math.min(n, limits.maxSteps - steps - 1));
    const t0 = performance.now();
    await plainSteps(trainer, plain, check);
    const t1 = performance.now();
    await recordedStep(trainer, check);
    const t2 = performance.now();
    Object.assign(timing, {
      plainMs: timing.plainMs + (t1 - t0),
      plainSteps: timing.plainSteps + plain,
      recordMs: timing.recordMs + (t2 - t1),
      records: timing.records + 1,
    });
  }
}

/** `n` unrecorded steps, then a readback that waits until the device has run them all. */
async function plainSteps(trainer: Trainer, n: number, check: () => void): Promise<void> {
  if (n === 0) return;
  for (let i = 0; i < n; i++) {
    check();
    trainer.trainStep(null);
  }
  // Reading a weight the last update wrote waits for every queued step (devices run in order).
  await trainableOf(trainer.parameters.groups.at(-1)!)[0]!.data();
}

/** One recorded step as the session records it (diagnostics and all), read back. */
async function recordedStep(trainer: Trainer, check: () => void): Promise<void> {
  check();
  const pending = trainer.trainStep({ boundary: false });
  if (pending) await trainer.readRecord(pending);
}

/** Sets a backend; resolves to null when it is ready, else to the reason it is not. */
export type SetBackend = (name: BackendName) => Promise<string | null>;

export interface ProbeOptions {
  /**
   * Timed in this order. A backend listed again is timed again when that is worth it (it trained,
   * with short steps: see isWorthRetiming) and keeps its better timing.
   */
  sequence: readonly BackendName[];
  setBackend: SetBackend;
  /** The best result so far of one backend, after each timing (for progress in the UI). */
  onMeasured?: (m: BackendMeasurement) => void;
  limits?: ProbeLimits;
}

/**
 * Times `config` on each backend of the sequence. A backend that lacks a kernel the model trains
 * with, cannot be set, runs out of time or fails while training is reported with its reason and
 * skipped. Resolves to one result per backend, in order of first appearance. The backend left set
 * is whichever was timed last: the caller sets the winner.
 */
export async function probeBackends(
  config: ExperimentConfig,
  data: Dataset,
  options: ProbeOptions,
): Promise<BackendMeasurement[]> {
  const { sequence, setBackend, onMeasured = () => {}, limits = PROBE_LIMITS } = options;
  const best = new Map<BackendName, BackendMeasurement>();
  /** When the first backend finished training; the probe's share of the run counts from there. */
  let firstTrainedAt: number | null = null;
  for (const backend of sequence) {
    const previous = best.get(backend);
    if (previous && !isWorthRetiming(previous)) continue;
    const rates = [...best.values()].flatMap((r) =>
      r.failure === null && r.stepsPerSec !== null ? [r.stepsPerSec] : [],
    );
    const bestRate = rates.length > 0 ? Math.max(...rates) : null;
    const spentMs = firstTrainedAt === null ? 0 : performance.now() - firstTrainedAt;
    const limitMs = candidateLimitMs(bestRate, config.training.steps, spentMs, limits);
    const m = await measureOne(config, data, backend, setBackend, limits, limitMs);
    if (firstTrainedAt === null && m.failure === null) firstTrainedAt = performance.now();
    const kept = previous ? betterMeasurement(previous, m) : m;
    best.set(backend, kept);
    onMeasured(kept);
  }
  return [...best.values()];
}

async function measureOne(
  config: ExperimentConfig,
  data: Dataset,
  backend: BackendName,
  setBackend: SetBackend,
  limits: ProbeLimits,
  limitMs: number | null,
): Promise<BackendMeasurement> {
  const failed = (failure: string): BackendMeasurement => ({
    backend,
    stepsPerSec: null,
    steps: 0,
    warmupMs: null,
    failure,
  });
  // Checked before set-up: no point starting a GPU to learn that a gradient kernel is missing.
  const missing = missingKernels(config.model.arch, backend);
  if (missing.length > 0)
    return failed(`cannot train ${config.model.arch} (missing ${missing.join(', ')})`);
  const reason = await setBackend(backend);
  if (reason !== null) return failed(reason);
  try {
    const r = await measureSteps(config, data, limits, limitMs);
    return { backend, ...r, failure: null };
  } catch (err) {
    if (err instanceof ProbeTimeout) return failed(err.message);
    return failed(`failed while training: ${err instanceof Error ? err.message : String(err)}`);
  }
}
