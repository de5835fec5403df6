/**
 * The hover readout of a line plot: a vertical guide at the hovered step, a dot where each series
 * crosses it, and a box listing the step and each series' value.
 */
import { formatMetric } from '../../format';
import type { Frame } from './frame';
import { fitLines, readoutBox, readoutCapacity } from './readoutBox';
import { ReadoutText } from './ReadoutText';
import type { Scale } from './scale';
import type { PlotSeries } from './series';

interface Props<R extends { step: number }> {
  row: R;
  series: readonly PlotSeries<R>[];
  sx: Scale;
  sy: Scale;
  frame: Frame;
  /** Width of the whole SVG: the box may use the right margin, not more. */
  width: number;
}

export function HoverReadout<R extends { step: number }>({
  row,
  series,
  sx,
  sy,
  frame,
  width,
}: Props<R>) {
  const x = sx(row.step);
  const values = series.map((s) => s.get(row));
  const { lines, shown } = fitLines(
    `step ${row.step}`,
    series.map((s, i) => `${s.name} : ${formatMetric(values[i])}`),
    readoutCapacity(frame),
  );
  const box = readoutBox(lines, x, frame, width);
  return (
    <g className="plot-readout">
      <line className="plot-cursor" x1={x} x2={x} y1={frame.top} y2={frame.bottom} />
      {series.map((s, i) => {
        const v = values[i];
        const y = v === null || v === undefined ? NaN : sy(v);
        return Number.isFinite(y) ? (
          <circle key={s.name} className="plot-active-dot" cx={x} cy={y} r={3.5} fill={s.color} />
        ) : null;
      })}
      <ReadoutText
        box={box}
        lines={lines}
        // The heading and a "+ k more" line in ink; each value in its series' colour.
        colorOf={(i) => (i >= 1 && i <= shown ? series[i - 1]!.color : null)}
      />
    </g>
  );
}
