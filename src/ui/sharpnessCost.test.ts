import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import { sharpnessCostSteps, sharpnessOffText, sharpnessSlowdownPercent } from './sharpnessCost';

const cost = (sharpnessIterations: number, sharpnessBatch: number, batchSize: number) =>
  sharpnessCostSteps({
    diagnostics: { sharpnessIterations, sharpnessBatch },
    training: { batchSize },
  });

describe('the sharpness cost estimate', () => {
  it('is 2·(iterations + ⌈iterations/3⌉)·sharpnessBatch/batchSize training steps', () => {
    // Defaults: 2·(3 + 1)·64/32 = 16.
    expect(cost(3, 64, 32)).toBe(16);
    // 2·(8 + 3)·100/64 = 34.375.
    expect(cost(8, 100, 64)).toBeCloseTo(34.375, 10);
    // 2·(1 + 1)·32/256 = 0.5.
    expect(cost(1, 32, 256)).toBe(0.5);
  });

  it('uses the config defaults', () => {
    expect(sharpnessCostSteps(defaultConfig())).toBe(16);
  });

  it('turns into a slowdown in percent of training time', () => {
    expect(sharpnessSlowdownPercent(16, 50)).toBe(32);
    expect(sharpnessSlowdownPercent(34.375, 50)).toBeCloseTo(68.75, 10);
  });

  it('says the rounded cost and slowdown in the off text', () => {
    expect(sharpnessOffText(16, 50)).toContain('about as much arithmetic as 16 training steps');
    expect(sharpnessOffText(16, 50)).toContain(
      'every 50 steps makes training take about 32 % longer',
    );
    expect(sharpnessOffText(34.375, 50)).toContain('as 34 training steps');
    expect(sharpnessOffText(34.375, 50)).toContain('about 69 % longer');
    expect(sharpnessOffText(1.2, 50)).toContain('as 1 training step,');
    expect(sharpnessOffText(0.2, 50)).toContain('less than one training step');
    expect(sharpnessOffText(0.2, 50)).toContain('less than 1 % longer');
    expect(sharpnessOffText(16, 50)).toContain('Diagnostics → Sharpness every');
  });
});
