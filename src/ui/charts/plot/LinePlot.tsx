/**
 * A step-indexed line plot in plain SVG: grid, axes, one `<path>` per series, optional guide
 * lines, event markers and dots for sparse series, and a hover readout. Nothing here measures the
 * DOM while rendering: the size comes from the caller (useBoxSize), ticks from ../ticks.ts, label
 * sizes are estimated. Path strings are memoized on (rows, series, size, domain), so hovering or
 * an unrelated re-render does not rebuild them. Plain SVG also keeps PNG export working (it
 * serializes the SVG with computed styles inlined).
 */
import { memo, useMemo } from 'react';
import type { EventMarker } from '../../eventMarkers';
import { EventMarkers } from '../eventLines';
import { stepAxisTicks, valueAxisTicks } from './axisTicks';
import { plotFrame, TICK_FONT_SIZE } from './frame';
import { GuideLines, type Guide } from './GuideLines';
import { HoverReadout } from './HoverReadout';
import { dotsPath, linePath } from './linePath';
import { PlotAxes } from './PlotAxes';
import { linearScale, makeScale } from './scale';
import { DASH, DEFAULT_STROKE_WIDTH, type PlotSeries } from './series';
import { usePlotHover } from './usePlotHover';

const NO_GUIDES: readonly Guide[] = [];
/** Dot diameter of a sparse series (a round cap on a zero-length segment). */
const DOT_SIZE = 5;

export interface LinePlotProps<R extends { step: number }> {
  /** Accessible name of the plot, e.g. the chart's title. */
  label: string;
  width: number;
  height: number;
  /** Rows in ascending step order, already thinned for drawing. */
  rows: readonly R[];
  /** Must keep its identity while unchanged: the paths are memoized on it. */
  series: readonly PlotSeries<R>[];
  xLo: number;
  xHi: number;
  xTicks: readonly number[];
  yLo: number;
  yHi: number;
  yTicks: readonly number[];
  log?: boolean;
  /** A dot at every point (sparse series, where a lone measurement would not show as a line). */
  dotted?: boolean;
  guides?: readonly Guide[];
  guideColor?: string;
  markers?: readonly EventMarker[];
}

function LinePlotImpl<R extends { step: number }>({
  label,
  width,
  height,
  rows,
  series,
  xLo,
  xHi,
  xTicks,
  yLo,
  yHi,
  yTicks,
  log = false,
  dotted = false,
  guides = NO_GUIDES,
  guideColor = '#8a93a1',
  markers,
}: LinePlotProps<R>) {
  const frame = useMemo(() => plotFrame(width, height), [width, height]);
  const sx = useMemo(() => linearScale(xLo, xHi, frame.left, frame.right), [xLo, xHi, frame]);
  const sy = useMemo(
    () => makeScale(yLo, yHi, frame.bottom, frame.top, log),
    [yLo, yHi, frame, log],
  );
  const placedX = useMemo(
    () => stepAxisTicks(xTicks, sx, frame.left, frame.right, TICK_FONT_SIZE),
    [xTicks, sx, frame],
  );
  const placedY = useMemo(
    () => valueAxisTicks(yTicks, sy, frame.bottom, frame.top, TICK_FONT_SIZE),
    [yTicks, sy, frame],
  );
  const paths = useMemo(
    () => series.map((s) => linePath(rows, s.get, sx, sy)),
    [rows, series, sx, sy],
  );
  const dots = useMemo(
    () => (dotted ? series.map((s) => dotsPath(rows, s.get, sx, sy)) : null),
    [dotted, rows, series, sx, sy],
  );
  const steps = useMemo(() => rows.map((r) => r.step), [rows]);
  const xs = useMemo(() => steps.map(sx), [steps, sx]);
  const hover = usePlotHover(xs, steps, frame);
  const hovered = hover.index === null ? undefined : rows[hover.index];

  return (
    <svg
      className="plot"
      width={width}
      height={height}
      role="group"
      aria-label={`${label} (arrow keys read the values)`}
      tabIndex={0}
      {...hover.handlers}
    >
      <PlotAxes frame={frame} xTicks={placedX} yTicks={placedY} />
      {guides.length > 0 ? (
        <GuideLines guides={guides} color={guideColor} sy={sy} frame={frame} />
      ) : null}
      <g className="plot-series">
        {series.map((s, i) => (
          <path
            key={s.name}
            className="plot-line"
            d={paths[i]}
            stroke={s.color}
            strokeWidth={s.width ?? DEFAULT_STROKE_WIDTH}
            strokeDasharray={s.dashed ? DASH : undefined}
          />
        ))}
        {dots
          ? series.map((s, i) => (
              <path
                key={`${s.name}-dots`}
                className="plot-dots"
                d={dots[i]}
                stroke={s.color}
                strokeWidth={DOT_SIZE}
              />
            ))
          : null}
      </g>
      {markers && markers.length > 0 ? (
        <EventMarkers markers={markers} sx={sx} frame={frame} />
      ) : null}
      {hovered ? (
        <HoverReadout row={hovered} series={series} sx={sx} sy={sy} frame={frame} width={width} />
      ) : null}
    </svg>
  );
}

/** Memoized: a chart re-rendering for other reasons (a readout, a toggle) skips the plot. */
export const LinePlot = memo(LinePlotImpl) as typeof LinePlotImpl;
