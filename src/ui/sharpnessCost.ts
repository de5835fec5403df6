/**
 * What the sharpness diagnostic costs, as an arithmetic estimate in training steps. A measurement
 * runs `sharpnessIterations` power iterations plus ⌈iterations/3⌉ probe iterations (warm start;
 * the first, cold measurement runs three times as many), each two gradients on `sharpnessBatch`
 * examples; a training step is about one gradient on `batchSize` examples.
 */
import type { ExperimentConfig } from '../config/schema';

/** The interval the "turn sharpness on" button applies. */
export const SUGGESTED_SHARPNESS_EVERY = 50;

type CostConfig = {
  diagnostics: Pick<ExperimentConfig['diagnostics'], 'sharpnessIterations' | 'sharpnessBatch'>;
  training: Pick<ExperimentConfig['training'], 'batchSize'>;
};

/** Training steps' worth of arithmetic in one (warm) sharpness measurement; not rounded. */
export function sharpnessCostSteps({ diagnostics, training }: CostConfig): number {
  const { sharpnessIterations: iterations, sharpnessBatch } = diagnostics;
  const gradients = 2 * (iterations + Math.ceil(iterations / 3));
  return (gradients * sharpnessBatch) / training.batchSize;
}

/** How much longer training takes, in percent, when a measurement is made every `every` steps. */
export function sharpnessSlowdownPercent(costSteps: number, every: number): number {
  return (100 * costSteps) / every;
}

/** The empty state of the sharpness chart while it is off: what turning it on would cost. */
export function sharpnessOffText(costSteps: number, every: number): string {
  const steps = Math.round(costSteps);
  const stepsText =
    steps < 1 ? 'less than one training step' : `${steps} training step${steps === 1 ? '' : 's'}`;
  const percent = Math.round(sharpnessSlowdownPercent(costSteps, every));
  const percentText = percent < 1 ? 'less than 1 %' : `about ${percent} %`;
  return (
    `Sharpness is off by default: each measurement costs about as much arithmetic as ${stepsText}, ` +
    `so measuring every ${every} steps makes training take ${percentText} longer. ` +
    'The interval can be changed in Diagnostics → Sharpness every.'
  );
}
