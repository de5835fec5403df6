import { memo, useMemo, useState } from 'react';
import { formatMetric, layerColor } from '../format';
import type { GradRow } from '../state';
import { StepLines, type LineSpec } from './StepLines';
import { LogToggle } from './LogToggle';
import { PngButton } from './PngButton';

export interface GradView {
  layers: readonly string[];
  rows: readonly GradRow[];
}

/** L2 norm of each layer's gradient against step: vanishing or exploding gradients show here. */
export const GradNormChart = memo(function GradNormChart({ view }: { view: GradView }) {
  const { layers, rows } = view;
  const [logScale, setLogScale] = useState(true);
  const colors = useMemo(() => layers.map((_, i) => layerColor(i, layers.length)), [layers]);
  // A zero norm on the log axis is a gap in its line (the log scale maps it to nowhere).
  const lines = useMemo<LineSpec<GradRow>[]>(
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
      data-log={logScale}
    >
      <header className="panel-head">
        <h2>Gradient norm per layer</h2>
        <LogToggle checked={logScale} onChange={setLogScale} />
        <PngButton title="Gradient norm per layer" step={latest?.step} />
      </header>
      <StepLines
        rows={rows}
        lines={lines}
        log={logScale}
        empty="‖∇W‖₂ of every layer appears here once training records a step."
        label="Gradient norm per layer"
        sparseDots={false}
      />
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
