/**
 * The training loop against independent computations: the L2 penalty against its closed form,
 * dropout against its expectation, reported gradient norms against tf.variableGrads on a separately
 * built model, tensor counts over many steps, and running statistics untouched by evaluation.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARCH_NORMS, type NormName } from '../config/options';
import { mustParseConfig, type ExperimentConfig } from '../config/schema';
import { histogram, HISTOGRAM_MAX_VALUES, sampleStride } from './diagnostics';
import { makeDataset, type Dataset } from './datasets';
import { buildMlp, disposeMlp, forward, layers, trainableOf, type Mlp } from './mlp';
import { useNodeBackend } from './node-backend';
import { BN_MOMENTUM } from './norms';
import { deriveSeed } from './random';
import { columnNorms } from '../../test/support/tensors';
import { FULL_BATCH, smallConfig } from '../../test/support/trainers';
import { Trainer, TRAIN_EVAL_MAX, type RecordRequest, type StepRecord } from './trainer';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const disposables: { dispose(): void }[] = [];
afterEach(() => {
  disposables.splice(0).forEach((d) => d.dispose());
});

// ---------------------------------------------------------------------------------------------
// Helpers

function trainerFor(config: ExperimentConfig, data: Dataset = makeDataset(config)): Trainer {
  const t = new Trainer(config, data);
  disposables.push(t);
  return t;
}

function plainSteps(t: Trainer, n = 1): void {
  for (let i = 0; i < n; i++) expect(t.trainStep(null)).toBeNull();
}

async function recordedStep(
  t: Trainer,
  request: RecordRequest = { boundary: false },
): Promise<StepRecord> {
  const pending = t.trainStep(request);
  if (!pending) throw new Error('a record step returned no record');
  return t.readRecord(pending);
}

/**
 * The trainer's model. Trainer keeps it private; the tests read it through this one function
 * (a read-only `model` accessor on Trainer would make this cast unnecessary).
 */
function modelOf(t: Trainer): Readonly<Mlp> {
  const m = t.parameters as Mlp;
  if (!m.hidden) throw new Error('modelOf: this trainer does not hold an MLP');
  return m;
}

function read(v: tf.Tensor): Float32Array {
  return v.dataSync() as Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** An independent copy of the model the trainer builds for `config` (same config, same seed). */
function independentModel(config: ExperimentConfig, data: Dataset): Mlp {
  const m = buildMlp(config.model, data.inputDim, data.numClasses, deriveSeed(config.seed, 'init'));
  disposables.push({ dispose: () => disposeMlp(m) });
  return m;
}

/** The whole training split as tensors. */
function trainingSplit(data: Dataset) {
  const x = tf.tensor2d(data.xTrain, [data.yTrain.length, data.inputDim]);
  const y = tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), data.numClasses);
  disposables.push(x, y);
  return { x, y };
}

// ---------------------------------------------------------------------------------------------

describe('L2 penalty: its gradient is the closed form 2λW', () => {
  const LR = 0.1;
  const LAMBDA = 0.05;

  /** Puts `to` in the state of `from`: every parameter and running statistic (SGD keeps no state). */
  function copyState(from: Trainer, to: Trainer): void {
    const src = layers(modelOf(from));
    layers(modelOf(to)).forEach((l, k) => {
      const all = (x: typeof l) => [
        ...trainableOf(x),
        ...(x.norm.runningMean ? [x.norm.runningMean, x.norm.runningVar!] : []),
      ];
      all(l).forEach((v, i) => v.assign(all(src[k]!)[i]!));
    });
  }

  it.each<NormName>(['none', 'batch'])(
    'one SGD step with l2 = λ moves each weight matrix by −lr·2λ·W more than with l2 = 0 (norm %s)',
    (norm) => {
      const cfg = (l2: number) =>
        smallConfig({ model: { norm }, regularization: { l2 }, optimizer: { lr: LR } });
      const withL2 = trainerFor(cfg(LAMBDA));
      const without = trainerFor(cfg(0));
      // A few steps first, so biases and β are no longer zero (a penalty on them would show).
      plainSteps(withL2, 3);
      plainSteps(without, 3);
      copyState(withL2, without);
      const before = layers(modelOf(withL2)).map((l) => read(l.w).slice());
      plainSteps(withL2);
      plainSteps(without);
      const a = layers(modelOf(withL2));
      const b = layers(modelOf(without));
      a.forEach((layer, k) => {
        const diff = read(layer.w).map((w, i) => w - read(b[k]!.w)[i]!);
        const expected = before[k]!.map((w) => -LR * 2 * LAMBDA * w);
        expect(maxAbsDiff(diff, expected)).toBeLessThan(1e-6);
        // Biases and norm gains/shifts are not penalized: they take identical steps.
        const rest = (l: (typeof a)[number]) =>
          trainableOf(l)
            .slice(1)
            .map((v) => Array.from(read(v)));
        expect(rest(layer)).toEqual(rest(b[k]!));
      });
      expect(Math.max(...a.map((l) => Math.max(...read(l.b).map(Math.abs))))).toBeGreaterThan(1e-3);
    },
  );
});

