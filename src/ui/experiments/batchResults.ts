/**
 * A stored batch read back from the run list: its grid of cells, each with the final metric of
 * every seed, their mean and spread, and whether any diverged. Built from run summaries only, so
 * a heatmap of 64 runs needs no history loaded.
 */
import type { RunGroup, RunMeta } from '../runs/runStore';

export type FinalMetric = 'finalLossVal' | 'finalAccuracyVal';

export const FINAL_METRICS: readonly { key: FinalMetric; label: string; better: 'low' | 'high' }[] = [
  { key: 'finalLossVal', label: 'Final validation loss', better: 'low' },
  { key: 'finalAccuracyVal', label: 'Final validation accuracy', better: 'high' },
];

export interface Spread {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  sd: number;
  min: number;
  max: number;
}

/** Mean, sample sd and range of the finite values; null when there are none. */
export function spreadOf(values: readonly number[]): Spread | null {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, sd, min: Math.min(...v), max: Math.max(...v) };
}

export interface BatchCell {
  cell: number;
  /** This cell's value on each axis. */
  values: (number | string | boolean)[];
  runs: RunMeta[];
  /** Final metric per stored run (NaN for a diverged one), in seed order. */
  finals: number[];
  spread: Spread | null;
  diverged: number;
}

export interface BatchSummary {
  id: string;
  kind: RunGroup['kind'];
  label: string;
  axes: RunGroup['axes'];
  seeds: number[];
  /** Every cell of the grid, row-major; a cell with no stored run yet has `runs: []`. */
  cells: BatchCell[];
  /** Runs planned vs stored (a reload mid-batch leaves the rest unrun). */
  planned: number;
  stored: number;
  createdAt: number;
}

const isDiverged = (r: RunMeta) => r.state === 'diverged';

function cellValues(axes: RunGroup['axes'], cell: number): (number | string | boolean)[] {
  // Row-major, last axis fastest: peel indices off from the last axis.
  const idx: number[] = [];
  let rest = cell;
  for (let a = axes.length - 1; a >= 0; a--) {
    const n = axes[a]!.values.length;
    idx.unshift(rest % n);
    rest = Math.floor(rest / n);
  }
  return idx.map((i, a) => axes[a]!.values[i]!);
}

/** Every batch in the run list, newest first, with the chosen final metric per cell. */
export function batchesOf(runs: readonly RunMeta[], metric: FinalMetric): BatchSummary[] {
  const byId = new Map<string, RunMeta[]>();
  for (const r of runs) {
    if (!r.group) continue;
    const list = byId.get(r.group.id) ?? [];
    list.push(r);
    byId.set(r.group.id, list);
  }
  return [...byId.values()]
    .map((members) => {
      const g = members[0]!.group!;
      const cellCount = g.axes.reduce((n, a) => n * a.values.length, 1);
      const cells: BatchCell[] = Array.from({ length: cellCount }, (_, cell) => {
        const inCell = members
          .filter((r) => r.group!.cell === cell)
          .sort((a, b) => a.group!.seed - b.group!.seed);
        const finals = inCell.map((r) => (isDiverged(r) ? NaN : (r[metric] ?? NaN)));
        return {
          cell,
          values: cellValues(g.axes, cell),
          runs: inCell,
          finals,
          spread: spreadOf(finals),
          diverged: inCell.filter(isDiverged).length,
        };
      });
      return {
        id: g.id,
        kind: g.kind,
        label: g.label,
        axes: g.axes,
        seeds: g.seeds,
        cells,
        planned: cellCount * g.seeds.length,
        stored: members.length,
        createdAt: Math.min(...members.map((r) => r.createdAt)),
      };
    })
    .sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Where a value sits between the best and worst finite cell means, in [0, 1] (0 = best), so the
 * colour reads "good → bad" for loss and accuracy alike. A single finite cell is 0.
 */
export function badness(value: number, lo: number, hi: number, better: 'low' | 'high'): number {
  if (!(hi > lo)) return 0;
  const t = (value - lo) / (hi - lo);
  return better === 'low' ? t : 1 - t;
}
