import { useMemo } from 'react';
import { DATASET_KIND } from '../config/options';
import { BoundaryCanvas } from './charts/BoundaryCanvas';
import { GradNormChart } from './charts/GradNormChart';
import { HistogramChart } from './charts/HistogramChart';
import { LossChart } from './charts/LossChart';
import { SampleGrid } from './charts/SampleGrid';
import { TimeGradChart } from './charts/TimeGradChart';
import type { LabState } from './state';
import { useStaggered } from './useStaggered';

/** The "Training" tab: loss (with event markers), the data panel, gradient norms, histograms. */
export function TrainingView({ lab }: { lab: LabState }) {
  const lossView = useMemo(
    () => ({
      rows: lab.loss.rows,
      firstLossTrain: lab.firstLossTrain,
      latest: lab.latest,
      events: lab.diagnostics.events,
    }),
    [lab.loss, lab.firstLossTrain, lab.latest, lab.diagnostics.events],
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
  return (
    <>
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
    </>
  );
}
