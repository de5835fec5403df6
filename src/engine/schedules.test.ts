/**
 * Learning-rate and penalty warm-up schedules at chosen steps, against their closed forms:
 * linear warm-up lr·(k+1)/N for update k; cosine decay lr·(f + (1−f)·(1 + cos πp)/2) with p the
 * progress from the end of warm-up (p = 0) to the final step (p = 1); penalty warm-up k/N (linear)
 * or (1 − cos(πk/N))/2 (cosine), 1 from step N on.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../config/schema';
import { learningRateAt, warmupFactor } from './schedules';

type Opt = ExperimentConfig['optimizer'];
const opt = (over: Partial<Opt>): Opt => ({ ...defaultConfig().optimizer, ...over });

describe('learningRateAt', () => {
  const LR = 0.2;

  it('is the configured lr at every step with no warm-up and a constant schedule', () => {
    const o = opt({ lr: LR });
    for (const step of [0, 1, 57, 999, 5000]) expect(learningRateAt(step, o, 1000)).toBe(LR);
  });

  it('warm-up ramps linearly: update k (0-based) uses lr·(k+1)/N, then lr', () => {
    const o = opt({ lr: LR, warmupSteps: 4 });
    const got = [0, 1, 2, 3, 4, 5, 50].map((k) => learningRateAt(k, o, 100));
    [0.05, 0.1, 0.15, 0.2, 0.2, 0.2, 0.2].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 12));
  });

  describe('cosine decay after a warm-up of 4 over 25 steps (decay spans updates 4 … 24)', () => {
    const TOTAL = 25;
    const WARM = 4;
    it.each([0, 0.1, 0.5])(
      'minLrFraction %f: lr at the start, (1+f)/2·lr at the midpoint, f·lr at the last step',
      (f) => {
        const o = opt({ lr: LR, warmupSteps: WARM, schedule: 'cosine', minLrFraction: f });
        expect(learningRateAt(WARM - 1, o, TOTAL)).toBeCloseTo(LR, 12); // warm-up reaches lr
        expect(learningRateAt(WARM, o, TOTAL)).toBeCloseTo(LR, 12);
        expect(learningRateAt(14, o, TOTAL)).toBeCloseTo(((1 + f) / 2) * LR, 12);
        expect(learningRateAt(TOTAL - 1, o, TOTAL)).toBeCloseTo(f * LR, 12);
        // A quarter of the way: (1 + cos(π/4))/2 of the way from f·lr to lr.
        expect(learningRateAt(9, o, TOTAL)).toBeCloseTo(
          LR * (f + ((1 - f) * (1 + Math.SQRT1_2)) / 2),
          12,
        );
        // Past the end it stays at the floor.
        expect(learningRateAt(TOTAL + 10, o, TOTAL)).toBeCloseTo(f * LR, 12);
      },
    );

    it('decreases monotonically from lr to the floor', () => {
      const o = opt({ lr: LR, warmupSteps: WARM, schedule: 'cosine', minLrFraction: 0.1 });
      const lrs = Array.from({ length: TOTAL - WARM }, (_, i) =>
        learningRateAt(WARM + i, o, TOTAL),
      );
      lrs.slice(1).forEach((v, i) => expect(v).toBeLessThan(lrs[i]!));
    });
  });

  it('cosine without warm-up starts at lr on the first update and ends at f·lr on the last', () => {
    const o = opt({ lr: LR, schedule: 'cosine', minLrFraction: 0.25 });
    expect(learningRateAt(0, o, 11)).toBeCloseTo(LR, 12);
    expect(learningRateAt(5, o, 11)).toBeCloseTo(((1 + 0.25) / 2) * LR, 12);
    expect(learningRateAt(10, o, 11)).toBeCloseTo(0.25 * LR, 12);
  });
});

describe('warmupFactor', () => {
  const N = 10;

  it.each([
    ['linear', [0, 0.5, 1, 1], 0.25],
    ['cosine', [0, 0.5, 1, 1], (1 - Math.cos(Math.PI / 4)) / 2],
  ] as const)(
    '%s: 0 at step 0, ½ at N/2, 1 at N and beyond; closed form at N/4',
    (shape, [at0, atHalf, atN, beyond], atQuarter) => {
      expect(warmupFactor(0, N, shape)).toBeCloseTo(at0, 12);
      expect(warmupFactor(N / 2, N, shape)).toBeCloseTo(atHalf, 12);
      expect(warmupFactor(N, N, shape)).toBe(atN);
      expect(warmupFactor(3 * N, N, shape)).toBe(beyond);
      expect(warmupFactor(N / 4, N, shape)).toBeCloseTo(atQuarter, 12);
    },
  );

  it('linear is k/N and cosine (1 − cos(πk/N))/2 at every step of the ramp', () => {
    for (let k = 0; k < N; k++) {
      expect(warmupFactor(k, N, 'linear')).toBeCloseTo(k / N, 12);
      expect(warmupFactor(k, N, 'cosine')).toBeCloseTo((1 - Math.cos((Math.PI * k) / N)) / 2, 12);
    }
  });

  it('is 1 everywhere when the warm-up is off (0 steps)', () => {
    for (const k of [0, 1, 100]) {
      expect(warmupFactor(k, 0, 'linear')).toBe(1);
      expect(warmupFactor(k, 0, 'cosine')).toBe(1);
    }
  });
});
