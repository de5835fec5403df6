/**
 * A bar plot of equal-width bins in plain SVG (a histogram): one `<rect>` per non-empty bin, no
 * axes (the caller writes the range below it), a hover band and a readout box per bin.
 */
import { memo, useMemo } from 'react';
import { bandWidth, barRects } from './bars';
import { bareFrame, type Margin } from './frame';
import { readoutBox } from './readoutBox';
import { ReadoutText } from './ReadoutText';
import { usePlotHover } from './usePlotHover';

export interface BarPlotProps<R> {
  label: string;
  width: number;
  height: number;
  rows: readonly R[];
  /** Bar height; keep the function's identity (module level), the bars are memoized on it. */
  value: (r: R) => number;
  /** Value that reaches the top of the plot. */
  top: number;
  color: string;
  margin: Margin;
  /** Readout lines of a hovered bin: a heading, then a line in the bar colour. */
  describe: (r: R) => readonly [string, string];
}

const BAR_GAP = 1;

function BarPlotImpl<R>({
  label,
  width,
  height,
  rows,
  value,
  top,
  color,
  margin,
  describe,
}: BarPlotProps<R>) {
  const frame = useMemo(() => bareFrame(width, height, margin), [width, height, margin]);
  const rects = useMemo(
    () => barRects(rows.map(value), frame, top, BAR_GAP),
    [rows, value, frame, top],
  );
  const band = bandWidth(frame, rows.length);
  const keys = useMemo(() => rows.map((_, i) => i), [rows]);
  const xs = useMemo(() => keys.map((i) => frame.left + (i + 0.5) * band), [keys, frame, band]);
  const hover = usePlotHover(xs, keys, frame);
  const hovered = hover.index === null ? undefined : rows[hover.index];
  const lines = hovered ? describe(hovered) : null;
  const box =
    lines && hover.index !== null ? readoutBox(lines, xs[hover.index]!, frame, width) : null;

  return (
    <svg
      className="plot"
      width={width}
      height={height}
      role="group"
      aria-label={`${label} (arrow keys read the bins)`}
      tabIndex={0}
      {...hover.handlers}
    >
      {hover.index !== null ? (
        <rect
          className="plot-band"
          x={frame.left + hover.index * band}
          y={frame.top}
          width={band}
          height={frame.bottom - frame.top}
        />
      ) : null}
      <g className="plot-bars" fill={color}>
        {rects.map((r) => (
          <rect
            key={r.index}
            className="plot-bar"
            x={r.x}
            y={r.y}
            width={r.width}
            height={r.height}
          />
        ))}
      </g>
      {lines && box ? (
        <g className="plot-readout">
          <ReadoutText box={box} lines={lines} colorOf={(i) => (i === 1 ? color : null)} />
        </g>
      ) : null}
    </svg>
  );
}

export const BarPlot = memo(BarPlotImpl) as typeof BarPlotImpl;
