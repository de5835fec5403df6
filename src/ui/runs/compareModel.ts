/**
 * What the Compare chart draws, as plain data: the selected runs become "entries" (a run, or a
 * seed group reduced to mean and band), the pinned baseline's entry first, and the entries become
 * chart rows on one shared step axis. Pure, so ordering, grouping and alignment are unit-tested.
 */
import { thinRows } from '../series';
import { aggregate, meanSeries, spreadOf, type Spread } from './compareAggregate';
import { finalOf, seriesOf, valueAt, type MetricDef, type Series } from './compareSeries';
import type { RunMeta, StoredBatch } from './runStore';

type RunGroup = NonNullable<RunMeta['group']>;

/** The baseline is dark and thick, so it reads as the reference whatever else is drawn. */
export const BASELINE_COLOR = '#1c2330';
const PALETTE = [
  '#2f6db5',
  '#e07b39',
  '#4a9a5c',
  '#b5407a',
  '#6b5ca5',
  '#1f9aa8',
  '#c27a00',
  '#8c564b',
] as const;

/** Points per drawn line: enough for a wide chart; each point costs Recharts time. */
export const MAX_POINTS_PER_LINE = 200;

export interface SeedFinal {
  id: string;
  name: string;
  seed: number;
  /** NaN for a seed that diverged; null when it recorded nothing for this metric. */
  final: number | null;
}

export interface Entry {
  key: string;
  name: string;
  color: string;
  isBaseline: boolean;
  runIds: string[];
  /** The run's metric, or the mean over its seeds. */
  line: Series;
  /** Seed groups: the smallest and largest seed value at each step of `line` (min–max band). */
  band: { lo: Series; hi: Series } | null;
  /** The run's last value, or the mean of its seeds' last finite values. */
  final: number | null;
  /** Seed groups: the spread of the seeds' final values, and each seed's own. */
  spread: Spread | null;
  seeds: SeedFinal[] | null;
}

export interface CompareInput {
  /** The selected runs, in the order they were selected. */
  runs: readonly RunMeta[];
  /** Batches of every loaded run; runs still loading are left out until they arrive. */
  loaded: ReadonlyMap<string, readonly StoredBatch[]>;
  baselineId: string | null;
  metric: MetricDef;
  /** Draw runs of one seed group (same `group.id` and `group.cell`) as one mean line and band. */
  groupSeeds: boolean;
}

const lastSegment = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** "l2 0.01 · norm batch" for a sweep cell; the batch's own label for a seed repeat. */
export function groupName(g: RunGroup, seedCount: number): string {
  const cell =
    g.kind === 'sweep' && g.axes.length > 0
      ? g.axes
          .map((a, i) => `${lastSegment(a.path)} ${String(a.values[g.valueIndex[i] ?? 0])}`)
          .join(' · ')
      : g.label;
  return `${cell} (${seedCount} seeds)`;
}

const groupKeyOf = (m: RunMeta, groupSeeds: boolean) =>
  groupSeeds && m.group ? `g:${m.group.id}:${m.group.cell}` : `r:${m.id}`;

function singleEntry(meta: RunMeta, batches: readonly StoredBatch[], metric: MetricDef) {
  const line = seriesOf(batches, metric);
  return {
    name: meta.name,
    runIds: [meta.id],
    line,
    band: null,
    final: finalOf(line),
    spread: null,
    seeds: null,
  };
}

