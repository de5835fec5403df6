/**
 * Kernel launches per step: what small models pay for on every backend (a launch costs ~7 µs on
 * tfjs cpu and far more on WebGL/WebGPU, while their arithmetic is tiny). Counts are exact and
 * deterministic, unlike timings, so they guard the lab loop against slipping back: a plain step
 * launches fewer kernels than a `model.fit` step of the same model, and a record with the default
 * diagnostics stays within a few plain steps.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/engine/datasets';
import { useNodeBackend } from '../../src/engine/node-backend';
import { Trainer } from '../../src/engine/trainer';
import { FitBaseline } from './fitBaseline';
import { withDiagnosticsOff, workload } from './workloads';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

/**
 * Kernels launched by `f`: tf.profile's entries that are kernels of the backend, leaving out the
 * scopes it also lists (custom gradients, fused-op wrappers) and Reshape/Identity, which only
 * relabel a tensor's data here and launch nothing.
 */
async function kernels(f: () => unknown): Promise<number> {
  const backend = tf.getBackend();
  const info = await tf.profile(async () => void (await f()));
  return info.kernels.filter(
    (k) =>
      tf.getKernel(k.name, backend) !== undefined && k.name !== 'Reshape' && k.name !== 'Identity',
  ).length;
}

describe('kernel launches of the spiral MLP (the lab default)', () => {
  const config = workload('spiral-mlp').config;

  it('a plain step launches fewer than a model.fit step; a record at most 2.6 plain steps', async () => {
    const data = makeDataset(config);
    const trainer = new Trainer(config, data);
    const off = new Trainer(withDiagnosticsOff(config), data);
    const fit = new FitBaseline(config, data);
    try {
      // Warm-up: optimizer state and the first record's one-time work happen here.
      for (const t of [trainer, off]) {
        const p = t.trainStep({ boundary: false });
        if (p) await t.readRecord(p);
        t.trainStep(null);
      }
      await fit.run(2);
      const plain = await kernels(() => trainer.trainStep(null));
      const record = await kernels(async () => {
        const p = trainer.trainStep({ boundary: false });
        if (p) await trainer.readRecord(p);
      });
      const recordOff = await kernels(async () => {
        const p = off.trainStep({ boundary: false });
        if (p) await off.readRecord(p);
      });
      // fit's per-epoch work is spread over its steps: count whole epochs, then divide.
      const epochs = 2;
      const perEpoch = Math.floor(data.yTrain.length / config.training.batchSize);
      const fitStep = (await kernels(() => fit.run(epochs * perEpoch))) / (epochs * perEpoch);
      expect(plain).toBeLessThan(fitStep);
      // Measured on cpu: plain 85, record 208, record with diagnostics off 141, fit 223. On
      // WebGPU evaluation and the statistics use pooling windows for their small reductions
      // (rows.ts): a few more launches, each far cheaper there (a record went ~420 → ~150 ms of
      // kernel time), so these bounds count launches, not time.
      expect(record).toBeLessThanOrEqual(2.6 * plain);
      // The default diagnostics add less than a plain step's worth of launches to a record
      // (per-layer norms are one matrix product, histograms one binning: see groupSums.ts).
      expect(record - recordOff).toBeLessThan(0.9 * plain);
    } finally {
      trainer.dispose();
      off.dispose();
      fit.dispose();
    }
  });
});
