/**
 * The worker's batch queue driven directly in Node (cpu backend): each finished run must be the
 * same history the CLI loop records for that config, and a cancel must stop it between steps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import { useNodeBackend } from '../engine/node-backend';
import { runExperiment } from '../engine/run';
import type { BatchJob, BatchUpdate } from '../protocol';
import { Batch } from './batch';

beforeAll(() => useNodeBackend('cpu'));

function job(input: ConfigInput, seed: number, cell = 0): BatchJob {
  const config = mustParseConfig({ ...input, seed, training: { steps: 40, recordEvery: 10 } });
  return {
    config,
    name: `seed ${seed}`,
    group: { id: 'g', kind: 'seeds', label: 'test', axes: [], cell, valueIndex: [], seed, seeds: [1, 2] },
  };
}

describe('Batch', () => {
  it('trains every job in order and reports each run with the CLI loop history', async () => {
    const jobs = [job({ regularization: { l2: 1e-3 } }, 1), job({ regularization: { l2: 1e-3 } }, 2)];
    const updates: BatchUpdate[] = [];
    await new Batch('b1', jobs, (u) => updates.push(u), null, 'test').run();

    const runs = updates.flatMap((u) => (u.kind === 'run' ? [u] : []));
    expect(runs.map((r) => r.index)).toEqual([0, 1]);
    expect(runs.map((r) => r.job.name)).toEqual(['seed 1', 'seed 2']);
    expect(runs[1]!.job.group.seed).toBe(2);
    const reference = await runExperiment(jobs[1]!.config, 'test');
    expect(runs[1]!.run.history.map((h) => h.lossVal)).toEqual(reference.history.map((h) => h.lossVal));
    expect(runs[1]!.run.history).toHaveLength(4);
    // Different seeds are different runs.
    expect(runs[0]!.run.history.at(-1)!.lossVal).not.toBe(runs[1]!.run.history.at(-1)!.lossVal);

    const progress = updates.filter((u) => u.kind === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({ index: 0, total: 2, step: 0, totalSteps: 40 });
    expect(updates.at(-1)).toEqual({ kind: 'done', id: 'b1', completed: 2, cancelled: false, error: null });
  });

  it('stops between steps when cancelled and drops the unfinished run', async () => {
    const long = (seed: number) => {
      const j = job({}, seed);
      j.config = mustParseConfig({ seed, training: { steps: 100_000, recordEvery: 10 } });
      return j;
    };
    const updates: BatchUpdate[] = [];
    const batch = new Batch('b2', [long(1), long(2)], (u) => updates.push(u), null, 'test');
    const done = batch.run();
    await new Promise((r) => setTimeout(r, 300));
    batch.cancel();
    await done;
    expect(updates.some((u) => u.kind === 'run')).toBe(false);
    expect(updates.at(-1)).toMatchObject({ kind: 'done', completed: 0, cancelled: true, error: null });
  });

  it('ends with an error naming the run when a job cannot load its data', async () => {
    const updates: BatchUpdate[] = [];
    const mnist = job({ dataset: { name: 'mnist' }, model: { arch: 'cnn' } }, 3);
    await new Batch('b3', [mnist], (u) => updates.push(u), null, 'test').run();
    const done = updates.at(-1);
    expect(done).toMatchObject({ kind: 'done', completed: 0, cancelled: false });
    expect(done?.kind === 'done' && done.error).toMatch(/run 1 of 1 \(seed 3\).*dataset\.name/);
  });
});
