import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatMetric, TRAIN_COLOR } from '../format';
import { layerHeatmap, type HeatmapHistory } from '../heatmap';
import { CurrentHistogram } from './CurrentHistogram';
import { drawHeatmap, HEATMAP_GRADIENT } from './drawHeatmap';
import { useBoxSize } from './useBoxSize';
import { PngButton } from './PngButton';

interface Props {
  heatmap: HeatmapHistory | null;
  testId: string;
  title: string;
  /** The value axis, e.g. "activation" or "log₁₀|g|". */
  valueLabel: string;
  /** Shown while there is nothing to draw (says why: not yet, or switched off). */
  empty: string;
}

/**
 * A histogram over time as a step × value heatmap (TensorBoard's "distributions"), one layer at a
 * time, beside that layer's current histogram.
 */
export const HeatmapChart = memo(function HeatmapChart({
  heatmap,
  testId,
  title,
  valueLabel,
  empty,
}: Props) {
  const selectId = useId();
  // Chosen by name, so the choice survives a restart of the history with the same layers.
  const [chosen, setChosen] = useState<string | null>(null);
  const layers = heatmap?.layers ?? [];
  const index = Math.max(0, chosen === null ? 0 : layers.indexOf(chosen));
  const view = useMemo(
    () => (heatmap && layers.length > 0 ? layerHeatmap(heatmap, index) : null),
    [heatmap, layers.length, index],
  );
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const columns = view?.columns ?? [];
  const newest = columns[columns.length - 1];
  const hasData = view !== null && columns.length > 0;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !view || box.width <= 0 || box.height <= 0) return;
    drawHeatmap(canvas, box.width, box.height, view, valueLabel);
  }, [view, box.width, box.height, valueLabel]);

  return (
    <section
      className="panel chart-panel wide"
      data-testid={testId}
      data-columns={columns.length}
      data-layers={layers.length}
      data-layer={view?.layer}
      data-last-step={newest?.step}
    >
      <header className="panel-head">
        <h2>{title}</h2>
        {layers.length > 0 && (
          <div className="toggle">
            <label htmlFor={selectId}>Layer</label>
            <select id={selectId} value={layers[index]} onChange={(e) => setChosen(e.target.value)}>
              {layers.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        )}
        <PngButton title={title} step={newest?.step} detail={view?.layer} />
      </header>
      <div className="heatmap-row">
        <div className="chart-box heatmap-box" ref={boxRef}>
          {hasData ? (
            <canvas
              ref={canvasRef}
              role="img"
              aria-label={`${title}, ${view.layer}: ${columns.length} records from step ${columns[0]!.step} to ${newest!.step}; ${valueLabel} from ${formatMetric(view.vmin)} to ${formatMetric(view.vmax)}; darker cells hold more values (log scale).`}
              style={{ width: box.width, height: box.height, display: 'block' }}
            />
          ) : (
            <p className="empty">{empty}</p>
          )}
        </div>
        {hasData && newest && (
          <CurrentHistogram
            step={newest.step}
            lo={newest.lo}
            hi={newest.hi}
            counts={newest.counts}
            valueLabel={valueLabel}
            color={TRAIN_COLOR}
          />
        )}
      </div>
      <p className="caption">
        Each column is one record&apos;s histogram, placed by its own range; colour: how many values
        fall in a cell (log scale)
        <span className="heat-swatch" style={{ background: HEATMAP_GRADIENT }} aria-hidden="true" />
        few → many.
      </p>
    </section>
  );
});
