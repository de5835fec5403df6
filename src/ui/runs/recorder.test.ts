/** The recorder on a scripted worker message stream, against an in-memory IndexedDB. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, mustParseConfig } from '../../config/schema';
import type { FromWorker } from '../../protocol';
import { batch } from '../../../test/support/batches';
import { RunRecorder } from './recorder';
import { RunStore } from './runStore';

let store: RunStore;
let n = 0;
beforeEach(async () => {
  store = await RunStore.open(`recorder-${++n}`);
});
afterEach(() => store.close());

const data: FromWorker = {
  type: 'data',
  kind: 'points',
  numTrain: 10,
  numVal: 5,
  points: null,
  samples: null,
  timeSteps: 0,
};
const metrics = (steps: number[]): FromWorker => ({ type: 'metrics', batch: batch(steps) });
const status = (state: 'running' | 'paused' | 'finished', step: number): FromWorker => ({
  type: 'status',
  state,
  step,
  totalSteps: 500,
  stepsPerSec: 0,
});

describe('RunRecorder', () => {
  it('starts a run at the first metrics after a build and appends every batch in order', async () => {
    const rec = new RunRecorder(store, defaultConfig());
    rec.receive({
      type: 'backend',
      info: {
        backend: 'webgpu',
        requested: 'auto',
        fallbackReason: null,
        adapter: 'swiftshader',
        tfjsVersion: '4.22.0',
      },
    });
    rec.receive(data);
    rec.receive(status('running', 0));
    rec.receive(metrics([10, 20]));
    rec.receive(metrics([30]));
    rec.receive(status('finished', 30));
    await rec.settled();
    const [run] = await store.list();
    expect(run).toMatchObject({
      state: 'finished',
      step: 30,
      chunks: 2,
      env: { backend: 'webgpu', adapter: 'swiftshader' },
    });
    const stored = await store.get(run!.id);
    expect(stored!.batches.flatMap((b) => Array.from(b.steps))).toEqual([10, 20, 30]);
  });

  it('a reset or rebuild starts a new run; a build that never trains stores nothing', async () => {
    const rec = new RunRecorder(store, defaultConfig());
    rec.receive(data);
    rec.receive(metrics([10]));
    rec.receive(data); // reset…
    rec.receive(data); // …and another, without training in between
    rec.receive(metrics([10, 20]));
    await rec.settled();
    const runs = await store.list();
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.step)).toEqual([20, 10]);
  });

  it('a live config change updates the run it happened in', async () => {
    const rec = new RunRecorder(store, defaultConfig());
    rec.receive(data);
    rec.receive(metrics([10]));
    const changed = mustParseConfig({ optimizer: { lr: 0.003 } });
    rec.receive({ type: 'configApplied', config: changed, rebuilt: false });
    await rec.settled();
    const [run] = await store.list();
    expect(run!.config.optimizer.lr).toBe(0.003);
  });

  it('reports a failing store once and stops writing', async () => {
    const errors: string[] = [];
    const rec = new RunRecorder(store, defaultConfig(), { onError: (m) => errors.push(m) });
    store.close(); // every write now fails
    rec.receive(data);
    rec.receive(metrics([10]));
    rec.receive(metrics([20]));
    await rec.settled();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/can no longer be saved/);
  });

  it('stores each finished batch run whole, with its group, and ignores progress', async () => {
    const rec = new RunRecorder(store, defaultConfig());
    const config = mustParseConfig({ seed: 7, training: { steps: 20, recordEvery: 10 } });
    const group = {
      id: 'g1',
      kind: 'sweep' as const,
      label: 'regularization.l2',
      axes: [{ path: 'regularization.l2', values: [0, 0.01] }],
      cell: 1,
      valueIndex: [1],
      seed: 7,
      seeds: [7],
    };
    const row = (step: number, lossVal: number) => ({
      step,
      lossTrain: 1,
      lossVal,
      accuracyTrain: 0.5,
      accuracyVal: 0.6,
      gradNorm: { dense1: 0.1 },
    });
    rec.receive({
      type: 'batch',
      update: { kind: 'progress', id: 'b', index: 0, total: 1, step: 10, totalSteps: 20 },
    });
    rec.receive({
      type: 'batch',
      update: {
        kind: 'run',
        id: 'b',
        index: 0,
        job: { name: 'l2=0.01 · seed 7', group },
        run: {
          config,
          history: [row(10, 0.9), row(20, 0.4)],
          events: [],
          summary: { diverged: false },
        },
      },
    });
    await rec.settled();
    const [meta] = await store.list();
    expect(meta).toMatchObject({ name: 'l2=0.01 · seed 7', group, state: 'finished', step: 20 });
    expect(meta!.finalLossVal).toBeCloseTo(0.4, 6);
    const stored = await store.get(meta!.id);
    expect(Array.from(stored!.batches[0]!.steps)).toEqual([10, 20]);
    expect(rec.currentRunId).toBeNull();
  });
});
