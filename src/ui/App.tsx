import { useEffect, useMemo, useState } from 'react';
import { DATASET_KIND } from '../config/options';
import { defaultConfig } from '../config/schema';
import { BoundaryCanvas } from './charts/BoundaryCanvas';
import { GradNormChart } from './charts/GradNormChart';
import { HistogramChart } from './charts/HistogramChart';
import { LossChart } from './charts/LossChart';
import { SampleGrid } from './charts/SampleGrid';
import { TimeGradChart } from './charts/TimeGradChart';
import { ConfigPanel } from './ConfigPanel';
import { ErrorBanner } from './ErrorBanner';
import { LoadProgress } from './LoadProgress';
import { BackendBadge, Controls, RunStats } from './Toolbar';
import { readUrlOptions } from './urlParams';
import { useLab } from './useLab';
import { useStaggered } from './useStaggered';

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
  const [url] = useState(() => readUrlOptions(window.location.search));
  const [initialConfig] = useState(defaultConfig);
  const [lab, commands] = useLab(url.backend, initialConfig);
  const lossView = useMemo(
    () => ({ rows: lab.loss.rows, firstLossTrain: lab.firstLossTrain, latest: lab.latest }),
    [lab.loss, lab.firstLossTrain, lab.latest],
  );
  const gradView = useMemo(
    () => ({ layers: lab.gradLayers, rows: lab.grad.rows }),
    [lab.gradLayers, lab.grad],
  );
  // Each Recharts chart refreshes in its own task, in turn; counters and the canvas stay immediate.
  const [loss, grad, histograms] = useStaggered([lossView, gradView, lab.histograms] as const);
  // What the model learns from decides the panel beside the loss: the data of the built model,
  // or, before the first build, the data the config names.
  const kind = lab.data?.kind ?? DATASET_KIND[lab.config.dataset.name];

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
      {url.warning && <p className="url-warning">{url.warning}</p>}
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
        <main className="charts">
          {lab.loading && <LoadProgress progress={lab.loading} />}
          <LossChart view={loss} />
          {kind === 'points' && <BoundaryCanvas boundary={lab.boundary} points={lab.points} />}
          {kind === 'images' && (
            <SampleGrid samples={lab.samples} predictions={lab.samplePredictions} />
          )}
          {kind === 'sequences' && (
            <TimeGradChart timeGrads={lab.timeGrads} arch={lab.config.model.arch} />
          )}
          <GradNormChart view={grad} />
          <HistogramChart histograms={histograms} />
        </main>
      </div>
    </div>
  );
}
