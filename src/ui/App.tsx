import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FromWorker } from '../protocol';
import type { LabEvent } from '../events';
import { ConfigPanel } from './ConfigPanel';
import { ErrorBanner } from './ErrorBanner';
import { useBatch, type BatchApi } from './experiments/useBatch';
import { SEVERITY_COLOR } from './format';
import { CurvatureView, EventList, ExperimentsView, LayersView, RunsView } from './lazyViews';
import { LoadProgress } from './LoadProgress';
import { TabPanel, Tabs, type TabSpec } from './Tabs';
import { BackendBadge, Controls, RunStats } from './Toolbar';
import { TrainingView } from './TrainingView';
import { readUrlOptions, subscribeBackendPreference, writeConfigToUrl } from './urlParams';
import { useCompareSelection } from './runs/useCompareSelection';
import { useRuns } from './runs/useRuns';
import { useLab } from './useLab';

type ViewId = 'training' | 'layers' | 'curvature' | 'events' | 'runs' | 'experiments';
const TABS_ID = 'views';

/** The colour of the most severe event, for the Events tab's badge. */
function worstColor(events: readonly LabEvent[]): string {
  if (events.some((e) => e.severity === 'critical')) return SEVERITY_COLOR.critical;
  if (events.some((e) => e.severity === 'warning')) return SEVERITY_COLOR.warning;
  return SEVERITY_COLOR.info;
}

/** Space belongs to whatever control has focus; only elsewhere does it toggle training. */
function isOwnSpaceTarget(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest(
      'input, textarea, select, button, a[href], summary, [contenteditable="true"], [contenteditable=""]',
    ) !== null
  );
}

export function App() {
  // The lab starts from the experiment in the URL; a bad parameter falls back and is listed.
  const [url] = useState(() => readUrlOptions(window.location.search));
  // Every run is saved as it trains (IndexedDB) and listed in the Runs view.
  const runs = useRuns(url.config);
  const compare = useCompareSelection(runs.runs);
  // Batches report on the same message stream; their view state lives in useBatch.
  const batchRef = useRef<BatchApi | null>(null);
  const { receive: saveRuns } = runs;
  const onMessage = useCallback(
    (msg: FromWorker) => {
      saveRuns(msg);
      batchRef.current?.receive(msg);
    },
    [saveRuns],
  );
  const [lab, commands] = useLab(url.backend, url.config, onMessage);
  const batch = useBatch(commands.send);
  useEffect(() => {
    batchRef.current = batch;
  });
  // Choosing another backend replaces the worker (useLab), and a batch in progress with it.
  useEffect(() => subscribeBackendPreference(() => batchRef.current?.workerRestarted()), []);
  const [view, setView] = useState<ViewId>('training');
  const { events, eventCount } = lab.diagnostics;
  const badgeColor = useMemo(() => worstColor(events), [events]);
  const tabs: TabSpec<ViewId>[] = [
    { id: 'training', label: 'Training' },
    { id: 'layers', label: 'Layers' },
    { id: 'curvature', label: 'Curvature & calibration' },
    { id: 'events', label: 'Events', badge: eventCount, badgeColor },
    { id: 'runs', label: 'Runs', badge: runs.runs.length },
    { id: 'experiments', label: 'Seeds & sweeps' },
  ];
  // A heatmap cell or a seed repeat opens its runs overlaid in the Runs tab.
  const { show: showInCompare } = compare;
  const openRuns = useCallback(
    (ids: string[]) => {
      showInCompare(ids);
      setView('runs');
    },
    [showInCompare],
  );

  // Every config the worker confirms goes to the address bar, so copying it shares the experiment.
  useEffect(() => {
    if (lab.configVersion > 0) writeConfigToUrl(lab.config);
  }, [lab.config, lab.configVersion]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey)
        return;
      if (isOwnSpaceTarget(e.target)) return;
      e.preventDefault();
      commands.toggleTrain();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>Stability Lab</h1>
          <p>How normalization and regularization keep deep-network training stable</p>
        </div>
        <RunStats status={lab.status} accuracyVal={lab.latest?.accuracyVal ?? null} />
        <BackendBadge info={lab.backend} />
      </header>
      {url.warnings.length > 0 && (
        <div className="url-warning" role="status" data-testid="url-warning">
          {url.warnings.length === 1 ? (
            <p>{url.warnings[0]}</p>
          ) : (
            <>
              <p>{url.warnings.length} URL parameters were ignored:</p>
              <ul>
                {url.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {lab.error && <ErrorBanner error={lab.error} onDismiss={commands.dismissError} />}
      <div className="layout">
        <aside className="sidebar">
          <Controls
            status={lab.status}
            onToggle={commands.toggleTrain}
            onStep={commands.step}
            onReset={commands.reset}
          />
          <p className="kbd-hint">
            <kbd>Space</kbd> trains / pauses
          </p>
          <ConfigPanel
            config={lab.config}
            applying={lab.applying}
            notice={lab.notice}
            onApply={commands.applyConfig}
            hasProgress={commands.hasProgress}
          />
        </aside>
        <main className="views">
          {lab.loading && <LoadProgress progress={lab.loading} />}
          <Tabs<ViewId>
            tabs={tabs}
            selected={view}
            onSelect={setView}
            idPrefix={TABS_ID}
            label="Views of the run"
          />
          {tabs.map((t) => (
            <TabPanel
              key={t.id}
              idPrefix={TABS_ID}
              id={t.id}
              isSelected={t.id === view}
              className="charts"
            >
              <Suspense fallback={<p className="empty tab-loading">Loading…</p>}>
                {t.id === 'training' && <TrainingView lab={lab} />}
                {t.id === 'layers' && <LayersView lab={lab} />}
                {t.id === 'curvature' && (
                  <CurvatureView lab={lab} onApplyConfig={commands.applyConfig} />
                )}
                {t.id === 'events' && (
                  <EventList
                    events={events}
                    eventCount={eventCount}
                    isMonitorOn={lab.config.diagnostics.monitor}
                  />
                )}
                {t.id === 'runs' && <RunsView api={runs} compare={compare} />}
                {t.id === 'experiments' && (
                  <ExperimentsView
                    config={lab.config}
                    runs={runs.runs}
                    batch={batch}
                    onOpenRuns={openRuns}
                  />
                )}
              </Suspense>
            </TabPanel>
          ))}
        </main>
      </div>
    </div>
  );
}
