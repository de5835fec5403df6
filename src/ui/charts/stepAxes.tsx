/**
 * The grid, step axis, value axis and tooltip of the Recharts Compare chart (Runs tab, loaded
 * lazily). The live charts draw their own SVG (./plot/LinePlot), so nothing on the page's start-up
 * path imports Recharts; keep it that way. A function returning elements rather than a component:
 * Recharts 3 finds its axes among the chart's direct children, so they are spread in, not wrapped.
 */
import { CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { DATA_EXTENT, metricValue, stepLabel, TICK_STYLE, tickFormatter } from './chartProps';

export interface StepAxesProps {
  xTicks: number[];
  yDomain: number[];
  yTicks: number[];
  /** Log-scale value axis (remounted on change: Recharts does not switch scales in place). */
  log?: boolean;
}

export function stepAxes({ xTicks, yDomain, yTicks, log = false }: StepAxesProps) {
  return [
    <CartesianGrid key="grid" stroke="var(--grid)" strokeDasharray="3 3" />,
    <XAxis
      key="x"
      niceTicks="none"
      dataKey="step"
      type="number"
      domain={DATA_EXTENT}
      ticks={xTicks}
      interval={0}
      tickFormatter={tickFormatter}
      tick={TICK_STYLE}
    />,
    <YAxis
      key={log ? 'y-log' : 'y-linear'}
      niceTicks="none"
      scale={log ? 'log' : 'linear'}
      domain={yDomain}
      ticks={yTicks}
      interval={0}
      tickFormatter={tickFormatter}
      tick={TICK_STYLE}
      width={44}
    />,
    <Tooltip
      key="tooltip"
      isAnimationActive={false}
      formatter={metricValue}
      labelFormatter={stepLabel}
    />,
  ];
}
