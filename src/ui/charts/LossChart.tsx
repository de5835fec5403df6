import { memo, useMemo } from 'react';
import { Line, LineChart } from 'recharts';
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
import { eventLines } from './eventLines';
import { MARGIN } from './chartProps';
import { niceTickSpec, roundUpperBound, ticksOf } from './ticks';
import { stepAxes } from './stepAxes';
import { useBoxSize } from './useBoxSize';
import { PngButton } from './PngButton';

/** Points drawn per line: enough for a ~600 px wide chart; each drawn point costs Recharts time. */
const MAX_DRAWN_ROWS = 120;

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
  // Built once per event list: Recharts re-registers reference lines whose props change.
  const markerLines = useMemo(() => eventLines(markers), [markers]);
  const legend = useMemo(() => legendFor(markers), [markers]);
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const drawn = useMemo(() => thinRows(rows, MAX_DRAWN_ROWS), [rows]);
  let maxLoss = 0;
  for (const r of drawn) maxLoss = Math.max(maxLoss, r.lossTrain ?? 0, r.lossVal ?? 0);
  const top = roundUpperBound(maxLoss);
  const x = niceTickSpec(drawn[0]?.step ?? 0, drawn[drawn.length - 1]?.step ?? 1, 6);
  const y = niceTickSpec(0, top, 5);
  // Memoized on primitives so the arrays keep their identity while the values do not change.
  const xTicks = useMemo(() => ticksOf(x.start, x.step, x.count), [x.start, x.step, x.count]);
  const yTicks = useMemo(() => ticksOf(y.start, y.step, y.count), [y.start, y.step, y.count]);
  const yDomain = useMemo(() => [0, top], [top]);

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
            <LineChart
              width={box.width}
              height={box.height}
              data={drawn as LossRow[]}
              margin={MARGIN}
            >
              {stepAxes({ xTicks, yDomain, yTicks })}
              {markerLines}
              <Line
                dataKey="lossTrain"
                name="train loss"
                stroke={TRAIN_COLOR}
                strokeWidth={1.8}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="lossVal"
                name="validation loss"
                stroke={VAL_COLOR}
                strokeWidth={1.8}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          )
        )}
      </div>
      <ChartLegend items={legend} />
    </section>
  );
});
