/**
 * `auto`: before each model is built, time it on every candidate backend and train on the fastest.
 * A rebuild of the same workload (new seed, reset, another optimizer) keeps the last decision, so
 * only a change of model, data or batch size pays for a new measurement.
 */
import type { ExperimentConfig } from '../config/schema';
import type { Dataset } from '../engine/datasets';
import { missingKernels } from '../engine/models';
import type { BackendInfo, BackendMeasurement, BackendName, BackendProbe } from '../protocol';
import { probeBackends, PROBE_LIMITS, type ProbeLimits, type SetBackend } from './probe';
import { decideBackend, PROBE_SEQUENCE, probeKey, workloadLabel } from './probeDecision';
import type { BackendChooser } from './session';

export interface MeasuredBackendOptions {
  /** Sets a backend for real (in the worker: adapter and context checks, then tf.setBackend). */
  setBackend: SetBackend;
  /** Receives the probe as it goes ('measuring' after each candidate) and the decision. */
  postInfo: (info: BackendInfo) => void;
  tfjsVersion: string;
  /** The WebGPU adapter's description once webgpu was set up, for the badge. */
  adapter?: () => string | null;
  /** What is timed, in order (see PROBE_SEQUENCE). */
  sequence?: readonly BackendName[];
  limits?: ProbeLimits;
  /**
   * True while other training shares the worker's one tfjs backend (a batch of runs): measuring
   * switches that backend under its feet, so a new workload keeps the current backend instead.
   */
  isBusy?: () => boolean;
}

export class MeasuredBackend implements BackendChooser {
  readonly fixed = null;
  /** Workload of the last decision; a build with the same key reuses it. */
  private decidedKey: string | null = null;
  /** The backend set by the last decision. */
  private decided: BackendName | null = null;

  constructor(private readonly options: MeasuredBackendOptions) {}

  async prepare(config: ExperimentConfig, data: Dataset): Promise<void> {
    const key = probeKey(config);
    if (key === this.decidedKey) return;
    if (this.options.isBusy?.()) return this.keepCurrent(config);
    // Forget the old decision first: if this probe fails, the next build must measure again (and
    // the backend set is whichever was timed last, not the old winner).
    this.decidedKey = null;
    this.decided = null;
    const { setBackend, sequence = PROBE_SEQUENCE, limits = PROBE_LIMITS } = this.options;
    const started = performance.now();
    const probe: BackendProbe = {
      phase: 'measuring',
      workload: workloadLabel(config),
      candidates: [],
      elapsedMs: 0,
    };
    const report = (backend: BackendName | null) => {
      probe.elapsedMs = performance.now() - started;
      this.post(backend, { ...probe, candidates: [...probe.candidates] });
    };
    report(null);
    const results = await probeBackends(config, data, {
      sequence,
      setBackend,
      limits,
      onMeasured(m) {
        // A second timing replaces the first in place: one row per backend.
        const i = probe.candidates.findIndex((c) => c.backend === m.backend);
        if (i >= 0) probe.candidates[i] = m;
        else probe.candidates.push(m);
        report(null);
      },
    });
    const winner = decideBackend(results);
    if (winner === null) throw new Error(`no backend could train this model: ${reasons(results)}`);
    const reason = await setBackend(winner);
    if (reason !== null)
      throw new Error(`the fastest backend (${winner}) could not be set again: ${reason}`);
    probe.phase = 'done';
    report(winner);
    this.decidedKey = key;
    this.decided = winner;
  }

  /**
   * Busy: the new model trains on the backend already set, if it can. The key is not recorded, so
   * the first build after the batch measures this workload for real.
   */
  private keepCurrent(config: ExperimentConfig): void {
    const current = this.decided;
    const missing = current ? missingKernels(config.model.arch, current) : [];
    if (current && missing.length === 0) return;
    const why = current
      ? `${current} cannot train ${config.model.arch} (missing ${missing.join(', ')})`
      : 'no backend was chosen yet';
    throw new Error(
      `model.arch: backends cannot be measured while a batch of runs trains, and ${why}: wait for the batch or cancel it`,
    );
  }

  private post(backend: BackendName | null, probe: BackendProbe): void {
    this.options.postInfo({
      backend,
      requested: 'auto',
      // Under auto nothing "falls back": every candidate's fate is in `probe`.
      fallbackReason: null,
      adapter: backend === 'webgpu' ? (this.options.adapter?.() ?? null) : null,
      tfjsVersion: this.options.tfjsVersion,
      probe,
    });
  }
}

function reasons(results: readonly BackendMeasurement[]): string {
  return results.map((r) => `${r.backend}: ${r.failure ?? 'no steps measured'}`).join('; ');
}
