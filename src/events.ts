/**
 * Events on the training timeline: alerts from the health monitor and actions taken by the
 * adaptive controllers. Plain data shared by the engine (which raises them), the CLI (which prints
 * them and writes them into the result JSON) and the UI (which marks them on the charts).
 */

export type AlertKind =
  | 'nonFinite'
  | 'explodingGradients'
  | 'vanishingGradients'
  | 'deadUnits'
  | 'lossSpike'
  | 'oscillation'
  | 'batchNormGap';

export type ActionKind = 'clip' | 'decay' | 'lrBackoff' | 'rewind';

export type EventKind = AlertKind | ActionKind;

export interface LabEvent {
  /** Optimizer step (1-based, after the update) the event belongs to. */
  step: number;
  kind: EventKind;
  /** `monitor`: an alert; `controller`: something an adaptive controller did. */
  source: 'monitor' | 'controller';
  severity: 'info' | 'warning' | 'critical';
  /** One short line, e.g. "Exploding gradients in dense3". */
  title: string;
  /** What was measured, with the numbers, and why it matters. */
  detail: string;
  /** Alerts: what to try. Actions: what was changed. */
  remedy: string;
  /** The layer concerned, when there is one. */
  layer?: string;
}
