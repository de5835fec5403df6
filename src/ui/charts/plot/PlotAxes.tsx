/**
 * Grid, step axis (bottom) and value axis (left) of a line plot. Grid lines and tick marks are one
 * path each; only the labels are separate elements, a dozen or so per chart.
 */
import { memo } from 'react';
import { TICK_FONT_SIZE, TICK_SIZE, type Frame } from './frame';
import type { PlacedTick } from './axisTicks';

interface Props {
  frame: Frame;
  xTicks: readonly PlacedTick[];
  yTicks: readonly PlacedTick[];
}

/** Gap between a tick mark's end and its label. */
const LABEL_GAP = 2;
/** An alphabetic baseline about 0.35 em below a label's centre centres it on its tick. */
const CENTRE_DY = Math.round(TICK_FONT_SIZE * 0.35);

const px = (v: number) => Math.round(v * 10) / 10;

export const PlotAxes = memo(function PlotAxes({ frame, xTicks, yTicks }: Props) {
  const { left, top, right, bottom } = frame;
  let grid = '';
  let marks = '';
  for (const t of xTicks) {
    grid += `M${px(t.pos)},${top}V${bottom}`;
    marks += `M${px(t.pos)},${bottom}v${TICK_SIZE}`;
  }
  for (const t of yTicks) {
    grid += `M${left},${px(t.pos)}H${right}`;
    marks += `M${left},${px(t.pos)}h${-TICK_SIZE}`;
  }
  const xLabelY = bottom + TICK_SIZE + LABEL_GAP + TICK_FONT_SIZE;
  const yLabelX = left - TICK_SIZE - LABEL_GAP;
  return (
    <g className="plot-axes">
      <path className="plot-grid" d={grid} />
      <path className="plot-axis" d={`M${left},${top}V${bottom}H${right}${marks}`} />
      {xTicks.map((t) =>
        t.label ? (
          <text
            key={`x${t.value}`}
            className="plot-tick"
            x={px(t.pos)}
            y={xLabelY}
            textAnchor="middle"
          >
            {t.label}
          </text>
        ) : null,
      )}
      {yTicks.map((t) =>
        t.label ? (
          <text
            key={`y${t.value}`}
            className="plot-tick"
            x={yLabelX}
            y={px(t.pos) + CENTRE_DY}
            textAnchor="end"
          >
            {t.label}
          </text>
        ) : null,
      )}
    </g>
  );
});
