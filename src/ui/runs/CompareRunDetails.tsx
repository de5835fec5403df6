/**
 * One run's details, opened from its row: how its config differs from the pinned baseline (or,
 * without one, from the default config), where it ran, how far it got, its final metrics and how
 * many health events it raised.
 */
import { Fragment, useEffect, useMemo, useRef } from 'react';
import { defaultConfig } from '../../config/schema';
import { formatMetric, formatPercent } from '../format';
import { configChanges, showValue } from './compareConfig';
import { useLoadedRuns } from './compareLoad';
import { finalOf, metricOf, seriesOf, type MetricKey } from './compareSeries';
import type { RunMeta, StoredBatch } from './runStore';
import type { RunsApi } from './useRuns';

interface Props {
  api: RunsApi;
  run: RunMeta;
  /** The pinned baseline, if any (and not this run). */
  baseline: RunMeta | null;
  /** Move focus here (the person just opened it). */
  focus: boolean;
  onClose(): void;
}

/** Built once: the reference for runs compared with the defaults. */
const DEFAULT_CONFIG = defaultConfig();

const FINALS: [MetricKey, string, (x: number | null) => string][] = [
  ['lossVal', 'validation loss', formatMetric],
  ['accuracyVal', 'validation accuracy', formatPercent],
  ['lossTrain', 'train loss', formatMetric],
  ['accuracyTrain', 'train accuracy', formatPercent],
  ['gradNorm', 'total gradient norm', formatMetric],
];

function finals(batches: readonly StoredBatch[]) {
  return FINALS.map(([key, label, format]) => ({
    label,
    text: format(finalOf(seriesOf(batches, metricOf(key)!))),
  }));
}

export function CompareRunDetails({ api, run, baseline, focus, onClose }: Props) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, run.id]);
  const wanted = useMemo(() => [run], [run]);
  const batches = useLoadedRuns(api, wanted).get(run.id);
  const reference = baseline ? baseline.config : DEFAULT_CONFIG;
  const changes = useMemo(() => configChanges(run.config, reference), [run.config, reference]);
  const events = batches?.reduce((n, b) => n + b.events.length, 0);
  const against = baseline ? `the baseline “${baseline.name}”` : 'the default config';

  return (
    <section
      ref={ref}
      tabIndex={-1}
      className="panel wide run-details"
      aria-label={`Details of ${run.name}`}
      data-testid="run-details"
      data-run-id={run.id}
    >
      <header className="panel-head">
        <h2>
          {run.name} <span className="sub">details</span>
        </h2>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </header>
      <div className="run-details-body">
        <dl className="run-facts">
          <dt>state</dt>
          <dd>{run.state}</dd>
          <dt>steps</dt>
          <dd>
            {run.step} / {run.totalSteps}
          </dd>
          <dt>backend</dt>
          <dd>
            {run.env.backend ?? '–'}
            {run.env.adapter ? ` (${run.env.adapter})` : ''}
          </dd>
          <dt>tfjs</dt>
          <dd>{run.env.tfjsVersion ?? '–'}</dd>
          <dt>created</dt>
          <dd>{new Date(run.createdAt).toLocaleString()}</dd>
          {run.group && (
            <>
              <dt>batch</dt>
              <dd>
                {run.group.label} · seed {run.group.seed}
              </dd>
            </>
          )}
          <dt>events</dt>
          <dd data-testid="run-details-events">{events ?? '…'}</dd>
          {(batches ? finals(batches) : []).map((f) => (
            <Fragment key={f.label}>
              <dt>final {f.label}</dt>
              <dd>{f.text}</dd>
            </Fragment>
          ))}
        </dl>
        <div className="run-config-diff">
          <h3>Config vs {against}</h3>
          {changes.length === 0 ? (
            <p className="muted">Same as {against}.</p>
          ) : (
            <table className="compare-table" data-testid="run-config-diff">
              <thead>
                <tr>
                  <th>field</th>
                  <th>this run</th>
                  <th>{baseline ? 'baseline' : 'default'}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.path}>
                    <td>{c.path}</td>
                    <td className="num">{showValue(c.value)}</td>
                    <td className="num">{showValue(c.reference)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
