/**
 * A batch in the worker: a queue of headless runs (seed repeats, sweeps) trained one after another
 * with the same loop as the CLI (`runExperiment`), so a sweep cell in the browser and the same
 * config in the CLI record the same history. Training yields to the message queue every few tens
 * of milliseconds, so a cancel (or a pause of the interactive run) gets through.
 */
import type { RunFile } from '../config/runFile';
import type { ExperimentConfig } from '../config/schema';
import type { Dataset } from '../engine/datasets';
import { loadDataset, type FileSource } from '../engine/loadData';
import { runExperiment } from '../engine/run';
import type { BatchJob, BatchUpdate } from '../protocol';
import { CHUNK_MS, yieldToMessages } from './session';

/** Progress is posted at most this often. */
const PROGRESS_MS = 200;

class Cancelled extends Error {}

/** Runs of a sweep share their data unless the seed or dataset differs, so build it once per key. */
function dataKey(config: ExperimentConfig): string {
  return JSON.stringify([config.seed, config.dataset]);
}

export class Batch {
  private cancelled = false;

  constructor(
    readonly id: string,
    private readonly jobs: BatchJob[],
    private readonly post: (update: BatchUpdate) => void,
    private readonly files: FileSource | null,
    private readonly platform: string,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  /** Never rejects: a failure ends the batch with a `done` that names it. */
  async run(): Promise<void> {
    const { id, jobs } = this;
    const total = jobs.length;
    let completed = 0;
    let error: string | null = null;
    let cachedKey = '';
    let cachedData: Dataset | null = null;
    for (const [index, job] of jobs.entries()) {
      if (this.cancelled) break;
      const { config } = job;
      const totalSteps = config.training.steps;
      this.post({ kind: 'progress', id, index, total, step: 0, totalSteps });
      try {
        const key = dataKey(config);
        if (!cachedData || cachedKey !== key) {
          cachedData = await loadDataset(config, this.files);
          cachedKey = key;
        }
        let lastYield = performance.now();
        let lastPost = lastYield;
        const result = await runExperiment(
          config,
          this.platform,
          {
            pace: (step) => {
              const now = performance.now();
              if (now - lastYield < CHUNK_MS) return;
              if (now - lastPost >= PROGRESS_MS) {
                lastPost = now;
                this.post({ kind: 'progress', id, index, total, step, totalSteps });
              }
              return yieldToMessages().then(() => {
                lastYield = performance.now();
                if (this.cancelled) throw new Cancelled();
              });
            },
          },
          cachedData,
        );
        completed += 1;
        this.post({
          kind: 'run',
          id,
          index,
          job: { name: job.name, group: job.group },
          // The CLI's result is the run-file shape; its records just lack the index signature.
          run: {
            ...result,
            name: job.name,
            env: { ...result.env },
            history: result.history as unknown as RunFile['history'],
            summary: { ...result.summary },
          },
        });
      } catch (err) {
        if (err instanceof Cancelled) break;
        error = `run ${index + 1} of ${total} (${job.name}): ${err instanceof Error ? err.message : String(err)}`;
        break;
      }
    }
    this.post({ kind: 'done', id, completed, cancelled: this.cancelled, error });
  }
}