describe('dropout keeps the expectation (inverted dropout)', () => {
  const P_DROP = 0.5;
  const COPIES = 4000;
  const SEEDS = 5;

  /** A 1-hidden-layer net, so the logits are linear in the dropped-out activations. */
  function oneLayerNet(): Mlp {
    const config = smallConfig({ model: { depth: 1, width: 24, activation: 'relu' } });
    const m = buildMlp(config.model, 2, 2, 11);
    disposables.push({ dispose: () => disposeMlp(m) });
    return m;
  }

  /** One input point repeated COPIES times: every row draws its own mask. */
  function repeatedPoint(): tf.Tensor2D {
    const x = tf.tidy(() => tf.tile(tf.tensor2d([[0.7, -1.3]]), [COPIES, 1]) as tf.Tensor2D);
    disposables.push(x);
    return x;
  }

  function logitsSamples(m: Mlp, x: tf.Tensor2D, seed: number): Float32Array {
    return tf.tidy(() => read(forward(m, x, { training: true, dropout: P_DROP, seed }).logits));
  }

  it('the mean output over many masks equals the output without dropout, within 4 standard errors', () => {
    const m = oneLayerNet();
    const x = repeatedPoint();
    const exact = tf.tidy(() =>
      read(forward(m, tf.slice(x, [0, 0], [1, 2]), { training: false }).logits),
    );
    const samples: number[][] = [[], []];
    for (let s = 1; s <= SEEDS; s++) {
      const out = logitsSamples(m, x, 1000 * s);
      out.forEach((v, i) => samples[i % 2]!.push(v));
    }
    samples.forEach((vals, c) => {
      const n = vals.length;
      const mean = vals.reduce((a, v) => a + v, 0) / n;
      const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
      expect(sd).toBeGreaterThan(0.01); // the masks really vary the output
      expect(Math.abs(mean - exact[c]!)).toBeLessThan(4 * (sd / Math.sqrt(n)));
    });
  });

  it('the same dropout seed gives the same masks; a different seed gives different ones', () => {
    const m = oneLayerNet();
    const x = repeatedPoint();
    expect(logitsSamples(m, x, 7)).toEqual(logitsSamples(m, x, 7));
    expect(logitsSamples(m, x, 7)).not.toEqual(logitsSamples(m, x, 8));
  });

  it('in evaluation mode dropout is off', () => {
    const m = oneLayerNet();
    const x = repeatedPoint();
    const evalOut = tf.tidy(() =>
      read(forward(m, x, { training: false, dropout: P_DROP, seed: 3 }).logits),
    );
    const noDrop = tf.tidy(() => read(forward(m, x, { training: false }).logits));
    expect(evalOut).toEqual(noDrop);
  });
});

