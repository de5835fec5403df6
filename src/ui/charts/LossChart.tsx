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
import { thinRows } from '../series';
import type { LatestRecord, LossRow } from '../state';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { LinePlot } from './plot/LinePlot';
import type { PlotSeries } from './plot/series';
import { niceTickSpec, roundUpperBound, ticksOf } from './ticks';
import { useBoxSize } from './useBoxSize';
import { PngButton } from './PngButton';

/** Points drawn per line: enough for a ~600 px wide chart (one per ~5 px). */
const MAX_DRAWN_ROWS = 120;

const SERIES: PlotSeries<LossRow>[] = [
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
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const drawn = useMemo(() => thinRows(rows, MAX_DRAWN_ROWS), [rows]);
  let maxLoss = 0;
  // A diverged step (NaN, ∞) is a gap in the line, not a reason to lose the axis.
  for (const r of drawn)
    for (const v of [r.lossTrain, r.lossVal])
      if (v !== null && Number.isFinite(v)) maxLoss = Math.max(maxLoss, v);
  const top = roundUpperBound(maxLoss);
  // The step axis covers every marker too: an event before the first record still gets its line.
  let xLo = drawn[0]?.step ?? 0;
  let xHi = drawn[drawn.length - 1]?.step ?? 1;
  for (const m of markers) {
    xLo = Math.min(xLo, m.step);
    xHi = Math.max(xHi, m.step);
  }
  const x = niceTickSpec(xLo, xHi, 6);
  const y = niceTickSpec(0, top, 5);
  // Memoized on primitives so the arrays keep their identity while the values do not change.
  const xTicks = useMemo(() => ticksOf(x.start, x.step, x.count), [x.start, x.step, x.count]);
  const yTicks = useMemo(() => ticksOf(y.start, y.step, y.count), [y.start, y.step, y.count]);

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
      <div className="chart-box" ref={boxRef}>
        {rows.length === 0 ? (
          <p className="empty">Press Train or Step to record the first losses.</p>
        ) : (
          box.width > 0 && (
            <LinePlot
              label="Loss"
              width={box.width}
              height={box.height}
              rows={drawn}
              series={SERIES}
              xLo={xLo}
              xHi={xHi}
              xTicks={xTicks}
              yLo={0}
              yHi={top}
              yTicks={yTicks}
              markers={markers}
            />
          )
        )}
      </div>
      <ChartLegend items={legend} />
    </section>
  );
});
