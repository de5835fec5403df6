/**
 * Every saved run: rename, delete, and export as the CLI's JSON or as CSV; pick runs to compare,
 * pin a baseline, open a run's details. Runs are saved as they train (see recorder.ts), so this
 * list, the comparison and the open details all survive reloads.
 */
import { useState } from 'react';
import { runFileText } from '../../config/runFile';
import { ConfirmDialog } from '../ConfirmDialog';
import { formatMetric } from '../format';
import { downloadText, fileNameOf } from './download';
import { metricsCsv, runFileOf } from './runExport';
import { CompareRunDetails } from './CompareRunDetails';
import { CompareView } from './CompareView';
import { useCompareOptions } from './compareOptions';
import type { RunMeta } from './runStore';
import type { CompareSelection } from './useCompareSelection';
import type { RunsApi } from './useRuns';

/** How a row takes part in the comparison. */
interface RowCompare {
  selected: boolean;
  baseline: boolean;
  open: boolean;
  onSelect(on: boolean): void;
  onPin(): void;
  onOpen(): void;
}

function RunRow({
  run,
  api,
  recording,
  compare,
}: {
  run: RunMeta;
  api: RunsApi;
  recording: boolean;
  compare: RowCompare;
}) {
  const [name, setName] = useState(run.name);
  const [asking, setAsking] = useState(false);
  const exportAs = async (kind: 'json' | 'csv') => {
    const stored = await api.load(run.id);
    if (!stored) return;
    const base = fileNameOf(run.name);
    if (kind === 'json')
      downloadText(
        `${base}.json`,
        runFileText(runFileOf(stored.meta, stored.batches)),
        'application/json',
      );
    else downloadText(`${base}.csv`, metricsCsv(stored.batches), 'text/csv');
  };
  const commitName = () => {
    const trimmed = name.trim();
    if (trimmed && trimmed !== run.name) void api.rename(run.id, trimmed);
    else setName(run.name);
  };
  return (
    <tr
      data-testid="run-row"
      data-run-id={run.id}
      data-name={run.name}
      data-state={run.state}
      data-step={run.step}
      data-selected={compare.selected}
      data-baseline={compare.baseline}
      className={compare.baseline ? 'is-baseline' : undefined}
    >
      <td className="run-compare">
        <input
          type="checkbox"
          aria-label={`Compare ${run.name}`}
          checked={compare.selected}
          onChange={(e) => compare.onSelect(e.target.checked)}
        />
      </td>
      <td>
        <input
          className="run-name"
          aria-label="Run name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
        {recording && <span className="run-live">recording</span>}
        {compare.baseline && <span className="baseline-tag">baseline</span>}
      </td>
      <td>{run.state}</td>
      <td className="num">
        {run.step} / {run.totalSteps}
      </td>
      <td className="num">
        {run.finalAccuracyVal === null ? '–' : `${(100 * run.finalAccuracyVal).toFixed(1)} %`}
      </td>
      <td className="num">{formatMetric(run.finalLossVal)}</td>
      <td>{run.env.backend ?? '–'}</td>
      <td className="run-actions">
        <button
          type="button"
          aria-pressed={compare.open}
          aria-label={`Open ${run.name}`}
          onClick={compare.onOpen}
        >
          Open
        </button>
        <button
          type="button"
          className="pin"
          aria-pressed={compare.baseline}
          aria-label={`Pin as baseline: ${run.name}`}
          title="The reference every compared run is measured against"
          onClick={compare.onPin}
        >
          Pin as baseline
        </button>
        <button type="button" onClick={() => void exportAs('json')}>
          JSON
        </button>
        <button type="button" onClick={() => void exportAs('csv')}>
          CSV
        </button>
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Delete
        </button>
        {asking && (
          <ConfirmDialog
            title="Delete this run?"
            message={`"${run.name}" and its metrics will be removed from this browser.`}
            confirmLabel="Delete"
            onConfirm={() => {
              setAsking(false);
              void api.remove(run.id);
            }}
            onCancel={() => setAsking(false)}
          />
        )}
      </td>
    </tr>
  );
}

/** "Import run…": a file picker; a refused file leaves the store as it was and says why. */
function ImportButton({ api }: { api: RunsApi }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="run-import">
      <label className="button-like">
        Import run…
        <input
          type="file"
          accept="application/json,.json"
          className="sr-only"
          data-testid="run-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ''; // the same file can be chosen again
            if (file) void api.importFile(file).then(setMessage);
          }}
        />
      </label>
      {message && (
        <p className="import-error" role="alert" data-testid="import-error">
          {message}
        </p>
      )}
    </div>
  );
}

export function RunsView({ api, compare }: { api: RunsApi; compare: CompareSelection }) {
  const [options, setOptions] = useCompareOptions();
  // Set by Open (not by a reload), so focus moves to the details only when a person asked.
  const [focusDetails, setFocusDetails] = useState(false);
  const opened = api.runs.find((r) => r.id === options.open) ?? null;
  const baseline = api.runs.find((r) => r.id === compare.baseline) ?? null;
  return (
    <>
      <CompareView api={api} selection={compare} options={options} setOptions={setOptions} />
      {opened && (
        <CompareRunDetails
          api={api}
          run={opened}
          baseline={baseline && baseline.id !== opened.id ? baseline : null}
          focus={focusDetails}
          onClose={() => setOptions({ open: null })}
        />
      )}
      <section className="panel wide" data-testid="runs-view" data-count={api.runs.length}>
        <header className="panel-head">
          <h2>Saved runs</h2>
          <ImportButton api={api} />
        </header>
        {api.error && <p className="url-warning">{api.error}</p>}
        {api.runs.length === 0 ? (
          <p className="empty">Every run is saved here as it trains, and survives a reload.</p>
        ) : (
          <table className="runs-table">
            <thead>
              <tr>
                <th>compare</th>
                <th>name</th>
                <th>state</th>
                <th>steps</th>
                <th>val. accuracy</th>
                <th>val. loss</th>
                <th>backend</th>
                <th>
                  <span className="sr-only">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {api.runs.map((r) => (
                <RunRow
                  key={r.id}
                  run={r}
                  api={api}
                  recording={r.id === api.currentId}
                  compare={{
                    selected: compare.selected.includes(r.id),
                    baseline: compare.baseline === r.id,
                    open: opened?.id === r.id,
                    onSelect: (on) => compare.setSelected(r.id, on),
                    onPin: () => compare.togglePin(r.id),
                    onOpen: () => {
                      const open = opened?.id !== r.id;
                      // Opening also puts the run in the comparison, so its curve is in view.
                      if (open) compare.setSelected(r.id, true);
                      setFocusDetails(open);
                      setOptions({ open: open ? r.id : null });
                    },
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