describe('reported gradient norms equal an independent computation (step 1, SGD, full batch)', () => {
  /**
   * ‖∂L/∂θ‖ per layer on the full training batch, from a separately built model. The penalty's
   * gradient is added in closed form (2λW), so this also checks the trainer's L2 term.
   */
  function independentGradNorms(config: ExperimentConfig, data: Dataset) {
    const m = independentModel(config, data);
    const { x, y } = trainingSplit(data);
    const all = layers(m).flatMap(trainableOf);
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy(
            y,
            forward(m, x, { training: true }).logits,
            undefined,
            config.regularization.labelSmoothing,
          ) as tf.Scalar,
        all,
      );
      const lambda = config.regularization.l2;
      const penalty = lambda * layers(m).reduce((s, l) => s + read(tf.sum(tf.square(l.w)))[0]!, 0);
      const norms = layers(m).map((l) => {
        const g = trainableOf(l).map((v) =>
          v === l.w ? tf.add(grads[v.name]!, tf.mul(2 * lambda, l.w)) : grads[v.name]!,
        );
        return Math.sqrt(g.reduce((s, t) => s + read(tf.sum(tf.square(t)))[0]!, 0));
      });
      return { norms, loss: read(value)[0]! + penalty };
    });
  }

  it.each([
    ['none', 0, 0],
    ['none', 0.2, 0],
    ['batch', 0, 0],
    ['batch', 0.2, 0],
    ['layer', 0.2, 0],
    ['renorm', 0.2, 0],
    ['rms', 0, 0.2],
    ['group', 0, 0.1],
  ] as const)('norm %s, l2 %f, label smoothing %f', async (norm, l2, labelSmoothing) => {
    const config = smallConfig({
      model: { norm, groups: 3 },
      regularization: { l2, labelSmoothing },
      training: FULL_BATCH,
    });
    const data = makeDataset(config);
    const t = trainerFor(config, data);
    const rec = await recordedStep(t);
    const ref = independentGradNorms(config, data);
    expect(t.layerNames).toEqual(['hidden1', 'hidden2', 'output']);
    Array.from(rec.gradNorms).forEach((g, i) => {
      expect(g).toBeGreaterThan(1e-3);
      expect(Math.abs(g - ref.norms[i]!) / ref.norms[i]!).toBeLessThan(1e-4);
    });
    expect(rec.lossBatch).toBeCloseTo(ref.loss, 5);
  });
});

describe('no tensor leaks', () => {
  const RECORD_EVERY = 10;

  /** Steps to `target`, recording every RECORD_EVERY steps; returns the last record. */
  async function stepTo(t: Trainer, target: number): Promise<StepRecord | null> {
    let last: StepRecord | null = null;
    while (t.step < target) {
      const n = t.step + 1;
      if (n % RECORD_EVERY === 0)
        last = await recordedStep(t, { boundary: n % (2 * RECORD_EVERY) === 0 });
      else plainSteps(t);
    }
    return last;
  }

  async function expectFlat(input: ExperimentConfig): Promise<void> {
    // Sharpness (off by default) on: its probe keeps state between measurements too.
    const config = mustParseConfig({
      ...input,
      diagnostics: { ...input.diagnostics, sharpnessEvery: 100 },
    });
    const data = makeDataset(config);
    const before = tf.memory().numTensors;
    const t = new Trainer(config, data);
    // The first sharpness measurement (step 100) caches its fixed batch and eigenvector,
    // and the percentile clipper its window: one-time allocations, after which nothing may grow.
    await stepTo(t, 110);
    const warm = tf.memory().numTensors;
    const last = await stepTo(t, 200);
    expect(tf.memory().numTensors).toBe(warm);
    // …and the run is still a run: finite losses after 200 steps.
    expect(Number.isFinite(last!.lossBatch) && Number.isFinite(last!.lossTrain)).toBe(true);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }

  it.each<NormName>([...ARCH_NORMS.mlp])(
    'numTensors is the same after step 110 and step 200 (norm %s, dropout and l2 on, record steps included)',
    async (norm) => {
      await expectFlat(
        smallConfig({
          model: { norm, depth: 3, width: 8 },
          regularization: { l2: 1e-3, dropout: 0.2 },
          optimizer: { name: 'adam', lr: 0.01 },
        }),
      );
    },
  );

  it.each<NormName>(['renorm', 'weight'])(
    'numTensors stays flat with every regularizer, schedule and controller on at once (norm %s, residual, AdamW)',
    async (norm) => {
      await expectFlat(
        smallConfig({
          model: { norm, depth: 3, width: 8, residual: true },
          regularization: {
            l2: 1e-3,
            l1: 1e-4,
            dropout: 0.2,
            noiseStd: 0.1,
            noiseAt: 'hidden',
            labelSmoothing: 0.1,
            maxNorm: 2,
            clipNorm: 1,
            agc: 0.1,
            penaltyScaling: 'fan-in',
            depthProfile: 'increasing',
            warmupSteps: 50,
            warmupShape: 'cosine',
            penalizeBiasAndNorm: true,
          },
          optimizer: {
            name: 'adamw',
            lr: 0.01,
            weightDecay: 0.01,
            warmupSteps: 20,
            schedule: 'cosine',
            minLrFraction: 0.1,
          },
          training: { steps: 200 },
          diagnostics: { sharpnessEvery: 30, sharpnessBatch: 64 },
          adaptive: { clip: true, clipWindow: 10 },
        }),
      );
    },
  );

  it('numTensors stays flat with input noise, Nesterov momentum and RMSProp', async () => {
    for (const optimizer of [
      { name: 'momentum', nesterov: true, lr: 0.01, weightDecay: 0.01 },
      { name: 'rmsprop', lr: 0.001 },
    ] as const) {
      await expectFlat(
        smallConfig({
          model: { norm: 'group', depth: 2, width: 8, groups: 2, normPlacement: 'after' },
          regularization: { noiseStd: 0.2, noiseAt: 'input', l1: 1e-3 },
          optimizer,
        }),
      );
    }
  });
});

