import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/schema';
import type { RunGroup, RunMeta } from '../runs/runStore';
import { badness, batchesOf, spreadOf } from './batchResults';

const axes: RunGroup['axes'] = [
  { path: 'regularization.l2', values: [0, 0.01] },
  { path: 'model.norm', values: ['none', 'layer', 'batch'] },
];

let t = 0;
function run(cell: number, seed: number, lossVal: number, state: RunMeta['state'] = 'finished'): RunMeta {
  const group: RunGroup = {
    id: 'sweep-1',
    kind: 'sweep',
    label: 'l2 × norm',
    axes,
    cell,
    valueIndex: [Math.floor(cell / 3), cell % 3],
    seed,
    seeds: [1, 2],
  };
  return {
    id: `r${cell}-${seed}`,
    group,
    name: `cell ${cell} seed ${seed}`,
    createdAt: ++t,
    updatedAt: t,
    config: defaultConfig(),
    env: { backend: 'cpu', adapter: null, tfjsVersion: null },
    state,
    step: 100,
    totalSteps: 100,
    finalLossVal: lossVal,
    finalAccuracyVal: 1 - lossVal,
    chunks: 1,
  };
}

describe('spreadOf', () => {
  it('gives the mean, sample sd and range of the finite values (hand-computed)', () => {
    // mean 4, deviations −2, 0, 2 → Σd² = 8, sd = √(8/2) = 2.
    expect(spreadOf([2, 4, 6, NaN])).toEqual({ n: 3, mean: 4, sd: 2, min: 2, max: 6 });
    expect(spreadOf([3])).toEqual({ n: 1, mean: 3, sd: 0, min: 3, max: 3 });
    expect(spreadOf([NaN])).toBeNull();
  });
});

describe('batchesOf', () => {
  it('lays the stored runs out on the grid, row-major, with seeds, spread and divergence', () => {
    const runs = [
      run(0, 1, 0.5),
      run(0, 2, 0.7),
      run(4, 2, 0.2),
      run(4, 1, 0.4),
      run(5, 1, NaN, 'diverged'),
      // Not part of any batch: ignored.
      { ...run(1, 1, 0.1), group: undefined },
    ];
    const [b] = batchesOf(runs, 'finalLossVal');
    expect(b).toMatchObject({ id: 'sweep-1', planned: 12, stored: 5 });
    expect(b!.cells).toHaveLength(6);
    expect(b!.cells[4]!.values).toEqual([0.01, 'layer']);
    expect(b!.cells[4]!.finals).toEqual([0.4, 0.2]);
    expect(b!.cells[4]!.spread!.mean).toBeCloseTo(0.3, 12);
    expect(b!.cells[0]!.spread!.sd).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    expect(b!.cells[5]).toMatchObject({ diverged: 1, spread: null, values: [0.01, 'batch'] });
    expect(b!.cells[1]!.runs).toEqual([]);
    const [acc] = batchesOf(runs, 'finalAccuracyVal');
    expect(acc!.cells[4]!.finals[0]).toBeCloseTo(0.6, 12);
  });

  it('lists batches newest first', () => {
    const older = run(0, 1, 0.3);
    const newer = { ...run(0, 1, 0.3), id: 'x', group: { ...older.group!, id: 'sweep-2' } };
    expect(batchesOf([older, newer], 'finalLossVal').map((b) => b.id)).toEqual(['sweep-2', 'sweep-1']);
  });
});

describe('badness', () => {
  it('is 0 at the best value and 1 at the worst, for low-is-better and high-is-better', () => {
    expect(badness(0.2, 0.2, 1, 'low')).toBe(0);
    expect(badness(1, 0.2, 1, 'low')).toBe(1);
    expect(badness(1, 0.2, 1, 'high')).toBe(0);
    expect(badness(0.6, 0.2, 1, 'high')).toBeCloseTo(0.5, 12);
    expect(badness(0.6, 0.6, 0.6, 'low')).toBe(0);
  });
});
