/**
 * Every run, kept in IndexedDB (through `idb`): one `runs` record per run (config, environment,
 * state, final numbers) and its metrics as the column-form batches the worker emitted, one
 * `chunks` record per emission. Appending a chunk and updating the run happen in one transaction,
 * so after a reload or a crash a run has exactly the history up to its last emission.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ExperimentConfig } from '../../config/schema';
import type { MetricsBatch, RunGroup, RunState } from '../../protocol';
export type { RunGroup };

/** What is kept of a batch: every per-step metric and the events; not histograms, grids or images. */
const STORED_KEYS = [
  'layers',
  'activations',
  'steps',
  'lossBatch',
  'lossTrain',
  'accuracyTrain',
  'lossVal',
  'accuracyVal',
  'lr',
  'gradNorms',
  'weightNorms',
  'updateRatios',
  'actMean',
  'actStd',
  'deadFraction',
  'saturatedFraction',
  'sharpness',
  'ece',
  'bnGap',
  'clipThreshold',
  'events',
] as const satisfies readonly (keyof MetricsBatch)[];

export type StoredBatch = Pick<MetricsBatch, (typeof STORED_KEYS)[number]>;

export interface RunEnvInfo {
  backend: string | null;
  adapter: string | null;
  tfjsVersion: string | null;
}

export interface RunMeta {
  id: string;
  /** Set on runs made by a seed repeat or sweep. */
  group?: RunGroup;
  name: string;
  createdAt: number;
  updatedAt: number;
  config: ExperimentConfig;
  env: RunEnvInfo;
  state: RunState;
  /** Last recorded step, and the run's length. */
  step: number;
  totalSteps: number;
  finalLossVal: number | null;
  finalAccuracyVal: number | null;
  /** How many chunks the run has (the next chunk's sequence number). */
  chunks: number;
}

export interface StoredRun {
  meta: RunMeta;
  batches: StoredBatch[];
}

interface LabDb extends DBSchema {
  runs: { key: string; value: RunMeta; indexes: { byCreated: number } };
  chunks: {
    key: [string, number];
    value: { runId: string; seq: number; batch: StoredBatch };
    indexes: { byRun: string };
  };
}

export const DB_NAME = 'stability-lab';
const DB_VERSION = 1;

export function toStoredBatch(b: MetricsBatch): StoredBatch {
  return Object.fromEntries(STORED_KEYS.map((k) => [k, b[k]])) as StoredBatch;
}

export type NewRun = Pick<RunMeta, 'name' | 'config' | 'env' | 'totalSteps' | 'group'>;

export class RunStore {
  /** Creation times are kept strictly increasing, so two runs made in one millisecond still sort. */
  private lastCreated = 0;

  private constructor(private readonly db: IDBPDatabase<LabDb>) {}

  private nextCreatedAt(): number {
    this.lastCreated = Math.max(Date.now(), this.lastCreated + 1);
    return this.lastCreated;
  }

  static async open(name = DB_NAME): Promise<RunStore> {
    const db = await openDB<LabDb>(name, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
        db.createObjectStore('chunks', { keyPath: ['runId', 'seq'] }).createIndex('byRun', 'runId');
      },
    });
    return new RunStore(db);
  }

  async create(run: NewRun): Promise<RunMeta> {
    const now = this.nextCreatedAt();
    const meta: RunMeta = {
      ...run,
      id: crypto.randomUUID(),
      createdAt: now,
      updatedAt: now,
      state: 'ready',
      step: 0,
      finalLossVal: null,
      finalAccuracyVal: null,
      chunks: 0,
    };
    await this.db.put('runs', meta);
    return meta;
  }

  /** Appends one emitted batch to a run and moves its summary on, atomically. */
  async append(id: string, batch: MetricsBatch, state?: RunState): Promise<RunMeta> {
    const tx = this.db.transaction(['runs', 'chunks'], 'readwrite');
    const meta = await tx.objectStore('runs').get(id);
    if (!meta) throw new Error(`run ${id} is not in the store (deleted?)`);
    const n = batch.steps.length;
    const next: RunMeta = {
      ...meta,
      updatedAt: Date.now(),
      chunks: meta.chunks + 1,
      state: state ?? meta.state,
      step: n > 0 ? batch.steps[n - 1]! : meta.step,
      finalLossVal: n > 0 ? batch.lossVal[n - 1]! : meta.finalLossVal,
      finalAccuracyVal: n > 0 ? batch.accuracyVal[n - 1]! : meta.finalAccuracyVal,
    };
    await Promise.all([
      tx.objectStore('chunks').put({ runId: id, seq: meta.chunks, batch: toStoredBatch(batch) }),
      tx.objectStore('runs').put(next),
      tx.done,
    ]);
    return next;
  }

  /** Changes a run's name, state or (after a live change) config; never its metrics. */
  async update(
    id: string,
    patch: Partial<Pick<RunMeta, 'name' | 'state' | 'config'>>,
  ): Promise<RunMeta> {
    const tx = this.db.transaction('runs', 'readwrite');
    const meta = await tx.store.get(id);
    if (!meta) throw new Error(`run ${id} is not in the store (deleted?)`);
    const next = { ...meta, ...patch, updatedAt: Date.now() };
    await Promise.all([tx.store.put(next), tx.done]);
    return next;
  }

  /** Stores a finished run in one go (an imported file): its meta and one chunk, atomically. */
  async importRun(run: NewRun & Pick<RunMeta, 'state'>, batch: StoredBatch): Promise<RunMeta> {
    const now = this.nextCreatedAt();
    const n = batch.steps.length;
    const meta: RunMeta = {
      ...run,
      id: crypto.randomUUID(),
      createdAt: now,
      updatedAt: now,
      step: n > 0 ? batch.steps[n - 1]! : 0,
      finalLossVal: n > 0 ? batch.lossVal[n - 1]! : null,
      finalAccuracyVal: n > 0 ? batch.accuracyVal[n - 1]! : null,
      chunks: 1,
    };
    const tx = this.db.transaction(['runs', 'chunks'], 'readwrite');
    await Promise.all([
      tx.objectStore('runs').put(meta),
      tx.objectStore('chunks').put({ runId: meta.id, seq: 0, batch }),
      tx.done,
    ]);
    return meta;
  }

  /** Every run, newest first. */
  async list(): Promise<RunMeta[]> {
    return (await this.db.getAllFromIndex('runs', 'byCreated')).reverse();
  }

  async get(id: string): Promise<StoredRun | null> {
    const tx = this.db.transaction(['runs', 'chunks'], 'readonly');
    const meta = await tx.objectStore('runs').get(id);
    if (!meta) return null;
    const chunks = await tx
      .objectStore('chunks')
      .getAll(IDBKeyRange.bound([id, 0], [id, Infinity]));
    await tx.done;
    return { meta, batches: chunks.sort((a, b) => a.seq - b.seq).map((c) => c.batch) };
  }

  /** Deletes a run and all its chunks. */
  async remove(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'chunks'], 'readwrite');
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('chunks').delete(IDBKeyRange.bound([id, 0], [id, Infinity])),
      tx.done,
    ]);
  }

  close(): void {
    this.db.close();
  }
}
