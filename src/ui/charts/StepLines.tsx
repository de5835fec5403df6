/**
 * The plot area of a step-indexed line chart: thinning, axis bounds, ticks, optional horizontal
 * guide lines (thresholds such as 2/η or the 1e-3 rule of thumb). The panels around it (title,
 * readout, caption) differ per chart; this part is the same for all of them.
 */
import { useMemo, type ReactNode } from 'react';
import type { EventMarker } from '../eventMarkers';
import { thinRows, type StepRow } from '../series';
import type { Guide } from './plot/GuideLines';
import { LinePlot } from './plot/LinePlot';
import type { PlotSeries } from './plot/series';
import { decadeRange, decadeTicks, niceTickSpec, roundUpperBound, ticksOf } from './ticks';
import { useBoxSize } from './useBoxSize';

export type { Guide };

export interface LineSpec<R> {
  name: string;
  color: string;
  /** Keep its identity across renders (a module-level or memoized spec): paths are memoized on it. */
  get: (r: R) => number | null;
  dashed?: boolean;
  /** Stroke width; by default 1.8, or 1.4 for a dashed line. */
  width?: number;
}

/** Points drawn per line: about one per 5 px of a typical panel. */
const MAX_DRAWN_ROWS = 120;
/** Drawn points across all lines stay below this, however many lines (one per layer). */
const MAX_DRAWN_POINTS = 400;
/** Sparse series (sharpness every K steps) get dots, so a single measurement is visible. */
const MAX_DOTTED_ROWS = 30;
const NO_GUIDES: readonly Guide[] = [];

interface Props<R extends StepRow> {
  rows: readonly R[];
  lines: readonly LineSpec<R>[];
  log?: boolean;
  guides?: readonly Guide[];
  guideColor?: string;
  /** Shown instead of the plot while there are no rows (text, or text with a button). */
  empty: ReactNode;
  /** Accessible name of the plot; by default it names the lines. */
  label?: string;
  /** Health events marked at their steps; the step axis stretches to cover them. */
  markers?: readonly EventMarker[];
  /** Dots on every point while there are few rows (sparse series); off for dense ones. */
  sparseDots?: boolean;
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
  label,
  markers,
  sparseDots = true,
}: Props<R>) {
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const drawn = useMemo(
    () =>
      thinRows(
        rows,
        Math.min(
          MAX_DRAWN_ROWS,
          Math.max(40, Math.floor(MAX_DRAWN_POINTS / Math.max(1, lines.length))),
        ),
      ),
    [rows, lines.length],
  );
  const { min, max, minPositive } = useMemo(
    () => valueRange(drawn, lines, guides),
    [drawn, lines, guides],
  );
  const useLog = log && max > 0;
  // The step axis covers every marker too: an event before the first record still gets its line.
  let xLo = drawn[0]?.step ?? 0;
  let xHi = drawn[drawn.length - 1]?.step ?? 1;
  for (const m of markers ?? []) {
    xLo = Math.min(xLo, m.step);
    xHi = Math.max(xHi, m.step);
  }
  const x = niceTickSpec(xLo, xHi, 6);
  const xTicks = useMemo(() => ticksOf(x.start, x.step, x.count), [x.start, x.step, x.count]);
  // Bounds as primitives: whole decades on a log axis, round numbers (including 0) on a linear one.
  const [e0, e1] = decadeRange(minPositive, max);
  const hi = roundUpperBound(max);
  const lo = min < 0 ? -roundUpperBound(-min) : 0;
  const lin = niceTickSpec(lo, hi, 5);
  const yLo = useLog ? 10 ** e0 : lo;
  const yHi = useLog ? 10 ** e1 : hi;
  const yTicks = useMemo(
    () => (useLog ? decadeTicks(e0, e1) : ticksOf(lin.start, lin.step, lin.count)),
    [useLog, e0, e1, lin.start, lin.step, lin.count],
  );
  const series = useMemo<PlotSeries<R>[]>(
    () => lines.map((l) => ({ ...l, width: l.width ?? (l.dashed ? 1.4 : 1.8) })),
    [lines],
  );

  return (
    <div className="chart-box" ref={boxRef}>
      {rows.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        box.width > 0 && (
          <LinePlot
            label={label ?? `Plot of ${lines.map((l) => l.name).join(', ')}`}
            width={box.width}
            height={box.height}
            rows={drawn}
            series={series}
            xLo={xLo}
            xHi={xHi}
            xTicks={xTicks}
            yLo={yLo}
            yHi={yHi}
            yTicks={yTicks}
            log={useLog}
            dotted={sparseDots && drawn.length <= MAX_DOTTED_ROWS}
            guides={guides}
            guideColor={guideColor}
            markers={markers}
          />
        )
      )}
    </div>
  );
}
