/**
 * The plot area of a step-indexed line chart: thinning, axis bounds, ticks, optional horizontal
 * guide lines (thresholds such as 2/η or the 1e-3 rule of thumb). The panels around it (title,
 * readout, caption) differ per chart; this part is the same for all of them.
 */
import { useMemo } from 'react';
import { Line, LineChart, ReferenceLine } from 'recharts';
import { thinRows, type StepRow } from '../series';
import { MARGIN, TICK_STYLE } from './chartProps';
import { stepAxes } from './stepAxes';
import { decadeRange, decadeTicks, niceTickSpec, roundUpperBound, ticksOf } from './ticks';
import { useBoxSize } from './useBoxSize';

export interface LineSpec<R> {
  name: string;
  color: string;
  /** Must keep its identity across renders (Recharts re-registers a series whose key changes). */
  get: (r: R) => number | null;
  dashed?: boolean;
}

export interface Guide {
  y: number;
  label: string;
}

/** Points drawn per line; each costs Recharts time. */
const MAX_DRAWN_ROWS = 120;
/** Sparse series (sharpness every K steps) get dots, so a single measurement is visible. */
const MAX_DOTTED_ROWS = 30;
const DOT = { r: 2.5, strokeWidth: 0 };
const NO_GUIDES: readonly Guide[] = [];

interface Props<R extends StepRow> {
  rows: readonly R[];
  lines: readonly LineSpec<R>[];
  log?: boolean;
  guides?: readonly Guide[];
  guideColor?: string;
  /** Shown instead of the plot while there are no rows. */
  empty: string;
}

/** Smallest positive, smallest and largest finite values over every line and guide. */
function valueRange<R>(
  rows: readonly R[],
  lines: readonly LineSpec<R>[],
  guides: readonly Guide[],
) {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  const see = (v: number | null) => {
    if (v === null || !Number.isFinite(v)) return;
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (v > 0) minPositive = Math.min(minPositive, v);
  };
  for (const r of rows) for (const l of lines) see(l.get(r));
  for (const g of guides) see(g.y);
  return { min, max, minPositive };
}

export function StepLines<R extends StepRow>({
  rows,
  lines,
  log = false,
  guides = NO_GUIDES,
  guideColor = '#8a93a1',
  empty,
}: Props<R>) {
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const drawn = useMemo(
    () =>
      thinRows(rows, Math.max(40, Math.floor((MAX_DRAWN_ROWS * 2) / Math.max(2, lines.length)))),
    [rows, lines.length],
  );
  const { min, max, minPositive } = useMemo(
    () => valueRange(drawn, lines, guides),
    [drawn, lines, guides],
  );
  const useLog = log && max > 0;
  const x = niceTickSpec(drawn[0]?.step ?? 0, drawn[drawn.length - 1]?.step ?? 1, 6);
  const xTicks = useMemo(() => ticksOf(x.start, x.step, x.count), [x.start, x.step, x.count]);
  // Bounds as primitives: whole decades on a log axis, round numbers (including 0) on a linear one.
  const [e0, e1] = decadeRange(minPositive, max);
  const hi = roundUpperBound(max);
  const lo = min < 0 ? -roundUpperBound(-min) : 0;
  const lin = niceTickSpec(lo, hi, 5);
  const yLo = useLog ? 10 ** e0 : lo;
  const yHi = useLog ? 10 ** e1 : hi;
  const yDomain = useMemo(() => [yLo, yHi], [yLo, yHi]);
  const yTicks = useMemo(
    () => (useLog ? decadeTicks(e0, e1) : ticksOf(lin.start, lin.step, lin.count)),
    [useLog, e0, e1, lin.start, lin.step, lin.count],
  );
  const accessors = useMemo(
    () =>
      lines.map((l) => (r: R) => {
        const v = l.get(r);
        return v === null || !Number.isFinite(v) || (useLog && v <= 0) ? null : v;
      }),
    [lines, useLog],
  );
  const isDotted = drawn.length <= MAX_DOTTED_ROWS;
  const dots = useMemo(() => lines.map((l) => ({ ...DOT, fill: l.color })), [lines]);
  // Built once per guide set: Recharts re-registers a reference line whose props change identity.
  const guideLines = useMemo(
    () =>
      guides.map((g) => (
        <ReferenceLine
          key={g.label}
          y={g.y}
          stroke={guideColor}
          strokeDasharray="4 4"
          label={{
            value: g.label,
            position: 'insideTopRight',
            style: TICK_STYLE,
            fill: guideColor,
          }}
        />
      )),
    [guides, guideColor],
  );

  return (
    <div className="chart-box" ref={boxRef}>
      {rows.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        box.width > 0 && (
          <LineChart width={box.width} height={box.height} data={drawn as R[]} margin={MARGIN}>
            {stepAxes({ xTicks, yDomain, yTicks, log: useLog })}
            {guideLines}
            {lines.map((l, i) => (
              <Line
                key={l.name}
                name={l.name}
                dataKey={accessors[i]!}
                stroke={l.color}
                strokeWidth={l.dashed ? 1.4 : 1.8}
                strokeDasharray={l.dashed ? '5 4' : undefined}
                dot={isDotted ? dots[i] : false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )
      )}
    </div>
  );
}
