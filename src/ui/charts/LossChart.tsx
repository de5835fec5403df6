import { memo, useMemo } from 'react';
import type { LabEvent } from '../../events';
import { markersOf, type EventMarker } from '../eventMarkers';
import {
  ACCURACY_COLOR,
  formatMetric,
  formatPercent,
  SEVERITY_COLOR,
  TRAIN_COLOR,
  VAL_COLOR,
} from '../format';
import type { LatestRecord, LossRow } from '../state';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { StepLines, type LineSpec } from './StepLines';
import { PngButton } from './PngButton';

const LINES: LineSpec<LossRow>[] = [
  { name: 'train loss', color: TRAIN_COLOR, get: (r) => r.lossTrain },
  { name: 'validation loss', color: VAL_COLOR, get: (r) => r.lossVal },
];

export interface LossView {
  rows: readonly LossRow[];
  firstLossTrain: number | null;
  latest: LatestRecord | null;
  /** Health alerts and controller actions, marked at their steps. */
  events: readonly LabEvent[];
}

const LEGEND: LegendItem[] = [
  { label: 'train loss', color: TRAIN_COLOR },
  { label: 'validation loss', color: VAL_COLOR },
];
const ALERT_ITEM: LegendItem = {
  label: 'alert (hover for its title)',
  color: SEVERITY_COLOR.warning,
};
const ACTION_ITEM: LegendItem = {
  label: 'controller action',
  color: SEVERITY_COLOR.info,
  dashed: true,
};

/** The legend names the kinds of marker the chart shows, and no others. */
function legendFor(markers: readonly EventMarker[]): LegendItem[] {
  const hasAlerts = markers.some((m) => m.source === 'monitor');
  const hasActions = markers.some((m) => m.source === 'controller');
  return [...LEGEND, ...(hasAlerts ? [ALERT_ITEM] : []), ...(hasActions ? [ACTION_ITEM] : [])];
}

/** Train and validation loss against step; validation accuracy as a number beside them. */
export const LossChart = memo(function LossChart({ view }: { view: LossView }) {
  const { rows, firstLossTrain, latest, events } = view;
  const markers = useMemo(() => markersOf(events), [events]);
  const legend = useMemo(() => legendFor(markers), [markers]);
  return (
    <section
      className="panel chart-panel"
      data-testid="loss-chart"
      data-points={rows.length}
      data-last-step={latest?.step}
      data-first-loss-train={firstLossTrain ?? undefined}
      data-last-loss-train={latest?.lossTrain}
      data-last-loss-val={latest?.lossVal}
      data-last-accuracy-val={latest?.accuracyVal}
      data-events={markers.length}
    >
      <header className="panel-head">
        <h2>Loss</h2>
        <dl className="readout">
          <div>
            <dt>train</dt>
            <dd style={{ color: TRAIN_COLOR }}>{formatMetric(latest?.lossTrain)}</dd>
          </div>
          <div>
            <dt>validation</dt>
            <dd style={{ color: VAL_COLOR }}>{formatMetric(latest?.lossVal)}</dd>
          </div>
          <div>
            <dt>val. accuracy</dt>
            <dd style={{ color: ACCURACY_COLOR }}>{formatPercent(latest?.accuracyVal)}</dd>
          </div>
        </dl>
        <PngButton title="Loss" step={latest?.step} />
      </header>
      <StepLines
        rows={rows}
        lines={LINES}
        markers={markers}
        sparseDots={false}
        empty="Press Train or Step to record the first losses."
        label="Loss"
      />
      <ChartLegend items={legend} />
    </section>
  );
});