describe.each<NormName>(['batch', 'renorm'])(
  'evaluation-mode forwards leave running statistics alone (norm %s)',
  (norm) => {
    const config = smallConfig({ model: { norm }, regularization: { dropout: 0.2 } });

    function runningStats(t: Trainer): number[][] {
      return modelOf(t).hidden.flatMap((l) => [
        Array.from(read(l.norm.runningMean!)),
        Array.from(read(l.norm.runningVar!)),
      ]);
    }

    it('running statistics after a record step equal those after a plain step from an identical trainer', async () => {
      const recorded = trainerFor(config);
      const plain = trainerFor(config);
      plainSteps(recorded, 3);
      plainSteps(plain, 3);
      await recordedStep(recorded, { boundary: true });
      plainSteps(plain);
      expect(runningStats(recorded)).toEqual(runningStats(plain));
      // …and they did move away from their initial values (mean 0, variance 1) during training.
      expect(runningStats(plain)[0]!.some((v) => v !== 0)).toBe(true);
    });

    it('later records are identical whether or not earlier steps were recorded', async () => {
      const everyStep = trainerFor(config);
      const lastOnly = trainerFor(config);
      for (let i = 0; i < 4; i++) await recordedStep(everyStep);
      plainSteps(lastOnly, 4);
      expect(await recordedStep(everyStep)).toEqual(await recordedStep(lastOnly));
    });

    it.each([BN_MOMENTUM, 0.8])(
      'after one full-batch step the running statistics are one momentum update toward the batch moments (momentum %f)',
      (momentum) => {
        const full = smallConfig({ model: { norm, normMomentum: momentum }, training: FULL_BATCH });
        const data = makeDataset(full);
        const t = trainerFor(full, data);
        // The batch moments of the real training forward, from an independent copy of the model.
        const m = independentModel(full, data);
        const { x } = trainingSplit(data);
        const moments = tf.tidy(() =>
          forward(m, x, { training: true }).moments.map((mo) => [
            read(mo!.mean).slice(),
            read(mo!.variance).slice(),
          ]),
        );
        plainSteps(t);
        modelOf(t).hidden.forEach((l, i) => {
          const [mean, variance] = moments[i]!;
          const expectedMean = mean!.map((b) => 0 - (0 - b) * (1 - momentum));
          const expectedVar = variance!.map((b) => 1 - (1 - b) * (1 - momentum));
          expect(maxAbsDiff(read(l.norm.runningMean!), expectedMean)).toBeLessThan(1e-6);
          expect(maxAbsDiff(read(l.norm.runningVar!), expectedVar)).toBeLessThan(1e-6);
        });
      },
    );

    it('recorded train and validation loss and accuracy are the evaluation-mode values after the update', async () => {
      const data = makeDataset(config);
      const t = trainerFor(config, data);
      plainSteps(t, 5);
      const rec = await recordedStep(t);
      const evaluate = (xs: Float32Array, ys: Int32Array, n: number) =>
        tf.tidy(() => {
          const x = tf.tensor2d(xs.subarray(0, 2 * n), [n, 2]);
          const labels = tf.tensor1d(ys.subarray(0, n), 'int32');
          const logits = forward(modelOf(t), x, { training: false }).logits;
          const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 2), logits);
          const correct = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
          return [read(ce)[0]!, read(correct)[0]!];
        });
      const [loss, acc] = evaluate(data.xVal as Float32Array, data.yVal, data.yVal.length);
      expect(rec.lossVal).toBeCloseTo(loss!, 6);
      expect(rec.accuracyVal).toBeCloseTo(acc!, 6);
      // Training loss: the fixed subset of the first TRAIN_EVAL_MAX training examples.
      const n = Math.min(TRAIN_EVAL_MAX, data.yTrain.length);
      const [trainLoss, trainAcc] = evaluate(data.xTrain as Float32Array, data.yTrain, n);
      expect(rec.lossTrain).toBeCloseTo(trainLoss!, 6);
      expect(rec.accuracyTrain).toBeCloseTo(trainAcc!, 6);
      expect(rec.lossTrain).not.toBeCloseTo(rec.lossVal, 3);
    });
  },
);

