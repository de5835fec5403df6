/**
 * The run store's bookkeeping on an in-memory IndexedDB (fake-indexeddb implements the spec in
 * Node). That runs survive a real reload in a real browser is the e2e tests' job.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/schema';
import { batch } from '../../../test/support/batches';
import { RunStore, type NewRun } from './runStore';

let store: RunStore;
let dbCount = 0;

beforeEach(async () => {
  // A fresh database per test: no test sees another's runs.
  store = await RunStore.open(`test-${++dbCount}`);
});
afterEach(() => store.close());

const newRun = (name: string): NewRun => ({
  name,
  config: defaultConfig(),
  env: { backend: 'cpu', adapter: null, tfjsVersion: '4.22.0' },
  totalSteps: 500,
});

describe('RunStore', () => {
  it('appends batches in order and returns them with the run, summary moved to the newest step', async () => {
    const run = await store.create(newRun('baseline'));
    await store.append(run.id, batch([10, 20]), 'running');
    const after = await store.append(run.id, batch([30]), 'paused');
    expect(after).toMatchObject({ chunks: 2, step: 30, state: 'paused' });
    expect(after.finalAccuracyVal).toBeCloseTo(0.75);
    const stored = await store.get(run.id);
    expect(stored!.batches.map((b) => Array.from(b.steps))).toEqual([[10, 20], [30]]);
    // Heavy per-emission data (histograms, grids) is not kept; every per-step metric is.
    expect(stored!.batches[0]).not.toHaveProperty('histograms');
    expect(Array.from(stored!.batches[1]!.lossVal)).toEqual(Array.from(batch([30]).lossVal));
  });

  it('lists runs newest first, renames and deletes a run with all its chunks', async () => {
    const a = await store.create(newRun('a'));
    await new Promise((r) => setTimeout(r, 2));
    const b = await store.create(newRun('b'));
    await store.append(a.id, batch([10]));
    expect((await store.list()).map((r) => r.name)).toEqual(['b', 'a']);
    await store.update(a.id, { name: 'renamed' });
    expect((await store.get(a.id))!.meta.name).toBe('renamed');
    await store.remove(a.id);
    expect(await store.get(a.id)).toBeNull();
    expect((await store.list()).map((r) => r.id)).toEqual([b.id]);
    // The deleted run's chunks are gone too: a new run never inherits them.
    await expect(store.append(a.id, batch([20]))).rejects.toThrow(/not in the store/);
  });

  it('keeps everything across a reopen of the database (what a reload does)', async () => {
    const run = await store.create(newRun('persisted'));
    await store.append(run.id, batch([10, 20]), 'running');
    store.close();
    store = await RunStore.open(`test-${dbCount}`);
    const again = await store.get(run.id);
    expect(again!.meta).toMatchObject({ name: 'persisted', state: 'running', step: 20, chunks: 1 });
    expect(again!.meta.config).toEqual(defaultConfig());
    expect(Array.from(again!.batches[0]!.steps)).toEqual([10, 20]);
  });
});
