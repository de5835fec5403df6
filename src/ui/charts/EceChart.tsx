import { memo } from 'react';
import type { EceRow } from '../diagState';
import { ACCURACY_COLOR, formatMetric } from '../format';
import { StepLines, type LineSpec } from './StepLines';
import { PngButton } from './PngButton';

const LINES: LineSpec<EceRow>[] = [{ name: 'ECE', color: ACCURACY_COLOR, get: (r) => r.ece }];

/** Expected calibration error of the validation set over time. */
export const EceChart = memo(function EceChart({
  rows,
  isOn,
}: {
  rows: readonly EceRow[];
  isOn: boolean;
}) {
  const last = rows[rows.length - 1];
  return (
    <section
      className="panel chart-panel"
      data-testid="ece-chart"
      data-points={rows.length}
      data-last-step={last?.step}
      data-last-ece={last?.ece}
    >
      <header className="panel-head">
        <h2>Calibration error over time</h2>
        <dl className="readout">
          <div>
            <dt>ECE</dt>
            <dd style={{ color: ACCURACY_COLOR }}>{formatMetric(last?.ece)}</dd>
          </div>
        </dl>
        <PngButton title="Calibration error over time" step={last?.step} />
      </header>
      <StepLines
        rows={rows}
        lines={LINES}
        empty={
          isOn
            ? 'The expected calibration error appears here once training records a step.'
            : 'Calibration is off (Diagnostics → Calibration).'
        }
      />
      <p className="caption">
        ECE = Σ (n_b/N)·|accuracy_b − confidence_b| over confidence bins: 0 when confidence matches
        accuracy. It often rises late in training as the net grows overconfident.
      </p>
    </section>
  );
});
