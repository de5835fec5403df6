import { memo } from 'react';
import type { GapRow } from '../diagState';
import { formatMetric, TRAIN_COLOR, VAL_COLOR } from '../format';
import { StepLines, type Guide, type LineSpec } from './StepLines';
import { PngButton } from './PngButton';

const GAP_LINE: LineSpec<GapRow> = {
  name: 'validation − training loss',
  color: VAL_COLOR,
  get: (r) => r.gap,
};
const BN_LINE: LineSpec<GapRow> = {
  name: 'BatchNorm: train-mode − eval-mode loss',
  color: TRAIN_COLOR,
  get: (r) => r.bnGap,
};
const GAP_ONLY = [GAP_LINE];
const WITH_BN = [GAP_LINE, BN_LINE];
const GUIDES: Guide[] = [{ y: 0, label: 'no gap' }];

/** Generalization gap over time: how much worse the model does on data it has not trained on. */
export const GapChart = memo(function GapChart({ rows }: { rows: readonly GapRow[] }) {
  const last = rows[rows.length - 1];
  // The second line only for models with BatchNorm, whose records carry it.
  const hasBn = last?.bnGap !== null && last?.bnGap !== undefined;
  return (
    <section
      className="panel chart-panel"
      data-testid="gap-chart"
      data-bn-gap={hasBn ? last.bnGap! : undefined}
      data-points={rows.length}
      data-last-step={last?.step}
      data-last-gap={last?.gap}
    >
      <header className="panel-head">
        <h2>Generalization gap</h2>
        <dl className="readout">
          <div>
            <dt>val. − train loss</dt>
            <dd style={{ color: VAL_COLOR }}>{formatMetric(last?.gap)}</dd>
          </div>
        </dl>
        <PngButton title="Generalization gap" step={last?.step} />
      </header>
      <StepLines
        rows={rows}
        lines={hasBn ? WITH_BN : GAP_ONLY}
        guides={GUIDES}
        empty="Validation − training loss appears here once training records a step."
      />
      <p className="caption">
        Both losses in evaluation mode. A gap that keeps growing while the training loss falls is
        overfitting: more data, noise, dropout or a penalty (or the decay controller) narrow it.
        With BatchNorm, a second line compares the training loss with batch statistics and with the
        running averages used at evaluation: far from 0, the two modes disagree.
      </p>
    </section>
  );
});
