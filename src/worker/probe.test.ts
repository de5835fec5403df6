/**
 * The probe for real in Node: the cpu and wasm backends time a small MLP on its real data, a
 * failing backend is reported and skipped, and nothing is left allocated.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mustParseConfig } from '../config/schema';
import { makeDataset } from '../engine/datasets';
import { useNodeBackend } from '../engine/node-backend';
import type { BackendName } from '../protocol';
import { measureSteps, probeBackends, type SetBackend } from './probe';

beforeAll(async () => {
  // Registers wasm (and starts it once), then leaves cpu set, as a test file expects.
  await useNodeBackend('wasm');
  await useNodeBackend('cpu');
});

const config = mustParseConfig({
  seed: 5,
  dataset: { name: 'spiral', size: 200 },
  model: { depth: 2, width: 8 },
  training: { steps: 100, recordEvery: 10, batchSize: 16 },
});
const LIMITS = { warmupMs: 0, budgetMs: 150, maxSteps: 40, minLimitMs: 30_000, maxLimitMs: 30_000 };

const setNodeBackend: SetBackend = async (name) => {
  if (name !== 'cpu' && name !== 'wasm') return `${name} is not available in Node`;
  await useNodeBackend(name);
  return null;
};

describe('probeBackends in Node', () => {
  it('times cpu and wasm on a small MLP and leaks no tensor', async () => {
    const data = makeDataset(config);
    const before = tf.memory().numTensors;
    const seen: BackendName[] = [];
    const results = await probeBackends(config, data, {
      sequence: ['cpu', 'wasm'],
      setBackend: setNodeBackend,
      onMeasured: (m) => seen.push(m.backend),
      limits: LIMITS,
    });
    await useNodeBackend('cpu');
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual(['cpu', 'wasm']);
    for (const r of results) {
      expect(r.failure).toBeNull();
      expect(r.steps).toBeGreaterThan(0);
      expect(r.steps).toBeLessThanOrEqual(LIMITS.maxSteps);
      expect(r.stepsPerSec).toBeGreaterThan(1);
      expect(r.warmupMs).toBeGreaterThan(0);
    }
  });

  it('skips a backend that cannot be set, with its reason, and still measures the rest', async () => {
    const data = makeDataset(config);
    const results = await probeBackends(config, data, {
      sequence: ['webgpu', 'cpu'],
      setBackend: setNodeBackend,
      limits: LIMITS,
    });
    expect(results[0]).toEqual({
      backend: 'webgpu',
      stepsPerSec: null,
      steps: 0,
      warmupMs: null,
      failure: 'webgpu is not available in Node',
    });
    expect(results[1]!.failure).toBeNull();
    expect(results[1]!.stepsPerSec).toBeGreaterThan(0);
  });

  it('reports a backend that throws while training, and frees what it had built', async () => {
    const data = makeDataset(config);
    const before = tf.memory().numTensors;
    // A backend that is "set" but whose first kernel call throws: the trainer fails mid-step.
    const breaking: SetBackend = async () => {
      await useNodeBackend('cpu');
      return null;
    };
    // The dense layers' forward kernel: it throws before anything is on the gradient tape (when
    // backprop itself throws, tfjs keeps the tensors it had saved for it).
    const realMatMul = tf.getKernel('_FusedMatMul', 'cpu')!;
    tf.unregisterKernel('_FusedMatMul', 'cpu');
    tf.registerKernel({
      ...realMatMul,
      kernelFunc: () => {
        throw new Error('kernel exploded');
      },
    });
    try {
      const [r] = await probeBackends(config, data, {
        sequence: ['webgl'],
        setBackend: breaking,
        limits: LIMITS,
      });
      expect(r!.failure).toMatch(/^failed while training: .*kernel exploded/);
      expect(r!.stepsPerSec).toBeNull();
    } finally {
      tf.unregisterKernel('_FusedMatMul', 'cpu');
      tf.registerKernel(realMatMul);
    }
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });
});

describe('a backend listed twice', () => {
  it('is timed again unless it failed, and keeps its faster timing in one result', async () => {
    const data = makeDataset(config);
    const seen: [BackendName, number | null][] = [];
    const results = await probeBackends(config, data, {
      sequence: ['cpu', 'webgl', 'wasm', 'cpu', 'webgl', 'wasm'],
      setBackend: setNodeBackend,
      onMeasured: (m) => seen.push([m.backend, m.stepsPerSec]),
      limits: LIMITS,
    });
    await useNodeBackend('cpu');
    // webgl failed (not in Node), so it is not timed again.
    expect(seen.map(([b]) => b)).toEqual(['cpu', 'webgl', 'wasm', 'cpu', 'wasm']);
    expect(results.map((r) => r.backend)).toEqual(['cpu', 'webgl', 'wasm']);
    for (const name of ['cpu', 'wasm'] as const) {
      const rates = seen.filter(([b]) => b === name).map(([, r]) => r!);
      expect(rates).toHaveLength(2);
      expect(results.find((r) => r.backend === name)!.stepsPerSec).toBe(Math.max(...rates));
    }
  });
});

describe('measureSteps', () => {
  it('stops at the step limit when steps are fast, and counts only completed steps', async () => {
    const data = makeDataset(config);
    const r = await measureSteps(config, data, { ...LIMITS, budgetMs: 60_000, maxSteps: 7 });
    expect(r.steps).toBe(7);
    expect(r.stepsPerSec).toBeGreaterThan(0);
  });

  it('stops after one timed round when the budget is spent', async () => {
    const data = makeDataset(config);
    const r = await measureSteps(config, data, { ...LIMITS, budgetMs: 0, maxSteps: 10_000 });
    // One round: one plain step and one recorded step.
    expect(r.steps).toBe(2);
  });
});

const until = async (cond: () => boolean, timeoutMs = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the time limit', () => {
  it('skips a backend that runs out of time, names the limit, and frees its tensors afterwards', async () => {
    const data = makeDataset(config);
    const before = tf.memory().numTensors;
    await expect(measureSteps(config, data, LIMITS, 0)).rejects.toThrow(/within 0 s/);
    await until(() => tf.memory().numTensors === before);
  });

  it('never applies to the first backend, so one always trains', async () => {
    const data = makeDataset(config);
    const results = await probeBackends(config, data, {
      sequence: ['cpu', 'wasm'],
      setBackend: setNodeBackend,
      limits: { ...LIMITS, minLimitMs: 0, maxLimitMs: 0 },
    });
    await useNodeBackend('cpu');
    expect(results[0]!.failure).toBeNull();
    expect(results[1]!.failure).toMatch(/within 0 s/);
  });
});
