import { memo, useMemo } from 'react';
import type { RatioRow } from '../diagState';
import { formatMetric, GUIDE_COLOR, layerColor } from '../format';
import { StepLines, type Guide, type LineSpec } from './StepLines';
import { PngButton } from './PngButton';

/** The usual rule of thumb for ‖Δw‖/‖w‖ per step. */
const GUIDES: Guide[] = [{ y: 1e-3, label: '1e-3 rule of thumb' }];

interface Props {
  layers: readonly string[];
  rows: readonly RatioRow[];
  isOn: boolean;
}

/** ‖Δw‖/‖w‖ of every layer against step, on a log axis. */
export const UpdateRatioChart = memo(function UpdateRatioChart({ layers, rows, isOn }: Props) {
  const lines = useMemo<LineSpec<RatioRow>[]>(
    () =>
      layers.map((name, i) => ({
        name,
        color: layerColor(i, layers.length),
        get: (r) => r.ratios[i] ?? null,
      })),
    [layers],
  );
  const last = rows[rows.length - 1];
  return (
    <section
      className="panel chart-panel"
      data-testid="update-ratio-chart"
      data-points={rows.length}
      data-last-step={last?.step}
    >
      <header className="panel-head">
        <h2>Update / weight ratio</h2>
        <PngButton title="Update / weight ratio" step={last?.step} />
      </header>
      <StepLines
        rows={rows}
        lines={lines}
        log
        guides={GUIDES}
        guideColor={GUIDE_COLOR}
        empty={
          isOn
            ? '‖Δw‖/‖w‖ of every layer appears here once training records a step.'
            : 'Layer statistics are off (Diagnostics → Layer statistics).'
        }
      />
      {last ? (
        <p className="caption">
          <span>
            How far each step moves a layer&apos;s weights, relative to their size. Newest:
          </span>
          {lines.map((l, i) => (
            <span key={l.name} className="chip" style={{ borderColor: l.color }}>
              {l.name} {formatMetric(last.ratios[i])}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
});
