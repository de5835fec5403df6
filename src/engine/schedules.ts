/** Step-dependent multipliers: learning-rate warm-up and decay, penalty warm-up. Pure functions. */
import type { WarmupShape } from '../config/options';
import type { ExperimentConfig } from '../config/schema';

/**
 * Learning rate for the update made at `step` (0-based). Warm-up ramps linearly to lr over
 * `warmupSteps` (the first update uses lr/warmupSteps); then constant, or cosine decay from lr
 * to minLrFraction·lr at the final step.
 */
export function learningRateAt(step: number, o: ExperimentConfig['optimizer'], totalSteps: number): number {
  if (step < o.warmupSteps) return (o.lr * (step + 1)) / o.warmupSteps;
  if (o.schedule === 'constant') return o.lr;
  const span = Math.max(1, totalSteps - o.warmupSteps - 1);
  const progress = Math.min(1, (step - o.warmupSteps) / span);
  const floor = o.minLrFraction;
  return o.lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** Penalty strength multiplier at `step`: ramps from 0 to 1 over `steps` (1 when steps = 0). */
export function warmupFactor(step: number, steps: number, shape: WarmupShape): number {
  if (steps <= 0 || step >= steps) return 1;
  const p = step / steps;
  return shape === 'linear' ? p : 0.5 * (1 - Math.cos(Math.PI * p));
}
