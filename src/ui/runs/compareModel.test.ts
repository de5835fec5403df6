import { describe, expect, it } from 'vitest';
import { runMeta, storedBatch } from './compareFixtures';
import {
  BASELINE_COLOR,
  buildEntries,
  chartRows,
  deltaOf,
  groupName,
  type CompareInput,
} from './compareModel';
import { metricOf } from './compareSeries';
import type { StoredBatch } from './runStore';

const lossVal = metricOf('lossVal')!;
const runOf = (steps: number[], values: number[]) => [storedBatch(steps, { lossVal: values })];

function input(
  runs: [ReturnType<typeof runMeta>, StoredBatch[]][],
  more: Partial<CompareInput> = {},
): CompareInput {
  return {
    runs: runs.map(([m]) => m),
    loaded: new Map(runs.map(([m, b]) => [m.id, b])),
    baselineId: null,
    metric: lossVal,
    groupSeeds: true,
    ...more,
  };
}

describe('compare entries', () => {
  const a = runMeta('a');
  const b = runMeta('b');
  const c = runMeta('c');
  const runs: [ReturnType<typeof runMeta>, StoredBatch[]][] = [
    [a, runOf([0, 10], [1, 0.5])],
    [b, runOf([0, 10], [2, 1])],
    [c, runOf([0, 10], [4, 3])],
  ];

  it('one entry per run in selection order; the pinned baseline comes first, dark', () => {
    const plain = buildEntries(input(runs));
    expect(plain.map((e) => e.name)).toEqual(['run a', 'run b', 'run c']);
    expect(plain.some((e) => e.isBaseline)).toBe(false);
    const pinned = buildEntries(input(runs, { baselineId: 'b' }));
    expect(pinned.map((e) => e.name)).toEqual(['run b', 'run a', 'run c']);
    expect(pinned[0]!.isBaseline).toBe(true);
    expect(pinned[0]!.color).toBe(BASELINE_COLOR);
    expect(pinned.slice(1).every((e) => e.color !== BASELINE_COLOR)).toBe(true);
  });

  it('final value and Δ vs baseline', () => {
    const [base, ea, ec] = buildEntries(input(runs, { baselineId: 'b' }));
    expect(ea!.final).toBe(0.5);
    expect(deltaOf(ea!, base)).toBe(-0.5);
    expect(deltaOf(ec!, base)).toBe(2);
    expect(deltaOf(ea!, undefined)).toBeNull();
  });

  it('runs not loaded yet are left out', () => {
    const i = input(runs);
    const loaded = new Map(i.loaded);
    loaded.delete('c');
    expect(buildEntries({ ...i, loaded }).map((e) => e.name)).toEqual(['run a', 'run b']);
  });
});

describe('seed groups', () => {
  // Group g, cell 0: three seeds with hand-picked final losses 1, 2 and NaN (diverged).
  const s1 = runMeta('s1', ['g', 0, 1]);
  const s2 = runMeta('s2', ['g', 0, 2]);
  const s3 = runMeta('s3', ['g', 0, 3]);
  const other = runMeta('x', ['g', 1, 1]); // another cell of the same batch
  const runs: [ReturnType<typeof runMeta>, StoredBatch[]][] = [
    [s1, runOf([0, 10], [3, 1])],
    [other, runOf([0, 10], [5, 5])],
    [s2, runOf([0, 10], [5, 2])],
    [s3, runOf([0, 10], [4, NaN])],
  ];

  it('seeds of one cell become one entry with mean line, min–max band and final spread', () => {
    const entries = buildEntries(input(runs));
    expect(entries).toHaveLength(2);
    const g = entries[0]!;
    expect(g.runIds).toEqual(['s1', 's2', 's3']);
    expect(g.name).toBe('repeat g (3 seeds)');
    expect(g.line.values).toEqual([4, 1.5]); // (3+5+4)/3; (1+2)/2 with the NaN left out
    expect(g.band!.lo.values).toEqual([3, 1]);
    expect(g.band!.hi.values).toEqual([5, 2]);
    expect(g.final).toBe(1.5);
    expect(g.spread).toMatchObject({ n: 2, nonFinite: 1, mean: 1.5, min: 1, max: 2 });
    expect(g.spread!.sd).toBeCloseTo(Math.SQRT1_2, 12);
    expect(g.seeds!.map((s) => s.seed)).toEqual([1, 2, 3]);
    expect(Number.isNaN(g.seeds![2]!.final)).toBe(true);
    expect(entries[1]!.runIds).toEqual(['x']);
  });

  it('with grouping off every seed is its own line', () => {
    const entries = buildEntries(input(runs, { groupSeeds: false }));
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.band === null)).toBe(true);
  });

  it('pinning one seed makes its whole group the baseline', () => {
    const entries = buildEntries(input(runs, { baselineId: 's2' }));
    expect(entries[0]!.runIds).toEqual(['s1', 's2', 's3']);
    expect(entries[0]!.isBaseline).toBe(true);
  });

  it('a sweep cell is named by its axis values', () => {
    const name = groupName(
      {
        id: 'b',
        kind: 'sweep',
        label: 'L2 × norm · 2 seeds',
        axes: [
          { path: 'regularization.l2', values: [0, 0.01] },
          { path: 'model.norm', values: ['none', 'batch'] },
        ],
        cell: 3,
        valueIndex: [1, 1],
        seed: 1,
        seeds: [1, 2],
      },
      2,
    );
    expect(name).toBe('l2 0.01 · norm batch (2 seeds)');
  });
});

