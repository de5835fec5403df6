/**
 * The "Seeds & sweeps" tab: start a seed repeat or a sweep of the current config, follow the
 * queue's progress, and read the results: the spread over seeds, or a heatmap of the final metric
 * whose cells open their runs in the compare view.
 */
import { useMemo, useState } from 'react';
import { PngButton } from '../charts/PngButton';
import type { ExperimentConfig } from '../../config/schema';
import type { RunMeta } from '../runs/runStore';
import { SeedRepeatForm, SweepForm } from './BatchForms';
import { batchesOf, FINAL_METRICS, type FinalMetric } from './batchResults';
import { SeedSpread } from './SeedSpread';
import { SweepHeatmap } from './SweepHeatmap';
import { fractionDone, type BatchApi } from './useBatch';

interface Props {
  config: ExperimentConfig;
  runs: readonly RunMeta[];
  batch: BatchApi;
  /** Shows these runs overlaid in the Runs tab's compare view. */
  onOpenRuns(ids: string[]): void;
}

function Progress({ batch }: { batch: BatchApi }) {
  const p = batch.active;
  if (!p) {
    return batch.outcome ? (
      <p
        className={batch.outcome.isError ? 'batch-outcome error' : 'batch-outcome'}
        role={batch.outcome.isError ? 'alert' : 'status'}
        data-testid="batch-outcome"
      >
        {batch.outcome.text}
      </p>
    ) : null;
  }
  const pct = Math.round(fractionDone(p) * 100);
  return (
    <div className="batch-progress" data-testid="batch-progress">
      <label>
        {p.label}: run {Math.min(p.index + 1, p.total)} of {p.total}
        {p.totalSteps > 0 && `, step ${p.step} / ${p.totalSteps}`}
        <progress max={100} value={pct} aria-valuetext={`${pct} %`}>
          {pct} %
        </progress>
      </label>
      <button type="button" onClick={batch.cancel}>
        Cancel
      </button>
    </div>
  );
}

export function ExperimentsView({ config, runs, batch, onOpenRuns }: Props) {
  const [metric, setMetric] = useState<FinalMetric>('finalLossVal');
  const [chosen, setChosen] = useState<string | null>(null);
  const batches = useMemo(() => batchesOf(runs, metric), [runs, metric]);
  const metricInfo = FINAL_METRICS.find((m) => m.key === metric)!;
  const shownId = chosen ?? batch.lastId ?? batches[0]?.id ?? null;
  const shown = batches.find((b) => b.id === shownId) ?? batches[0] ?? null;
  const busy = batch.active !== null;

  return (
    <>
      <section className="panel batch-panel" data-testid="batch-forms">
        <header className="panel-head">
          <h2>Seeds & sweeps</h2>
        </header>
        <p className="hint">
          Runs queue in the worker one after another (the interactive run is paused) and are saved
          with the other runs.
        </p>
        <div className="batch-forms">
          <SeedRepeatForm config={config} busy={busy} onStart={batch.start} />
          <SweepForm config={config} busy={busy} onStart={batch.start} />
        </div>
        <Progress batch={batch} />
      </section>
      <section className="panel chart-panel batch-panel" data-testid="batch-results">
        <header className="panel-head">
          <h2>Results</h2>
          {batches.length > 0 && (
            <div className="batch-pickers">
              <label className="inline-field">
                Batch
                <select value={shown?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
                  {batches.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.label} ({new Date(b.createdAt).toLocaleTimeString()})
                    </option>
                  ))}
                </select>
              </label>
              <label className="inline-field">
                Metric
                <select value={metric} onChange={(e) => setMetric(e.target.value as FinalMetric)}>
                  {FINAL_METRICS.map((m) => (
                    <option key={m.key} value={m.key}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </label>
              {shown && (
                <PngButton
                  title={shown.kind === 'sweep' ? 'Sweep heatmap' : 'Spread over seeds'}
                  detail={`${shown.label} · ${metricInfo.label}`}
                />
              )}
            </div>
          )}
        </header>
        {!shown ? (
          <p className="empty">Repeat a config over seeds or sweep a setting to see results here.</p>
        ) : (
          <>
            <p className="hint">
              {shown.stored} of {shown.planned} runs saved
              {shown.stored < shown.planned && !busy ? ' (the rest were not run)' : ''}.
            </p>
            {shown.kind === 'sweep' ? (
              <SweepHeatmap
                batch={shown}
                metricLabel={metricInfo.label}
                better={metricInfo.better}
                onOpen={(cell) => onOpenRuns(cell.runs.map((r) => r.id))}
              />
            ) : (
              <SeedSpread cell={shown.cells[0]!} metricLabel={metricInfo.label} />
            )}
            <button
              type="button"
              data-png-skip
              onClick={() => onOpenRuns(shown.cells.flatMap((c) => c.runs.map((r) => r.id)))}
            >
              Compare all {shown.stored} runs
            </button>
          </>
        )}
      </section>
    </>
  );
}
