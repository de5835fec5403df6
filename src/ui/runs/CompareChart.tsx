/**
 * The Compare plot: one line per entry on a shared step axis, seed groups as a mean line over a
 * shaded min–max band. The baseline is drawn first (underneath), dark and thick, so the coloured
 * runs stay visible on top of it. Rows come thinned from compareModel, so this only draws.
 */
import { memo, useMemo } from 'react';
import { Area, ComposedChart, Line } from 'recharts';
import { MARGIN } from '../charts/chartProps';
import { stepAxes } from '../charts/stepAxes';
import { niceTickSpec, ticksOf } from '../charts/ticks';
import { useBoxSize } from '../charts/useBoxSize';
import { valueAxis } from './compareAxis';
import type { CompareRow, Entry } from './compareModel';

/** Few rows (sparse metrics such as sharpness) get dots, so a lone measurement shows. */
const MAX_DOTTED_ROWS = 30;

function range(rows: readonly CompareRow[]) {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  const see = (v: number | null) => {
    if (v === null) return;
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (v > 0) minPositive = Math.min(minPositive, v);
  };
  for (const r of rows) {
    r.values.forEach(see);
    for (const b of r.bands) if (b) b.forEach(see);
  }
  return { min, max, minPositive };
}

interface Props {
  entries: readonly Entry[];
  rows: readonly CompareRow[];
  log: boolean;
}

export const CompareChart = memo(function CompareChart({ entries, rows, log }: Props) {
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const { min, max, minPositive } = useMemo(() => range(rows), [rows]);
  const y = valueAxis(min, max, minPositive, log);
  // Memoized on primitives, so the axis keeps its identity while its bounds do not change.
  const [y0, y1] = y.domain;
  const tickKey = y.ticks.join(' ');
  const yDomain = useMemo(() => [y0, y1], [y0, y1]);
  const yTicks = useMemo(() => tickKey.split(' ').map(Number), [tickKey]);
  const x = niceTickSpec(rows[0]?.step ?? 0, rows[rows.length - 1]?.step ?? 1, 6);
  const xTicks = useMemo(() => ticksOf(x.start, x.step, x.count), [x.start, x.step, x.count]);
  const useLog = y.log;
  // Accessors keep their identity per entry set and scale (Recharts re-registers on a new key).
  const accessors = useMemo(
    () =>
      entries.map((e, i) => ({
        line: (r: CompareRow) => {
          const v = r.values[i] ?? null;
          return v === null || (useLog && v <= 0) ? null : v;
        },
        band: (r: CompareRow) => {
          const b = r.bands[i] ?? null;
          return b === null || (useLog && b[0] <= 0) ? null : b;
        },
        dot: { r: e.isBaseline ? 3.5 : 2.5, strokeWidth: 0, fill: e.color },
      })),
    [entries, useLog],
  );
  const dotted = rows.length <= MAX_DOTTED_ROWS;

  return (
    <div className="chart-box compare-box" ref={boxRef}>
      {box.width > 0 && (
        <ComposedChart
          width={box.width}
          height={box.height}
          data={rows as CompareRow[]}
          margin={MARGIN}
        >
          {stepAxes({ xTicks, yDomain, yTicks, log: useLog })}
          {entries.map((e, i) =>
            e.band ? (
              <Area
                key={`${e.key}-band`}
                dataKey={accessors[i]!.band}
                name={`${e.name} (min–max)`}
                stroke="none"
                fill={e.color}
                fillOpacity={e.isBaseline ? 0.12 : 0.18}
                tooltipType="none"
                isAnimationActive={false}
              />
            ) : null,
          )}
          {entries.map((e, i) => (
            <Line
              key={e.key}
              dataKey={accessors[i]!.line}
              name={e.name}
              stroke={e.color}
              strokeWidth={e.isBaseline ? 3.2 : 1.7}
              dot={dotted ? accessors[i]!.dot : false}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      )}
    </div>
  );
});
