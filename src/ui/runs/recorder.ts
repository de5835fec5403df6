/**
 * Turns the worker's message stream into stored runs. A run begins with the first metrics after a
 * model was built (so resets that never train leave nothing behind), and every metrics batch is
 * appended as it arrives, in order: whatever was emitted before a reload or a crash is kept.
 */
import type { ExperimentConfig } from '../../config/schema';
import type { FromWorker, RunState } from '../../protocol';
import { batchOfRunFile } from './runExport';
import type { RunEnvInfo, RunMeta, RunStore } from './runStore';

export interface RecorderOptions {
  /** Called after every stored change (to refresh a run list). */
  onChange?: (meta: RunMeta) => void;
  /** A write failed (quota, private mode…): reported once, recording stops. */
  onError?: (message: string) => void;
}

/** "Spiral · MLP 4×16 · layer" — a readable default name; the user can rename it. */
export function defaultRunName(c: ExperimentConfig): string {
  const size =
    c.model.arch === 'cnn'
      ? `${c.model.depth}×${c.model.channels}ch`
      : `${c.model.depth}×${c.model.width}`;
  return `${c.dataset.name} · ${c.model.arch} ${size} · ${c.model.norm} · ${c.optimizer.name} ${c.optimizer.lr} · seed ${c.seed}`;
}

export class RunRecorder {
  private env: RunEnvInfo = { backend: null, adapter: null, tfjsVersion: null };
  /**
   * The run being recorded; null after a model was built and before its first metrics. Writes
   * capture the slot when the message arrives, so a reset cannot redirect queued writes.
   */
  private slot: { id: string | null } | null = null;
  private lastState: RunState | null = null;
  /** Store writes, chained so they land in message order. */
  private chain: Promise<unknown> = Promise.resolve();
  private failed = false;

  constructor(
    private readonly store: RunStore,
    private config: ExperimentConfig,
    private readonly options: RecorderOptions = {},
  ) {}

  /** The stored run that is being recorded, if any. */
  get currentRunId(): string | null {
    return this.slot?.id ?? null;
  }

  receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'backend':
        this.env = {
          backend: msg.info.backend,
          adapter: msg.info.adapter,
          tfjsVersion: msg.info.tfjsVersion,
        };
        return;
      case 'data':
        // A new model (first build, rebuild or reset): its history is a new run.
        this.slot = null;
        return;
      case 'configApplied':
        this.config = msg.config;
        if (!msg.rebuilt && this.slot) {
          const slot = this.slot;
          const config = msg.config;
          this.write(() =>
            slot.id ? this.store.update(slot.id, { config }) : Promise.resolve(null),
          );
        }
        return;
      case 'metrics': {
        const batch = msg.batch;
        const state = this.lastState ?? 'running';
        if (!this.slot) {
          const slot: { id: string | null } = { id: null };
          this.slot = slot;
          const config = this.config;
          this.write(async () => {
            const meta = await this.store.create({
              name: defaultRunName(config),
              config,
              env: this.env,
              totalSteps: config.training.steps,
            });
            slot.id = meta.id;
            return this.store.append(meta.id, batch, state);
          });
        } else {
          const slot = this.slot;
          this.write(() =>
            slot.id ? this.store.append(slot.id, batch, state) : Promise.resolve(null),
          );
        }
        return;
      }
      case 'batch': {
        // Each finished run of a seed repeat or sweep is stored whole, with its group.
        const u = msg.update;
        if (u.kind !== 'run') return;
        const env = this.env;
        this.write(() =>
          this.store.importRun(
            {
              name: u.job.name,
              config: u.run.config,
              env,
              totalSteps: u.run.config.training.steps,
              group: u.job.group,
              state: u.run.summary?.['diverged'] === true ? 'diverged' : 'finished',
            },
            batchOfRunFile(u.run),
          ),
        );
        return;
      }
      case 'status':
        if (msg.state !== this.lastState) {
          this.lastState = msg.state;
          const state = msg.state;
          const slot = this.slot;
          this.write(() =>
            slot?.id ? this.store.update(slot.id, { state }) : Promise.resolve(null),
          );
        }
        return;
      default:
        return;
    }
  }

  /** Resolves when every write so far has landed (tests, and before reading a run back). */
  settled(): Promise<unknown> {
    return this.chain;
  }

  private write(op: () => Promise<RunMeta | null>): void {
    if (this.failed) return;
    this.chain = this.chain.then(op).then(
      (meta) => meta && this.options.onChange?.(meta),
      (err: unknown) => {
        this.failed = true;
        this.options.onError?.(
          `Runs can no longer be saved in this browser: ${err instanceof Error ? err.message : String(err)}`,
        );
      },
    );
  }
}
