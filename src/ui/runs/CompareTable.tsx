/**
 * Under the Compare chart: each entry's final value, its difference from the baseline's, what its
 * config changes relative to the baseline, and for a seed group the spread of the seeds' finals
 * (mean ± sd, min–max, n, and every seed's own value, diverged seeds named as such).
 */
import { formatMetric } from '../format';
import { configChanges, summarizeChanges } from './compareConfig';
import { deltaOf, type Entry, type SeedFinal } from './compareModel';
import type { RunMeta } from './runStore';

export function formatDelta(x: number | null): string {
  if (x === null) return '–';
  if (x > 0) return `+${formatMetric(x)}`;
  // A real minus sign, aligned with the plus.
  return x < 0 ? `−${formatMetric(-x)}` : '0';
}

const seedText = (s: SeedFinal) =>
  `seed ${s.seed}: ${s.final === null ? '–' : Number.isFinite(s.final) ? formatMetric(s.final) : `${formatMetric(s.final)} (diverged)`}`;

function SpreadCell({ entry }: { entry: Entry }) {
  const { spread, seeds } = entry;
  if (!spread || !seeds) return <td className="muted">single run</td>;
  const diverged = spread.nonFinite > 0 ? `, ${spread.nonFinite} diverged` : '';
  return (
    <td data-testid="compare-spread">
      <div>
        min–max {formatMetric(spread.min)} – {formatMetric(spread.max)} · n = {spread.n}
        {diverged}
      </div>
      <div className="compare-seeds">{seeds.map(seedText).join(' · ')}</div>
    </td>
  );
}

function finalText(e: Entry): string {
  if (e.spread) {
    const sd = Number.isNaN(e.spread.sd) ? '' : ` ± ${formatMetric(e.spread.sd)}`;
    return `${formatMetric(e.spread.mean)}${sd}`;
  }
  return formatMetric(e.final);
}

interface Props {
  entries: readonly Entry[];
  metas: ReadonlyMap<string, RunMeta>;
  metricLabel: string;
}

export function CompareTable({ entries, metas, metricLabel }: Props) {
  const baseline = entries.find((e) => e.isBaseline);
  const baseConfig = baseline && metas.get(baseline.runIds[0]!)?.config;
  return (
    <table className="compare-table" data-testid="compare-table">
      <caption className="sr-only">Final {metricLabel} of each compared run</caption>
      <thead>
        <tr>
          <th>run</th>
          <th>final {metricLabel}</th>
          <th>Δ vs baseline</th>
          <th>seeds: spread of the final value</th>
          <th>config vs baseline</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const config = metas.get(e.runIds[0]!)?.config;
          return (
            <tr
              key={e.key}
              data-testid="compare-row"
              data-name={e.name}
              data-final={e.final ?? undefined}
              data-baseline={e.isBaseline}
            >
              <td>
                <span className="compare-swatch" style={{ backgroundColor: e.color }} />
                {e.name}
                {e.isBaseline && <span className="baseline-tag">baseline</span>}
              </td>
              <td className="num" title={e.spread ? 'mean ± sample sd over seeds' : undefined}>
                {finalText(e)}
              </td>
              <td className="num">
                {e.isBaseline ? 'baseline' : formatDelta(deltaOf(e, baseline))}
              </td>
              <SpreadCell entry={e} />
              <td className="compare-config">
                {!baseConfig || e.isBaseline || !config
                  ? '–'
                  : summarizeChanges(
                      // A seed group's members differ in seed by design: that is not news.
                      configChanges(config, baseConfig).filter(
                        (c) => !(e.seeds && c.path === 'seed'),
                      ),
                    )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
