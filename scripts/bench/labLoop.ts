/**
 * The lab's training loop, timed in windows of whole steps. Each step is taken exactly as the
 * worker's Session takes it (src/worker/session.ts `trainOne`): a record on record steps, the
 * decision boundary on a record at most every BOUNDARY_INTERVAL_MS (browser only), the one
 * readback per record (left in flight until the next record step when no controller needs it at
 * once, see `canDeferRecords`), the health monitor and controllers on every record. Left out: the Session's
 * 40 ms yields and packing/posting metrics a few times per second, which cost microseconds.
 *
 * A window ends with an awaited readback, so steps queued on a GPU but not yet run are never
 * counted (SwiftShader WebGPU over-reports by a wide margin otherwise).
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../src/config/schema';
import type { Dataset } from '../../src/engine/datasets';
import { isRecordStep } from '../../src/engine/run';
import { RecordInFlight } from '../../src/engine/recordInFlight';
import { canDeferRecords, Supervisor } from '../../src/engine/supervisor';
import { sharpnessDue, Trainer } from '../../src/engine/trainer';
import { median } from './stats';

/** Same cadence as the Session's boundary refresh; null for the CLI loop, which draws none. */
export const BROWSER_BOUNDARY_MS = 500;

export interface MemorySample {
  step: number;
  numTensors: number;
  numBytes: number;
  /** Bytes held on the GPU by the backend (webgl, webgpu); null where the backend has no GPU. */
  numBytesInGPU: number | null;
}

export function memorySample(step: number): MemorySample {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return {
    step,
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    numBytesInGPU: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null,
  };
}

/** Median wall time of one step of each kind, ms: where the loop's time goes. */
export interface StepCost {
  plain: number;
  record: number;
  sharpness: number;
  counts: { plain: number; record: number; sharpness: number };
}

export class LabLoop {
  readonly trainer: Trainer;
  private readonly supervisor: Supervisor;
  private lastBoundaryAt = -Infinity;
  /** The record whose readback is in flight, exactly as in the Session. */
  private readonly records = new RecordInFlight((rec) => {
    if (this.supervisor.afterRecord(rec).diverged) {
      throw new Error(`the benchmark run diverged at step ${rec.step}`);
    }
    return true;
  });
  /**
   * Per-step wall times by kind. On GPU backends a plain step only queues work and the next
   * readback waits for it, so there the split is indicative; on cpu it is exact.
   */
  private readonly times = {
    plain: [] as number[],
    record: [] as number[],
    sharpness: [] as number[],
  };

  constructor(
    private readonly config: ExperimentConfig,
    data: Dataset,
    private readonly boundaryEveryMs: number | null,
  ) {
    this.trainer = new Trainer(config, data);
    this.supervisor = new Supervisor(this.trainer, config);
  }

  /** Takes `steps` steps; returns the wall time in ms, ending after the device has finished them. */
  async run(steps: number, onRecord?: (step: number) => void): Promise<number> {
    const t = this.trainer;
    const start = performance.now();
    let synced = true;
    for (let i = 0; i < steps; i++) {
      const now = performance.now();
      const record = isRecordStep(t.step + 1, this.config);
      const kind = !record
        ? 'plain'
        : sharpnessDue(t.step + 1, this.config)
          ? 'sharpness'
          : 'record';
      const boundary =
        record &&
        this.boundaryEveryMs !== null &&
        now - this.lastBoundaryAt >= this.boundaryEveryMs;
      if (record) await this.records.settle();
      const pending = t.trainStep(record ? { boundary } : null);
      if (!pending) {
        synced = false;
        this.times.plain.push(performance.now() - now);
        continue;
      }
      if (boundary) this.lastBoundaryAt = now;
      const defer = canDeferRecords(this.config);
      await this.records.take(t.readRecord(pending), defer);
      synced = !defer;
      this.times[kind].push(performance.now() - now);
      onRecord?.(t.step);
    }
    // A window ends once the device has done its steps: the record in flight, then a read of the
    // last update when steps were queued after it.
    await this.records.settle();
    if (!synced) await this.sync();
    return performance.now() - start;
  }

  stepCost(): StepCost {
    const { plain, record, sharpness } = this.times;
    return {
      plain: median(plain),
      record: median(record),
      sharpness: median(sharpness),
      counts: { plain: plain.length, record: record.length, sharpness: sharpness.length },
    };
  }

  /**
   * Two steps, the first with a record (and a boundary where the browser draws one), so the
   * record's kernels compile here rather than in a timed window; ms. Session.stepOnce does the same.
   */
  async warmUp(): Promise<number> {
    const start = performance.now();
    const pending = this.trainer.trainStep({ boundary: this.boundaryEveryMs !== null });
    if (pending) this.supervisor.afterRecord(await this.trainer.readRecord(pending));
    await this.run(1);
    return performance.now() - start;
  }

  /** Waits for every queued step: a read of a variable the last update wrote. */
  async sync(): Promise<void> {
    const groups = this.trainer.parameters.groups;
    await groups[groups.length - 1]!.biases[0]!.data();
  }

  dispose(): void {
    this.supervisor.dispose();
    this.trainer.dispose();
  }
}

/**
 * Memory of the lab loop (default diagnostics) at the given steps, each taken right after that
 * step's awaited readback, with nothing else alive but the dataset tensors the Trainer owns.
 */
export async function memoryAt(
  config: ExperimentConfig,
  data: Dataset,
  at: number[],
  boundaryEveryMs: number | null,
): Promise<MemorySample[]> {
  const steps = [...at].sort((a, b) => a - b);
  const loop = new LabLoop(config, data, boundaryEveryMs);
  const samples: MemorySample[] = [];
  try {
    for (const target of steps) {
      await loop.run(target - loop.trainer.step);
      await loop.sync();
      samples.push(memorySample(loop.trainer.step));
    }
  } finally {
    loop.dispose();
  }
  return samples;
}
