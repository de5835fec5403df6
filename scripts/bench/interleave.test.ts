import { describe, expect, it } from 'vitest';
import { interleave, type TimedVariant } from './interleave';

describe('interleave', () => {
  it('turns the order every round and files each rate under its own variant', async () => {
    const calls: string[] = [];
    // Each variant takes a fixed time per step, so its rate says which variant a figure came from.
    const variant = (name: string, msPerStep: number): TimedVariant => ({
      name,
      run: async (steps) => {
        calls.push(name);
        return steps * msPerStep;
      },
      warmUp: async () => 0,
    });
    const r = await interleave([variant('A', 10), variant('B', 20), variant('C', 40)], {
      recordEvery: 10,
      period: 10,
      targetWindowS: 0.1,
      budgetS: 1000,
      maxRounds: 4,
      fixedSteps: 10,
      log: () => {},
    });
    // After one timed step per variant (warm-up): the probe round, then rounds 2–4.
    expect(calls.slice(3)).toEqual(['A', 'B', 'C', 'C', 'B', 'A', 'A', 'B', 'C', 'C', 'B', 'A']);
    expect(r.rates).toEqual({ A: [100, 100, 100, 100], B: [50, 50, 50, 50], C: [25, 25, 25, 25] });
  });
});