describe('activation histograms', () => {
  it('count every activation of the batch once per hidden layer, inside the reported range', async () => {
    const config = smallConfig({
      model: { activation: 'relu', depth: 3, width: 5 },
      training: { batchSize: 16 },
    });
    const t = trainerFor(config);
    const rec = await recordedStep(t);
    const bins = rec.histCounts.length / t.hiddenNames.length;
    t.hiddenNames.forEach((_, h) => {
      const counts = rec.histCounts.slice(h * bins, (h + 1) * bins);
      expect(counts.reduce((s, c) => s + c, 0)).toBe(16 * 5);
      expect(rec.histLo[h]).toBeGreaterThanOrEqual(0); // ReLU outputs are never negative
      expect(rec.histHi[h]).toBeGreaterThanOrEqual(rec.histLo[h]!);
    });
  });
});

describe('learning-rate schedule inside the trainer', () => {
  const LR = 0.4;
  const TOTAL = 12;
  const WARM = 3;
  /** Closed forms: linear warm-up lr·(k+1)/N, then cosine from lr to 0 over updates N … TOTAL−1. */
  const expectedLr = (k: number) =>
    k < WARM
      ? (LR * (k + 1)) / WARM
      : LR * 0.5 * (1 + Math.cos((Math.PI * (k - WARM)) / (TOTAL - WARM - 1)));

  it('records carry the scheduled learning rate of each update', async () => {
    const t = trainerFor(
      smallConfig({
        optimizer: { lr: LR, warmupSteps: WARM, schedule: 'cosine' },
        training: { steps: TOTAL },
      }),
    );
    for (let k = 0; k < TOTAL; k++)
      expect((await recordedStep(t)).lr).toBeCloseTo(expectedLr(k), 10);
  });

  it.each([1, 6])(
    'update %i equals an SGD update at constant lr = the scheduled value, from the same state',
    (k) => {
      const scheduled = trainerFor(
        smallConfig({
          optimizer: { lr: LR, warmupSteps: WARM, schedule: 'cosine' },
          training: { steps: TOTAL },
        }),
      );
      const constant = trainerFor(
        smallConfig({ optimizer: { lr: expectedLr(k) }, training: { steps: TOTAL } }),
      );
      plainSteps(scheduled, k);
      plainSteps(constant, k);
      const a = layers(modelOf(scheduled));
      const b = layers(modelOf(constant));
      b.forEach((l, i) => trainableOf(l).forEach((v, j) => v.assign(trainableOf(a[i]!)[j]!)));
      plainSteps(scheduled);
      plainSteps(constant);
      a.forEach((l, i) =>
        trainableOf(l).forEach((v, j) =>
          expect(maxAbsDiff(read(v), read(trainableOf(b[i]!)[j]!))).toBeLessThan(1e-7),
        ),
      );
    },
  );
});

