/**
 * Names every line of the Compare chart, baseline first and marked, and says what a band is
 * (a plain HTML list: screen readers and tests read it; the Recharts legend measures itself).
 */
import type { Entry } from './compareModel';

export function CompareLegend({ entries }: { entries: readonly Entry[] }) {
  return (
    <ul className="chart-legend compare-legend" data-testid="compare-legend">
      {entries.map((e) => (
        <li
          key={e.key}
          data-testid="compare-legend-item"
          data-name={e.name}
          data-baseline={e.isBaseline}
          className={e.isBaseline ? 'is-baseline' : undefined}
        >
          <span
            className={`swatch${e.band ? ' band' : ''}`}
            style={{ borderColor: e.color, backgroundColor: e.band ? e.color : undefined }}
          />
          <span className="compare-legend-name">{e.name}</span>
          {e.isBaseline && <span className="baseline-tag">baseline</span>}
          {e.band && e.spread && (
            <span className="muted">line = mean, band = min–max over {e.runIds.length} seeds</span>
          )}
          {e.line.values.length === 0 && <span className="muted">(no values for this metric)</span>}
        </li>
      ))}
    </ul>
  );
}
