/**
 * Every architecture through the one Trainer: the record carries what each kind of data needs
 * (sample predictions for images, gradient norms through time for recurrent nets), tensors stay
 * flat over many steps, and each model learns its task above chance.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCH_NORMS } from '../config/options';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import { diskSource } from '../cli/dataFiles';
import { makeDataset, type Dataset } from './datasets';
import { loadDataset } from './loadData';
import { useNodeBackend } from './node-backend';
import { runExperiment } from './run';
import { SAMPLE_COUNT, Trainer } from './trainer';

const CASES = {
  cnn: {
    dataset: { name: 'mnist', size: 300, noise: 0 },
    model: { arch: 'cnn', depth: 2, channels: 4, norm: 'batch', activation: 'relu' },
    training: { batchSize: 16, steps: 20, recordEvery: 5 },
  },
  gru: {
    dataset: { name: 'parity', size: 200, minLength: 3, maxLength: 6 },
    model: { arch: 'rnn', cell: 'gru', depth: 2, width: 8, norm: 'layer' },
    training: { batchSize: 16, steps: 20, recordEvery: 5 },
  },
  transformer: {
    dataset: { name: 'recall', size: 200, minLength: 3, maxLength: 6 },
    model: { arch: 'transformer', depth: 2, width: 8, heads: 2, norm: 'layer', blockNorm: 'post' },
    training: { batchSize: 16, steps: 20, recordEvery: 5 },
  },
} satisfies Record<string, ConfigInput>;

let mnist: Dataset;
beforeAll(async () => {
  await useNodeBackend('cpu');
  mnist = await loadDataset(mustParseConfig(CASES.cnn), diskSource());
});

const dataFor = (input: ConfigInput) => {
  const config = mustParseConfig(input);
  return { config, data: config.dataset.name === 'mnist' ? mnist : makeDataset(config) };
};

const trainers: Trainer[] = [];
afterAll(() => trainers.forEach((t) => t.dispose()));

describe.each(Object.entries(CASES))('%s through the Trainer', (name, input) => {
  it('a record holds one gradient and weight norm per layer and one histogram per activation', async () => {
    const { config, data } = dataFor(input);
    const t = new Trainer(config, data);
    trainers.push(t);
    const rec = await t.readRecord(t.trainStep({ boundary: true })!);
    expect(rec.gradNorms).toHaveLength(t.layerNames.length);
    expect(rec.weightNorms).toHaveLength(t.layerNames.length);
    expect(rec.histLo).toHaveLength(t.hiddenNames.length);
    for (const v of [...rec.gradNorms, ...rec.weightNorms, rec.lossTrain, rec.lossVal]) expect(Number.isFinite(v)).toBe(true);
    expect(Math.min(...rec.gradNorms)).toBeGreaterThan(0);
    // Only point sets have a decision boundary.
    expect(rec.boundary).toBeNull();
    if (name === 'cnn') {
      expect(rec.samplePredictions).toHaveLength(SAMPLE_COUNT);
      for (const p of rec.samplePredictions!) expect(Number.isInteger(p) && p >= 0 && p < 10).toBe(true);
      expect(rec.timeGradNorms).toBeNull();
    } else if (name === 'gru') {
      expect(rec.samplePredictions).toBeNull();
      expect(rec.timeGradNorms).toHaveLength(config.dataset.maxLength);
    } else {
      // A Transformer has no hidden state per time step to report.
      expect(rec.timeGradNorms).toBeNull();
    }
  });

  it('tf.memory().numTensors is the same after step 5 and step 20 (record steps included)', async () => {
    const { config, data } = dataFor({ ...input, regularization: { dropout: 0.2, l2: 1e-3, clipNorm: 1, agc: 0.1, maxNorm: 3 } });
    const before = tf.memory().numTensors;
    const t = new Trainer(config, data);
    const step = async () => {
      const p = t.trainStep(t.step % 5 === 4 ? { boundary: false } : null);
      if (p) await t.readRecord(p);
    };
    for (let i = 0; i < 5; i++) await step();
    const at5 = tf.memory().numTensors;
    for (let i = 0; i < 15; i++) await step();
    expect(tf.memory().numTensors).toBe(at5);
    t.dispose();
    // Data, model, optimizer state: dispose frees everything the trainer made.
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('gradient norm through time', () => {
  it('is zero past the longest sequence and positive at real steps', async () => {
    const { config, data } = dataFor({
      ...CASES.gru,
      dataset: { name: 'parity', size: 100, minLength: 2, maxLength: 4 },
      model: { arch: 'rnn', cell: 'vanilla', depth: 1, width: 6, norm: 'none' },
    });
    // Pad every sequence to 8 by widening the data: steps 5–8 are padding everywhere.
    const T = 8;
    const widen = (x: Int32Array | Float32Array, n: number, Fill: typeof Int32Array | typeof Float32Array) => {
      const out = new Fill(n * T);
      for (let i = 0; i < n; i++) out.set(x.subarray(i * 4, i * 4 + 4), i * T);
      return out;
    };
    const nT = data.yTrain.length;
    const nV = data.yVal.length;
    const wide: Dataset = {
      ...data,
      inputShape: [T],
      inputDim: T,
      xTrain: widen(data.xTrain, nT, Int32Array),
      xVal: widen(data.xVal, nV, Int32Array),
      maskTrain: widen(data.maskTrain!, nT, Float32Array) as Float32Array,
      maskVal: widen(data.maskVal!, nV, Float32Array) as Float32Array,
    };
    const t = new Trainer(mustParseConfig({ ...config, dataset: { ...config.dataset, maxLength: T } }), wide);
    trainers.push(t);
    const rec = await t.readRecord(t.trainStep({ boundary: false })!);
    const norms = Array.from(rec.timeGradNorms!);
    expect(norms.slice(4)).toEqual([0, 0, 0, 0]);
    expect(Math.min(...norms.slice(0, 2))).toBeGreaterThan(0);
  });
});

describe('every architecture learns its task above chance (3 seeds, cpu)', () => {
  const LEARN: Record<string, { input: ConfigInput; chance: number }> = {
    gru: {
      input: {
        dataset: { name: 'recall', size: 400, minLength: 3, maxLength: 8 },
        model: { arch: 'rnn', cell: 'gru', depth: 1, width: 16, norm: 'layer' },
        optimizer: { name: 'adam', lr: 0.01 },
        training: { batchSize: 32, steps: 120, recordEvery: 120 },
      },
      chance: 0.25,
    },
    transformer: {
      input: {
        dataset: { name: 'recall', size: 400, minLength: 3, maxLength: 8 },
        model: { arch: 'transformer', depth: 1, width: 16, heads: 2, norm: 'layer' },
        optimizer: { name: 'adam', lr: 0.01 },
        training: { batchSize: 32, steps: 120, recordEvery: 120 },
      },
      chance: 0.25,
    },
  };
  it.each(Object.entries(LEARN))('%s', async (_name, { input, chance }) => {
    for (const seed of [1, 2, 3]) {
      // Learning is under test here, not the diagnostics: skip the sharpness measurements' cost.
      const config = mustParseConfig({ ...input, seed, diagnostics: { sharpnessEvery: 0 } });
      const r = await runExperiment(config, 'test');
      // Well above chance on held-out data on every seed, not just a lucky one.
      expect(r.summary.finalAccuracyVal!, `seed ${seed}`).toBeGreaterThan(chance + 0.35);
    }
  });

  it('norms offered per architecture all train without NaN', async () => {
    for (const norm of ARCH_NORMS.rnn) {
      const config = mustParseConfig({ ...CASES.gru, model: { ...CASES.gru.model, norm } });
      const r = await runExperiment(config, 'test');
      expect(r.summary.diverged, norm).toBe(false);
    }
  });
});
