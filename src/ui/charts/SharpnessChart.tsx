import { memo, useState } from 'react';
import type { OptimizerName } from '../../config/options';
import type { SharpnessRow } from '../diagState';
import { formatMetric, GUIDE_COLOR, TRAIN_COLOR } from '../format';
import { sharpnessOffText, SUGGESTED_SHARPNESS_EVERY } from '../sharpnessCost';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { StepLines, type LineSpec } from './StepLines';
import { LogToggle } from './LogToggle';
import { PngButton } from './PngButton';

const LINES: LineSpec<SharpnessRow>[] = [
  { name: 'sharpness λ_max', color: TRAIN_COLOR, get: (r) => r.sharpness },
  { name: '2/η', color: GUIDE_COLOR, get: (r) => r.edge, dashed: true },
];
const LEGEND: LegendItem[] = [
  { label: 'sharpness (top Hessian eigenvalue)', color: TRAIN_COLOR },
  { label: '2/η (edge of stability for plain GD)', color: GUIDE_COLOR, dashed: true },
];

interface Props {
  rows: readonly SharpnessRow[];
  optimizer: OptimizerName;
  /** `diagnostics.sharpnessEvery`: 0 means off, which the empty state says. */
  every: number;
  /** Training steps' worth of arithmetic per measurement (`sharpnessCostSteps`), told while off. */
  costSteps: number;
  /** Turns sharpness on at `SUGGESTED_SHARPNESS_EVERY` steps (applies the config); the button while off. */
  onTurnOn: () => void;
  /** A config is being applied: the button waits for it. */
  isApplying: boolean;
}

/** Top Hessian eigenvalue against step, with the 2/η line it tends to rise to. */
export const SharpnessChart = memo(function SharpnessChart({
  rows,
  optimizer,
  every,
  costSteps,
  onTurnOn,
  isApplying,
}: Props) {
  const [logScale, setLogScale] = useState(true);
  const last = rows[rows.length - 1];
  const isPlainGd = optimizer === 'sgd';
  return (
    <section
      className="panel chart-panel"
      data-testid="sharpness-chart"
      data-points={rows.length}
      data-last-step={last?.step}
      data-last-sharpness={last?.sharpness}
      data-last-edge={last?.edge ?? undefined}
    >
      <header className="panel-head">
        <h2>Sharpness vs. 2/η</h2>
        <dl className="readout">
          <div>
            <dt>λ_max</dt>
            <dd style={{ color: TRAIN_COLOR }}>{formatMetric(last?.sharpness)}</dd>
          </div>
          <div>
            <dt>2/η</dt>
            <dd>{formatMetric(last?.edge)}</dd>
          </div>
        </dl>
        <LogToggle checked={logScale} onChange={setLogScale} />
        <PngButton title="Sharpness vs. 2/η" step={last?.step} />
      </header>
      <StepLines
        rows={rows}
        lines={LINES}
        log={logScale}
        empty={
          every === 0 ? (
            <>
              <span>{sharpnessOffText(costSteps, SUGGESTED_SHARPNESS_EVERY)}</span>
              <button type="button" onClick={onTurnOn} disabled={isApplying}>
                Measure sharpness every {SUGGESTED_SHARPNESS_EVERY} steps
              </button>
            </>
          ) : (
            `The top Hessian eigenvalue is measured every ${every} steps; the first appears here.`
          )
        }
      />
      <ChartLegend items={LEGEND} />
      <p className="caption">
        For plain gradient descent, training is stable while sharpness stays below 2/η, and
        sharpness tends to rise until it reaches 2/η and hovers there: the edge of stability (Cohen
        et al., 2021).{' '}
        {isPlainGd
          ? 'This run uses plain SGD, so the line is its threshold (exact for full-batch steps; minibatch noise blurs it).'
          : `This run uses ${optimizer}: with heavy-ball momentum β the threshold is (2 + 2β)/η, and for Adam it applies to the preconditioned sharpness, so the line is a reference only.`}
      </p>
    </section>
  );
});
