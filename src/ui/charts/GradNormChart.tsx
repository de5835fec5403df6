import { memo, useMemo, useState } from 'react';
import { formatMetric, layerColor } from '../format';
import { thinRows } from '../series';
import type { GradRow } from '../state';
import { LinePlot } from './plot/LinePlot';
import type { PlotSeries } from './plot/series';
import { decadeRange, decadeTicks, niceTickSpec, roundUpperBound, ticksOf } from './ticks';
import { useBoxSize } from './useBoxSize';
import { LogToggle } from './LogToggle';
import { PngButton } from './PngButton';

export interface GradView {
  layers: readonly string[];
  rows: readonly GradRow[];
}

/** Drawn points across all lines stay below this, however deep the model (path length). */
const MAX_DRAWN_POINTS = 400;
const MAX_DRAWN_ROWS = 120;

/** Smallest positive and largest values, for axis bounds (a log axis never sees 0). */
function valueRange(rows: readonly GradRow[]): { minPositive: number; max: number } {
  let minPositive = Infinity;
  let max = 0;
  for (const r of rows)
    for (const v of r.norms)
      if (v !== null && v > 0) {
        if (v < minPositive) minPositive = v;
        if (v > max) max = v;
      }
  return { minPositive, max };
}

/** L2 norm of each layer's gradient against step: vanishing or exploding gradients show here. */
export const GradNormChart = memo(function GradNormChart({ view }: { view: GradView }) {
  const { layers, rows } = view;
  const [logScale, setLogScale] = useState(true);
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const drawn = useMemo(
    () =>
      thinRows(
        rows,
        Math.min(
          MAX_DRAWN_ROWS,
          Math.max(40, Math.floor(MAX_DRAWN_POINTS / Math.max(1, layers.length))),
        ),
      ),
    [rows, layers.length],
  );
  const { minPositive, max } = useMemo(() => valueRange(drawn), [drawn]);
  const useLog = logScale && max > 0;
  const xLo = drawn[0]?.step ?? 0;
  const xHi = drawn[drawn.length - 1]?.step ?? 1;
  const x = niceTickSpec(xLo, xHi, 6);
  const xTicks = useMemo(() => ticksOf(x.start, x.step, x.count), [x.start, x.step, x.count]);
  // Y bounds as primitives: whole decades on a log axis, a round top on a linear one.
  const [e0, e1] = decadeRange(minPositive, max);
  const top = roundUpperBound(max);
  const lin = niceTickSpec(0, top, 5);
  const yLo = useLog ? 10 ** e0 : 0;
  const yHi = useLog ? 10 ** e1 : top;
  const yTicks = useMemo(
    () => (useLog ? decadeTicks(e0, e1) : ticksOf(lin.start, lin.step, lin.count)),
    [useLog, e0, e1, lin.start, lin.step, lin.count],
  );
  const colors = useMemo(() => layers.map((_, i) => layerColor(i, layers.length)), [layers]);
  // A zero norm on the log axis is a gap in its line (the log scale maps it to nowhere).
  const series = useMemo<PlotSeries<GradRow>[]>(
    () =>
      layers.map((name, i) => ({
        name,
        color: colors[i]!,
        width: 1.5,
        get: (r: GradRow) => r.norms[i] ?? null,
      })),
    [layers, colors],
  );
  const latest = rows[rows.length - 1];

  return (
    <section
      className="panel chart-panel"
      data-testid="gradnorm-chart"
      data-points={rows.length}
      data-last-step={latest?.step}
      data-log={useLog}
    >
      <header className="panel-head">
        <h2>Gradient norm per layer</h2>
        <LogToggle checked={logScale} onChange={setLogScale} />
        <PngButton title="Gradient norm per layer" step={latest?.step} />
      </header>
      <div className="chart-box" ref={boxRef}>
        {rows.length === 0 ? (
          <p className="empty">‖∇W‖₂ of every layer appears here once training records a step.</p>
        ) : (
          box.width > 0 && (
            <LinePlot
              label="Gradient norm per layer"
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
            />
          )
        )}
      </div>
      {latest ? (
        <p className="caption">
          <span>Newest, step {latest.step}:</span>
          {layers.map((name, i) => (
            <span key={name} className="chip" style={{ borderColor: colors[i] }}>
              {name} {formatMetric(latest.norms[i])}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
});
