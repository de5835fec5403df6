/**
 * A sweep's final metric as a grid of cells: rows are the first axis, columns the second (a
 * one-axis sweep is one row). Each cell is a button that opens its runs in the compare view; the
 * number is printed, so the colour only helps the eye. Diverged runs are marked in the cell.
 */
import { formatMetric } from '../format';
import { badness, type BatchCell, type BatchSummary } from './batchResults';

/** Best → worst: green, yellow, red (the value is always printed too). */
const RAMP: [number, number, number][] = [
  [26, 152, 80],
  [254, 224, 139],
  [215, 48, 39],
];

export function rampColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i]!.map((v, k) => Math.round(v + (RAMP[i + 1]![k]! - v) * f));
  return `rgb(${c.join(', ')})`;
}

const show = (v: number | string | boolean) => (typeof v === 'number' ? formatMetric(v) : String(v));

interface Props {
  batch: BatchSummary;
  metricLabel: string;
  better: 'low' | 'high';
  onOpen(cell: BatchCell): void;
}

export function SweepHeatmap({ batch, metricLabel, better, onOpen }: Props) {
  const { axes, cells } = batch;
  const rowAxis = axes.length === 2 ? axes[0]! : null;
  const colAxis = axes.at(-1)!;
  const means = cells.flatMap((c) => (c.spread ? [c.spread.mean] : []));
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  const rows = rowAxis ? rowAxis.values.map((_, r) => r) : [0];
  const cols = colAxis.values.length;
  const diverged = cells.reduce((n, c) => n + c.diverged, 0);

  const cellView = (c: BatchCell) => {
    const where = c.values.map((v, a) => `${axes[a]!.path} = ${show(v)}`).join(', ');
    if (c.runs.length === 0) {
      return (
        <td key={c.cell} className="heat-cell heat-missing" data-cell={c.cell}>
          <span>not run</span>
        </td>
      );
    }
    const s = c.spread;
    const value = s ? `${formatMetric(s.mean)}${s.n > 1 ? ` ± ${formatMetric(s.sd)}` : ''}` : '—';
    const label = `${where}: ${metricLabel.toLowerCase()} ${value}${c.diverged > 0 ? `, ${c.diverged} of ${c.runs.length} diverged` : ''}. Open its runs in Compare.`;
    return (
      <td key={c.cell} className="heat-td" data-cell={c.cell} data-diverged={c.diverged}>
        <button
          type="button"
          className={`heat-cell${c.diverged > 0 ? ' heat-diverged' : ''}`}
          style={s ? { background: rampColor(badness(s.mean, lo, hi, better)) } : undefined}
          aria-label={label}
          title={label}
          onClick={() => onOpen(c)}
        >
          <span className="heat-value">{value}</span>
          {c.diverged > 0 && (
            <span className="heat-flag">
              ✕ {c.diverged}/{c.runs.length} diverged
            </span>
          )}
        </button>
      </td>
    );
  };

  return (
    <figure className="sweep-heatmap" data-testid="sweep-heatmap" data-cells={cells.length} data-diverged={diverged}>
      <table>
        <caption>
          {metricLabel} ({better === 'low' ? 'lower' : 'higher'} is better
          {batch.seeds.length > 1 ? `; mean ± sd over ${batch.seeds.length} seeds` : ''})
        </caption>
        <thead>
          <tr>
            <th scope="col">{rowAxis ? `${rowAxis.path} ↓ · ${colAxis.path} →` : `${colAxis.path} →`}</th>
            {colAxis.values.map((v, i) => (
              <th key={i} scope="col">
                {show(v)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r}>
              <th scope="row">{rowAxis ? show(rowAxis.values[r]!) : ''}</th>
              {cells.slice(r * cols, (r + 1) * cols).map(cellView)}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
