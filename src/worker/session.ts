/**
 * One training session in the worker: owns the Trainer, runs it in short chunks so control
 * messages (pause, step) get through, and emits metrics a few times per second.
 */
import { needsRebuild } from '../config/live';
import type { ExperimentConfig } from '../config/schema';
import { DATASET_INFO } from '../config/options';
import type { Dataset } from '../engine/datasets';
import { loadDataset, type FileSource } from '../engine/loadData';
import { missingKernels } from '../engine/models';
import { isRecordStep } from '../engine/run';
import { RecordInFlight } from '../engine/recordInFlight';
import { canDeferRecords, Supervisor } from '../engine/supervisor';
import { Trainer, type StepRecord } from '../engine/trainer';
import type { LabEvent } from '../events';
import type { DataMessage, FromWorker, RunState } from '../protocol';
import { packRecords } from './pack';

/** How often metrics are posted to the UI. */
export const EMIT_INTERVAL_MS = 250;
/** Longest stretch of training before the worker yields to its message queue. */
export const CHUNK_MS = 40;
/** The decision boundary is recomputed at most this often (it costs a forward over the grid). */
const BOUNDARY_INTERVAL_MS = 500;

type Post = (msg: FromWorker) => void;

/**
 * Where the session's tfjs backend comes from. A backend named by the user is set once, before any
 * model; `auto` times each new workload on its real data, so it acts on every build.
 */
export interface BackendChooser {
  /** The backend every model uses, when fixed in advance (checked before data loads); else null. */
  readonly fixed: string | null;
  /** Sets the backend a model of `config` on `data` trains on (auto: measures when needed). */
  prepare(config: ExperimentConfig, data: Dataset): Promise<void>;
}