describe('gradient clipping inside the trainer (SGD, full batch: the update is −lr × the clipped gradient)', () => {
  const LR = 0.1;

  function stepDelta(config: ExperimentConfig) {
    const t = trainerFor(config);
    const vars = layers(modelOf(t)).map((l) => trainableOf(l));
    const before = vars.map((vs) => vs.map((v) => read(v).slice()));
    plainSteps(t);
    return {
      model: modelOf(t),
      before,
      delta: vars.map((vs, k) => vs.map((v, j) => read(v).map((x, i) => x - before[k]![j]![i]!))),
    };
  }

  it('clipNorm c: the global norm of the update is exactly lr·c when the raw gradient is larger', async () => {
    const base = smallConfig({ optimizer: { lr: LR }, training: FULL_BATCH });
    const rawNorm = Math.hypot(...Array.from((await recordedStep(trainerFor(base))).gradNorms));
    const c = rawNorm / 4;
    const { delta } = stepDelta(
      smallConfig({ optimizer: { lr: LR }, regularization: { clipNorm: c }, training: FULL_BATCH }),
    );
    const norm = Math.sqrt(delta.flat().reduce((s, a) => s + a.reduce((t, x) => t + x * x, 0), 0));
    expect(norm / (LR * c)).toBeCloseTo(1, 4);
    // A bound above the raw norm changes nothing: the update is lr·‖g‖.
    const loose = stepDelta(
      smallConfig({
        optimizer: { lr: LR },
        regularization: { clipNorm: rawNorm * 2 },
        training: FULL_BATCH,
      }),
    );
    const looseNorm = Math.sqrt(
      loose.delta.flat().reduce((s, a) => s + a.reduce((t, x) => t + x * x, 0), 0),
    );
    expect(looseNorm / (LR * rawNorm)).toBeCloseTo(1, 4);
  });

  it('agc λ: each hidden unit’s weight update has norm ≤ lr·λ·max(‖w_u‖, 1e-3); some units hit the bound', () => {
    const lambda = 0.01;
    const { model, before, delta } = stepDelta(
      smallConfig({
        optimizer: { lr: 0.5 },
        regularization: { agc: lambda },
        training: FULL_BATCH,
      }),
    );
    let atBound = 0;
    model.hidden.forEach((l, k) => {
      const [rows, cols] = l.w.shape;
      const wNorms = columnNorms(before[k]![0]!, rows, cols);
      const dNorms = columnNorms(delta[k]![0]!, rows, cols);
      dNorms.forEach((n, u) => {
        const bound = 0.5 * lambda * Math.max(wNorms[u]!, 1e-3);
        expect(n).toBeLessThanOrEqual(bound * (1 + 1e-4));
        if (n > bound * (1 - 1e-4)) atBound++;
      });
    });
    expect(atBound).toBeGreaterThan(0);
  });
});

describe('histograms of large activations', () => {
  it('count a strided sample of at most HISTOGRAM_MAX_VALUES values that visits every channel', () => {
    // 3 channels; channel c holds the value c everywhere, so each channel fills its own bin.
    const n = 30_000;
    const values = Float32Array.from({ length: n * 3 }, (_, i) => i % 3);
    const h = tf.tidy(() =>
      Array.from(histogram(tf.tensor2d(values, [n, 3]), [0, 3], 3).dataSync()),
    );
    const [lo, hi, ...counts] = h;
    expect([lo, hi]).toEqual([0, 3]);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(HISTOGRAM_MAX_VALUES);
    expect(total).toBeGreaterThan(HISTOGRAM_MAX_VALUES / 2);
    for (const c of counts) expect(Math.abs(c - total / 3)).toBeLessThanOrEqual(1);
    expect(sampleStride(90_000, 3)).toBe(11); // ceil(90000/8192) = 11, coprime with 3
    expect(sampleStride(90_000, 11)).toBe(12);
  });
});
