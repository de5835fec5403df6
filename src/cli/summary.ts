/** The one paragraph a person reads on stderr after a run. */
import type { LabEvent } from '../events';
import type { RunResult } from '../engine/run';
import { formatLoss } from './progress';

function percent(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)} %`;
}

const SEVERITY_TAG: Record<LabEvent['severity'], string> = { info: 'note', warning: 'WARNING', critical: 'CRITICAL' };

/** One alert or controller action as a stderr line: what happened, the numbers, what to do. */
export function formatEvent(e: LabEvent): string {
  const who = e.source === 'controller' ? 'action' : 'alert';
  return `[step ${e.step}] ${SEVERITY_TAG[e.severity]} ${who}: ${e.title}. ${e.detail} → ${e.remedy}`;
}

/** "3 alerts, 1 controller action" (empty when nothing happened). */
function eventCounts(events: LabEvent[]): string {
  const alerts = events.filter((e) => e.source === 'monitor').length;
  const actions = events.length - alerts;
  const parts = [];
  if (alerts > 0) parts.push(`${alerts} health alert${alerts === 1 ? '' : 's'}`);
  if (actions > 0) parts.push(`${actions} controller action${actions === 1 ? '' : 's'}`);
  return parts.length > 0 ? ` ${parts.join(', ')} (see "events" in the result).` : '';
}

export function formatSummary(result: RunResult, seconds: number): string {
  return formatOutcome(result, seconds) + eventCounts(result.events ?? []);
}

function formatOutcome(result: RunResult, seconds: number): string {
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
