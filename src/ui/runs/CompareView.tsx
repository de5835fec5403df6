/**
 * The Compare panel of the Runs tab: every selected run overlaid on one metric, the pinned
 * baseline first and drawn dark, seed groups as mean and band, and a table of final values.
 * Runs are loaded from IndexedDB once (compareLoad.ts); everything drawn is derived by the pure
 * compareModel, so this file only wires state to it.
 */
import { useId, useMemo } from 'react';
import { PngButton } from '../charts/PngButton';
import { CompareChart } from './CompareChart';
import { CompareLegend } from './CompareLegend';
import { CompareTable } from './CompareTable';
import { buildEntries, chartRows } from './compareModel';
import { useLoadedRuns, useStableMetas } from './compareLoad';
import type { CompareOptions } from './compareOptions';
import { availableMetrics, metricOf, METRICS, type MetricKey } from './compareSeries';
import type { RunMeta } from './runStore';
import type { CompareSelection } from './useCompareSelection';
import type { RunsApi } from './useRuns';

interface Props {
  api: RunsApi;
  selection: CompareSelection;
  options: CompareOptions;
  setOptions(patch: Partial<CompareOptions>): void;
}

function Check({
  label,
  checked,
  disabled = false,
  title,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  title?: string;
  onChange(on: boolean): void;
}) {
  const id = useId();
  return (
    <div className="toggle" title={title}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function CompareView({ api, selection, options, setOptions }: Props) {
  const metricId = useId();
  const selectedMetas = useMemo(() => {
    const byId = new Map(api.runs.map((r) => [r.id, r]));
    return selection.selected.flatMap((id) => byId.get(id) ?? []);
  }, [api.runs, selection.selected]);
  const loaded = useLoadedRuns(api, selectedMetas);
  const metas = useStableMetas(selectedMetas);
  const metaById = useMemo(() => new Map<string, RunMeta>(metas.map((m) => [m.id, m])), [metas]);
  const available = useMemo(() => availableMetrics([...loaded.values()]), [loaded]);
  // A stored choice the selected runs lack falls back for now, but is kept for when they have it.
  const metric =
    available.find((m) => m.key === options.metric) ?? available[0] ?? metricOf(options.metric)!;
  const entries = useMemo(
    () =>
      buildEntries({
        runs: metas,
        loaded,
        baselineId: selection.baseline,
        metric,
        groupSeeds: options.groupSeeds,
      }),
    [metas, loaded, selection.baseline, metric, options.groupSeeds],
  );
  const hasBaseline = entries.some((e) => e.isBaseline);
  const diff = options.diff && hasBaseline;
  const rows = useMemo(() => chartRows(entries, diff), [entries, diff]);
  const loading = metas.length - metas.filter((m) => loaded.has(m.id)).length;
  const baselineName = entries.find((e) => e.isBaseline)?.name;

  return (
    <section
      className="panel wide chart-panel compare-panel"
      aria-labelledby={`${metricId}-title`}
      data-testid="compare-view"
    >
      <header className="panel-head compare-head">
        <h2 id={`${metricId}-title`}>
          Compare{' '}
          {entries.length > 0 && (
            <span className="sub">
              {metric.label}
              {diff ? ` − baseline (${baselineName})` : ''}
            </span>
          )}
        </h2>
        <div className="compare-controls">
          <div className="toggle">
            <label htmlFor={metricId}>Metric</label>
            <select
              id={metricId}
              value={metric.key}
              disabled={available.length === 0}
              onChange={(e) => setOptions({ metric: e.target.value as MetricKey })}
            >
              {(available.length > 0 ? available : METRICS).map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <Check
            label="Log scale"
            checked={options.log && !diff}
            disabled={diff}
            title={diff ? 'Differences can be negative: shown on a linear scale' : undefined}
            onChange={(log) => setOptions({ log })}
          />
          <Check
            label="Difference from baseline"
            checked={diff}
            disabled={!hasBaseline}
            title={
              hasBaseline
                ? 'Each run minus the baseline at the same step'
                : 'Pin a run as baseline first'
            }
            onChange={(on) => setOptions({ diff: on })}
          />
          <Check
            label="Group seeds"
            checked={options.groupSeeds}
            title="Runs of one config with different seeds as one mean line and a min–max band"
            onChange={(groupSeeds) => setOptions({ groupSeeds })}
          />
          {entries.length > 0 && <PngButton title="Compare" detail={metric.label} />}
        </div>
      </header>
      {selection.selected.length === 0 ? (
        <p className="compare-hint">
          Tick <strong>Compare</strong> on two or more runs below to overlay them on one metric; pin
          one as the baseline to see every other run against it.
        </p>
      ) : (
        <>
          <div
            data-testid="compare-chart"
            data-series={entries.length}
            data-metric={metric.key}
            data-diff={diff}
            data-baseline={baselineName ?? ''}
            data-rows={rows.length}
          >
            {entries.length === 0 ? (
              <p className="empty compare-box">Loading {loading} run(s)…</p>
            ) : (
              <CompareChart entries={entries} rows={rows} log={options.log && !diff} />
            )}
          </div>
          <CompareLegend entries={entries} />
          {loading > 0 && entries.length > 0 && (
            <p className="caption">Loading {loading} more run(s)…</p>
          )}
          {diff && (
            <p className="caption">
              Each line is its run minus the baseline at the same step; where the baseline has no
              record at that step, the straight line between its neighbouring records is used.
            </p>
          )}
          {entries.length > 0 && (
            <CompareTable entries={entries} metas={metaById} metricLabel={metric.label} />
          )}
        </>
      )}
    </section>
  );
}