describe('chart rows', () => {
  it('runs recorded at different steps line up on one step axis', () => {
    const a = runMeta('a');
    const b = runMeta('b');
    const entries = buildEntries(
      input([
        [a, runOf([0, 10, 20], [1, 2, 3])],
        [b, runOf([0, 5, 10, 15], [4, 4, 4, 4])],
      ]),
    );
    const rows = chartRows(entries, false);
    expect(rows.map((r) => r.step)).toEqual([0, 5, 10, 15, 20]);
    expect(rows.map((r) => r.values[0])).toEqual([1, 1.5, 2, 2.5, 3]);
    // b ends at 15: no value is made up after its last record.
    expect(rows.map((r) => r.values[1])).toEqual([4, 4, 4, 4, null]);
  });

  it('difference from baseline subtracts the baseline at the same step', () => {
    const a = runMeta('a');
    const b = runMeta('b');
    const entries = buildEntries(
      input(
        [
          [a, runOf([0, 10], [1, 2])],
          [b, runOf([0, 10], [4, 8])],
        ],
        { baselineId: 'a' },
      ),
    );
    const rows = chartRows(entries, true);
    expect(rows.map((r) => r.values)).toEqual([
      [0, 3],
      [0, 6],
    ]);
  });

  it('a NaN record breaks its line instead of being bridged', () => {
    const entries = buildEntries(input([[runMeta('a'), runOf([0, 10, 20], [1, NaN, 3])]]));
    expect(chartRows(entries, false).map((r) => r.values[0])).toEqual([1, null, 3]);
  });

  it('bands follow the rows (and the difference)', () => {
    const entries = buildEntries(
      input(
        [
          [runMeta('s1', ['g', 0, 1]), runOf([0, 10], [1, 2])],
          [runMeta('s2', ['g', 0, 2]), runOf([0, 10], [3, 6])],
          [runMeta('base'), runOf([0, 10], [1, 1])],
        ],
        { baselineId: 'base' },
      ),
    );
    expect(chartRows(entries, false).map((r) => r.bands[1])).toEqual([
      [1, 3],
      [2, 6],
    ]);
    expect(chartRows(entries, true).map((r) => r.bands[1])).toEqual([
      [0, 2],
      [1, 5],
    ]);
  });

  it('thins long runs to about the limit, keeping every line’s ends', () => {
    const long = Array.from({ length: 1000 }, (_, i) => i);
    const short = [0, 3, 333.5];
    const entries = buildEntries(
      input([
        [
          runMeta('a'),
          runOf(
            long,
            long.map((s) => s / 1000),
          ),
        ],
        [runMeta('b'), runOf(short, [1, 1, 1])],
      ]),
    );
    const rows = chartRows(entries, false, 200);
    expect(rows.length).toBeLessThanOrEqual(202);
    expect(rows.length).toBeGreaterThan(150);
    expect(rows.map((r) => r.step)).toContain(999);
    expect(rows.map((r) => r.step)).toContain(333.5);
  });
});
