/**
 * The claim the Curvature tab makes to learners, checked over three seeds: under full-batch
 * gradient descent the sharpness starts well below 2/η and rises to it (Cohen et al., 2021).
 * The config is experiments/eos-gd-lr0.1.json, shortened to the rise (see experiments/README.md §5).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mustParseConfig } from '../config/schema';
import { useNodeBackend } from './node-backend';
import { runExperiment } from './run';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const base = JSON.parse(
  readFileSync(new URL('../../experiments/eos-gd-lr0.1.json', import.meta.url), 'utf8'),
);

describe('full-batch gradient descent walks to the edge of stability', () => {
  it.each([1, 2, 3])(
    'seed %i: sharpness rises from below 2/η/3 to within [0.9, 2.5]·2/η',
    async (seed) => {
      const config = mustParseConfig({ ...base, seed, training: { ...base.training, steps: 800 } });
      const edge = 2 / config.optimizer.lr;
      const r = await runExperiment(config, 'test');
      const sharpness = r.history.flatMap((h) => (h.sharpness === undefined ? [] : [h.sharpness]));
      expect(sharpness).toHaveLength(8);
      expect(sharpness[0]!, 'at step 100').toBeLessThan(edge / 3);
      const peak = Math.max(...sharpness);
      expect(peak).toBeGreaterThan(0.9 * edge);
      expect(peak).toBeLessThan(2.5 * edge);
    },
    120_000,
  );
});