/** Lets the worker's message queue run (a pause or cancel gets through). */
export const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Session {
  private trainer: Trainer | null = null;
  private supervisor: Supervisor | null = null;
  /** Alerts and controller actions since the last emission. */
  private events: LabEvent[] = [];
  private state: RunState = 'starting';
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private pending: StepRecord[] = [];
  /** The record whose readback is still on its way while training goes on. */
  private readonly records = new RecordInFlight((rec) => this.accept(rec));
  private lastEmitAt = 0;
  private lastBoundaryAt = 0;
  private stepsAtLastEmit = 0;

  constructor(
    private config: ExperimentConfig,
    private readonly post: Post,
    /** Where shipped data files come from (fetch in the browser); null where there are none. */
    private readonly files: FileSource | null = null,
    /** Sets the backend before each build; null where the caller set one up front (tests, CLI). */
    private readonly backend: BackendChooser | null = null,
  ) {}

  /** Fresh weights and data from the current config (image sets are fetched, with progress). */
  async rebuild(): Promise<void> {
    this.supervisor?.dispose();
    this.supervisor = null;
    this.trainer?.dispose();
    this.trainer = null;
    this.pending = [];
    this.events = [];
    this.records.clear();
    this.lastBoundaryAt = 0;
    // A fixed backend refuses a model it cannot train before any download; auto skips such backends.
    const fixed = this.backend?.fixed ?? null;
    const missing = fixed ? missingKernels(this.config.model.arch, fixed) : [];
    if (missing.length > 0) {
      throw new Error(
        `model.arch: "${this.config.model.arch}" cannot train on ${fixed} (missing ${missing.join(', ')})`,
      );
    }
    const what = DATASET_INFO[this.config.dataset.name].label;
    this.setState('loading');
    try {
      const data = await loadDataset(this.config, this.files, (fraction) =>
        this.post({ type: 'loading', what, fraction }),
      );
      await this.backend?.prepare(this.config, data);
      this.trainer = new Trainer(this.config, data);
      this.supervisor = new Supervisor(this.trainer, this.config);
      this.post(dataMessage(data, this.trainer.sampleCount, this.trainer.timeSteps));
    } catch (err) {
      this.setState('error');
      throw err;
    }
    this.setState('ready');
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.state === 'finished' || this.state === 'diverged') await this.rebuild();
    if (!this.trainer) return;
    this.running = true;
    this.setState('running');
    this.loopDone = this.loop().catch((err: unknown) => {
      // The loop runs outside the message queue, so its failures are reported here.
      this.running = false;
      this.setState('error');
      this.post({
        type: 'error',
        message: err instanceof Error ? err.message : String(err),
        fields: [],
      });
    });
  }

  async pause(): Promise<void> {
    this.running = false;
    await this.loopDone;
    if (this.state === 'running') this.setState('paused');
  }

  /** One recorded step, then paused. */
  async stepOnce(): Promise<void> {
    await this.pause();
    if (this.state === 'finished' || this.state === 'diverged') return;
    await this.trainOne(true);
    this.emit();
    if (this.state === 'ready' || this.state === 'running') this.setState('paused');
  }

  async reset(): Promise<void> {
    await this.pause();
    await this.rebuild();
  }

  async updateConfig(next: ExperimentConfig): Promise<void> {
    const rebuild = needsRebuild(this.config, next);
    if (rebuild) await this.pause();
    this.config = next;
    if (rebuild) await this.rebuild();
    else {
      // A controller switched on must see every record before the next step.
      await this.records.settle();
      this.trainer?.setLiveConfig(next);
      this.supervisor?.setConfig(next);
    }
    this.post({ type: 'configApplied', config: next, rebuilt: rebuild });
    this.sendStatus(0);
  }

  private async loop(): Promise<void> {
    this.lastEmitAt = performance.now();
    this.stepsAtLastEmit = this.trainer?.step ?? 0;
    while (this.running) {
      const chunkStart = performance.now();
      while (this.running && performance.now() - chunkStart < CHUNK_MS) {
        if (!(await this.trainOne(false))) {
          this.running = false;
          break;
        }
      }
      if (!this.running) break;
      if (performance.now() - this.lastEmitAt >= EMIT_INTERVAL_MS) this.emit();
      await yieldToMessages();
    }
    // Paused (possibly while yielding), finished or diverged: the record in flight and every record
    // not yet posted go out now, so a paused lab shows its latest record.
    await this.records.settle();
    this.emit();
  }

  /** Trains one step; false when the run has ended (finished or diverged). */
  private async trainOne(forceRecord: boolean): Promise<boolean> {
    const t = this.trainer;
    if (!t) return false;
    if (t.step >= this.config.training.steps) {
      if (await this.records.settle()) this.setState('finished');
      return false;
    }
    const now = performance.now();
    const record = forceRecord || isRecordStep(t.step + 1, this.config);
    // The previous record is handled before the next is taken: its verdict (divergence) arrives
    // at a fixed step whatever the readback's timing, so a run is the same on every machine.
    if (record && !(await this.records.settle())) return false;
    const isLast = t.step + 1 >= this.config.training.steps;
    // The last step always carries a boundary, so a finished run shows its final decision surface.
    const boundary =
      record && (forceRecord || isLast || now - this.lastBoundaryAt >= BOUNDARY_INTERVAL_MS);
    const pending = t.trainStep(record ? { boundary } : null);
    if (!pending) return true;
    if (boundary) this.lastBoundaryAt = now;
    const defer = !forceRecord && canDeferRecords(this.config);
    if (!(await this.records.take(t.readRecord(pending), defer))) return false;
    if (t.step >= this.config.training.steps) {
      if (await this.records.settle()) this.setState('finished');
      return false;
    }
    return true;
  }

  /** Hands a record to the UI batch and the supervisor; false when the run diverged. */
  private accept(rec: StepRecord): boolean {
    this.pending.push(rec);
    const verdict = this.supervisor!.afterRecord(rec);
    this.events.push(...verdict.events);
    if (verdict.diverged) {
      this.setState('diverged');
      return false;
    }
    return true;
  }

  private emit(): void {
    const t = this.trainer;
    if (!t) return;
    const now = performance.now();
    const elapsedS = (now - this.lastEmitAt) / 1000;
    const stepsPerSec = elapsedS > 0 ? (t.step - this.stepsAtLastEmit) / elapsedS : 0;
    this.lastEmitAt = now;
    this.stepsAtLastEmit = t.step;
    if (this.pending.length) {
      const batch = packRecords(
        this.pending,
        { layerNames: t.layerNames, hiddenNames: t.hiddenNames, extent: t.extent },
        this.events,
      );
      this.pending = [];
      this.events = [];
      this.post({ type: 'metrics', batch });
    }
    this.sendStatus(this.running ? stepsPerSec : 0);
  }

  private setState(s: RunState): void {
    this.state = s;
    this.sendStatus(0);
  }

  private sendStatus(stepsPerSec: number): void {
    this.post({
      type: 'status',
      state: this.state,
      step: this.trainer?.step ?? 0,
      totalSteps: this.config.training.steps,
      stepsPerSec,
    });
  }
}

/**
 * What the UI draws the data from. Copies: the message transfers its buffers, and tfjs may still
 * hold the originals (WebGPU and WebGL upload lazily from the array they were given).
 */
function dataMessage(data: Dataset, sampleCount: number, timeSteps: number): DataMessage {
  const points =
    data.kind === 'points'
      ? {
          xTrain: Float32Array.from(data.xTrain),
          yTrain: data.yTrain.slice(),
          xVal: Float32Array.from(data.xVal),
          yVal: data.yVal.slice(),
        }
      : null;
  const [rows = 0, cols = 0] = data.inputShape;
  const samples =
    data.kind === 'images' && sampleCount > 0
      ? {
          rows,
          cols,
          pixels: Float32Array.from(data.xVal.subarray(0, sampleCount * rows * cols)),
          labels: data.yVal.slice(0, sampleCount),
          classNames:
            data.classNames ?? Array.from({ length: data.numClasses }, (_, i) => String(i)),
        }
      : null;
  return {
    type: 'data',
    kind: data.kind,
    numTrain: data.yTrain.length,
    numVal: data.yVal.length,
    points,
    samples,
    timeSteps,
  };
}
