/**
 * Which events the loss chart marks: one marker per step (the most severe event there wins, every
 * title goes into its label), the newest MAX_MARKERS only, so a chatty controller cannot flood the
 * chart with reference lines.
 */
import type { LabEvent } from '../events';

export const MAX_MARKERS = 60;

const RANK: Record<LabEvent['severity'], number> = { info: 0, warning: 1, critical: 2 };

export interface EventMarker {
  step: number;
  severity: LabEvent['severity'];
  /** 'controller' only when every event at the step is a controller action. */
  source: LabEvent['source'];
  /** Accessible text: the step and every event's title. */
  label: string;
}

export function markersOf(events: readonly LabEvent[], max = MAX_MARKERS): EventMarker[] {
  const byStep = new Map<number, LabEvent[]>();
  for (const e of events) {
    const at = byStep.get(e.step);
    if (at) at.push(e);
    else byStep.set(e.step, [e]);
  }
  const steps = [...byStep.keys()].sort((a, b) => a - b).slice(-max);
  return steps.map((step) => {
    const at = byStep.get(step)!;
    const worst = at.reduce((w, e) => (RANK[e.severity] > RANK[w.severity] ? e : w));
    return {
      step,
      severity: worst.severity,
      source: at.every((e) => e.source === 'controller') ? 'controller' : 'monitor',
      label: `Step ${step}: ${at.map((e) => `${e.severity} – ${e.title}`).join('; ')}`,
    };
  });
}