function groupEntry(
  members: { meta: RunMeta; batches: readonly StoredBatch[] }[],
  metric: MetricDef,
) {
  const series = members.map((m) => seriesOf(m.batches, metric));
  const agg = aggregate(series);
  const seeds = members.map((m, k) => ({
    id: m.meta.id,
    name: m.meta.name,
    seed: m.meta.group?.seed ?? m.meta.config.seed,
    final: finalOf(series[k]!),
  }));
  const spread = spreadOf(seeds.flatMap((s) => (s.final === null ? [] : [s.final])));
  return {
    name: groupName(members[0]!.meta.group!, members.length),
    runIds: members.map((m) => m.meta.id),
    line: meanSeries(agg),
    band: {
      lo: { steps: agg.steps, values: agg.spreads.map((s) => s.min) },
      hi: { steps: agg.steps, values: agg.spreads.map((s) => s.max) },
    },
    final: spread.n + spread.nonFinite > 0 ? spread.mean : null,
    spread,
    seeds,
  };
}

/** The entries to draw, the baseline's first, the rest in selection order. */
export function buildEntries(input: CompareInput): Entry[] {
  const units = new Map<string, { meta: RunMeta; batches: readonly StoredBatch[] }[]>();
  for (const meta of input.runs) {
    const batches = input.loaded.get(meta.id);
    if (!batches) continue;
    const key = groupKeyOf(meta, input.groupSeeds);
    units.set(key, [...(units.get(key) ?? []), { meta, batches }]);
  }
  const raw = [...units.values()].map((members) => ({
    ...(members.length === 1
      ? singleEntry(members[0]!.meta, members[0]!.batches, input.metric)
      : groupEntry(members, input.metric)),
    isBaseline: input.baselineId !== null && members.some((m) => m.meta.id === input.baselineId),
  }));
  const ordered = [...raw.filter((e) => e.isBaseline), ...raw.filter((e) => !e.isBaseline)];
  let next = 0;
  return ordered.map((e, i) => ({
    ...e,
    key: `e${i}`,
    color: e.isBaseline ? BASELINE_COLOR : PALETTE[next++ % PALETTE.length]!,
  }));
}

/** Final value − the baseline's final value; null without a baseline or a value. */
export function deltaOf(e: Entry, baseline: Entry | undefined): number | null {
  if (!baseline || e.final === null || baseline.final === null) return null;
  return e.final - baseline.final;
}

export interface CompareRow {
  step: number;
  /** One value per entry (null where the entry has no finite value at this step). */
  values: (number | null)[];
  /** One [min, max] per entry with a band. */
  bands: ([number, number] | null)[];
}

const finiteOrNull = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

/**
 * Rows on one step axis for every entry. The union of the entries' steps is thinned to about
 * `maxPoints` (each entry's first and last step always kept, so no line is cut short), and each
 * entry is read at every row's step with `valueAt`: its own value where it recorded that step,
 * the straight line between its neighbouring records elsewhere (what a line chart draws anyway).
 * So runs recorded at different steps line up, and a NaN record still breaks its line.
 * With `diff`, the baseline's value at the same step is subtracted from every entry.
 */
export function chartRows(
  entries: readonly Entry[],
  diff: boolean,
  maxPoints = MAX_POINTS_PER_LINE,
): CompareRow[] {
  const union = new Set<number>();
  for (const e of entries) for (const s of e.line.steps) union.add(s);
  const sorted = [...union].sort((a, b) => a - b);
  const kept = new Set(thinRows(sorted, maxPoints));
  for (const e of entries) {
    const n = e.line.steps.length;
    if (n > 0) kept.add(e.line.steps[0]!).add(e.line.steps[n - 1]!);
  }
  const base = diff ? entries.find((e) => e.isBaseline) : undefined;
  return [...kept]
    .sort((a, b) => a - b)
    .map((step) => {
      const offset = base ? valueAt(base.line, step) : 0;
      const shift = (v: number | null) =>
        v === null || offset === null ? null : finiteOrNull(v - offset);
      return {
        step,
        values: entries.map((e) => shift(valueAt(e.line, step))),
        bands: entries.map((e) => {
          if (!e.band) return null;
          const lo = shift(valueAt(e.band.lo, step));
          const hi = shift(valueAt(e.band.hi, step));
          return lo === null || hi === null ? null : [lo, hi];
        }),
      };
    });
}
