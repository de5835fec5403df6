/** The one paragraph a person reads on stderr after a run. */
import type { RunResult } from '../engine/run';
import { formatLoss } from './progress';

function percent(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)} %`;
}

export function formatSummary(result: RunResult, seconds: number): string {
  const { summary: s, env, config } = result;
  const total = config.training.steps;
  const rate = seconds > 0 ? (s.steps / seconds).toFixed(0) : '–';
  const ran = `Ran ${s.steps}/${total} steps on ${env.backend} in ${seconds.toFixed(1)} s (${rate} steps/s).`;
  if (s.diverged) {
    return (
      `${ran} DIVERGED at step ${s.divergedAtStep}: the loss became NaN or infinite, so the run ` +
      `stopped there (final train loss ${formatLoss(s.finalLossTrain)}, validation loss ` +
      `${formatLoss(s.finalLossVal)}, validation accuracy ${percent(s.finalAccuracyVal)}).`
    );
  }
  return (
    `${ran} Final loss: train ${formatLoss(s.finalLossTrain)}, validation ` +
    `${formatLoss(s.finalLossVal)}; validation accuracy ${percent(s.finalAccuracyVal)}. ` +
    `Did not diverge.`
  );
}
