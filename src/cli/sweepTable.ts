/**
 * The table a person reads on stderr after a sweep: final validation accuracy per cell (mean over
 * seeds), the first axis down, the second across; diverged and failed runs are marked.
 */
import type { AxisValue, SweepAxis } from '../config/sweep';
import type { RunSummary } from '../engine/run';

/** One run's outcome: its cell and summary, or null when it failed with an error. */
export interface RunOutcome {
  cell: number;
  summary: RunSummary | null;
}

const showValue = (v: AxisValue) => (typeof v === 'string' ? v : JSON.stringify(v));

/** "97.1 %", "97.1 ± 0.4 %", "96.0 % (1/3 diverged)", "DIVERGED", "failed". */
export function formatCell(outcomes: RunOutcome[]): string {
  const n = outcomes.length;
  const failed = outcomes.filter((o) => o.summary === null).length;
  const diverged = outcomes.filter((o) => o.summary?.diverged).length;
  const accs = outcomes.flatMap((o) =>
    o.summary && !o.summary.diverged && o.summary.finalAccuracyVal !== null
      ? [o.summary.finalAccuracyVal]
      : [],
  );
  const notes = [];
  if (diverged > 0 && accs.length > 0) notes.push(`${diverged}/${n} diverged`);
  if (failed > 0 && accs.length > 0) notes.push(`${failed}/${n} failed`);
  const suffix = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  if (accs.length === 0) {
    if (diverged === n) return 'DIVERGED';
    if (diverged > 0) return `DIVERGED (${diverged}/${n}, ${failed} failed)`;
    return failed > 0 ? 'failed' : '–';
  }
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  if (accs.length === 1) return `${(100 * mean).toFixed(1)} %${suffix}`;
  const sd = Math.sqrt(accs.reduce((s, a) => s + (a - mean) ** 2, 0) / (accs.length - 1));
  return `${(100 * mean).toFixed(1)} ± ${(100 * sd).toFixed(1)} %${suffix}`;
}

function layout(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatSweepTable(
  axes: SweepAxis[],
  seeds: number[],
  outcomes: RunOutcome[],
): string {
  const [down, across] = axes as [SweepAxis, SweepAxis | undefined];
  const columns = across ? across.values.length : 1;
  const cell = (r: number, c: number) =>
    formatCell(outcomes.filter((o) => o.cell === r * columns + c));
  const header = across
    ? [`${down.path} \\ ${across.path}`, ...across.values.map(showValue)]
    : [down.path, 'validation accuracy'];
  const body = down.values.map((v, r) => [
    showValue(v),
    ...Array.from({ length: columns }, (_, c) => cell(r, c)),
  ]);
  const title =
    seeds.length === 1
      ? `Final validation accuracy per cell (seed ${seeds[0]}):`
      : `Final validation accuracy per cell, mean ± sd over seeds ${seeds.join(', ')} (diverged runs left out of the mean):`;
  return `${title}\n${layout([header, ...body])}`;
}
