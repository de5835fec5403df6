/**
 * The NHWC CNN (cnn.ts): its layer groups and activation shapes under each pooling choice, its
 * forward pass against the same weights in tf.layers (conv2d 'same' + relu [+ 2×2 pooling] +
 * global-average pooling + dense), spatial versus plain dropout read off the model's own gradient,
 * every normalization it offers building, running and differentiating, and no leaked tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARCH_NORMS, type NormName } from '../config/options';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import { buildCnn } from './cnn';
import { trainableOf, type ForwardResult, type LabModel } from './model';
import type { NormParams } from './norms';
import { useNodeBackend } from './node-backend';
import { Disposables, maxAbsDiff, meanAndStd, randn, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

const CLASSES = 3;
const BATCH = 4;

/** A CNN model config (the schema needs an image dataset for arch "cnn"; only `model` is used). */
function cnnConfig(model: ConfigInput['model']) {
  return mustParseConfig({
    dataset: { name: 'mnist' },
    model: {
      arch: 'cnn',
      depth: 2,
      channels: 4,
      kernelSize: 3,
      activation: 'relu',
      groups: 2,
      ...model,
    },
  }).model;
}

function build(
  model: ConfigInput['model'],
  inputShape = [8, 8, 1],
  numClasses = CLASSES,
  seed = 11,
): LabModel {
  const m = buildCnn(cnnConfig(model), { inputShape, numClasses }, seed);
  d.track(m);
  return m;
}

function images(shape: number[], seed = 1, mean = 0.3, std = 1): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  return d.track(tf.tensor4d(randn(n, seed, mean, std), shape as [number, number, number, number]));
}

const allVariables = (m: LabModel) => m.groups.flatMap(trainableOf);

function crossEntropy(logits: tf.Tensor2D, numClasses = CLASSES): tf.Scalar {
  const labels = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: logits.shape[0] }, (_, i) => i % numClasses),
      'int32',
    ),
    numClasses,
  );
  return tf.losses.softmaxCrossEntropy(labels, logits);
}

describe('structure', () => {
  it('groups conv1..convN then output, with [k, k, cIn, C] kernels, [C] biases and fan-in k·k·cIn', () => {
    const m = build({ depth: 3, channels: 5, kernelSize: 3 }, [8, 8, 2]);
    expect(m.groups.map((g) => g.name)).toEqual(['conv1', 'conv2', 'conv3', 'output']);
    expect(m.activationNames).toEqual(['conv1', 'conv2', 'conv3']);
    expect(m.groups.map((g) => g.weights.map((w) => w.shape))).toEqual([
      [[3, 3, 2, 5]],
      [[3, 3, 5, 5]],
      [[3, 3, 5, 5]],
      [[5, CLASSES]],
    ]);
    expect(m.groups.map((g) => g.biases.map((b) => b.shape))).toEqual([
      [[5]],
      [[5]],
      [[5]],
      [[CLASSES]],
    ]);
    expect(m.groups.map((g) => g.fanIn)).toEqual([18, 45, 45, 5]);
    expect(m.groups.map((g) => g.hidden)).toEqual([true, true, true, false]);
    expect(m.groups.every((g) => Object.keys(g.norm).length === 0)).toBe(true);
  });

  it.each([
    ['relu', 'He', (fanIn: number) => Math.sqrt(2 / fanIn)],
    ['tanh', 'Glorot', (fanIn: number, fanOut: number) => Math.sqrt(2 / (fanIn + fanOut))],
  ] as const)(
    '%s kernels start with the %s spread over k·k·cIn inputs and k·k·C outputs',
    (activation, _name, std) => {
      const C = 16;
      const m = build({ depth: 2, channels: C, kernelSize: 3, activation }, [8, 8, 3]);
      const kernel = read(m.groups[1]!.weights[0]!);
      const s = meanAndStd(kernel);
      expect(Math.abs(s.mean)).toBeLessThan(0.1 * s.std);
      expect(s.std / std(9 * C, 9 * C)).toBeGreaterThan(0.93);
      expect(s.std / std(9 * C, 9 * C)).toBeLessThan(1.07);
    },
  );

  it('the same seed builds the same net; another seed another one', () => {
    const x = images([2, 8, 8, 1]);
    const logits = (seed: number) =>
      read(d.track(build({}, [8, 8, 1], CLASSES, seed).forward({ x }, { training: false }).logits));
    expect(maxAbsDiff(logits(3), logits(3))).toBe(0);
    expect(maxAbsDiff(logits(3), logits(4))).toBeGreaterThan(1e-4);
  });
});

describe('forward shapes under pooling (2×2, only while the map is at least MIN_POOL_SIZE = 4 wide)', () => {
  it.each([
    ['max', [8, 8, 1], [8, 4, 2, 2]],
    ['avg', [8, 8, 1], [8, 4, 2, 2]],
    ['none', [8, 8, 1], [8, 8, 8, 8]],
    // 7 ≥ 4 pools to ⌊7/2⌋ = 3; 3 < 4 stays.
    ['max', [7, 7, 2], [7, 3, 3, 3]],
    ['avg', [4, 4, 1], [4, 2, 2, 2]],
  ] as const)(
    'pool "%s" on %j: one activation per conv layer, sides %j',
    (pool, inputShape, sides) => {
      const m = build({ depth: 4, channels: 3, pool }, [...inputShape]);
      const x = images([BATCH, ...inputShape]);
      const out = m.forward({ x }, { training: true });
      out.activations.forEach((a) => d.track(a));
      d.track(out.logits);
      expect(out.logits.shape).toEqual([BATCH, CLASSES]);
      expect(out.activations.map((a) => a.shape)).toEqual(sides.map((s) => [BATCH, s, s, 3]));
      expect(out.moments).toEqual([]);
    },
  );

  it('max and average pooling give different logits from the same weights', () => {
    const x = images([2, 8, 8, 1]);
    const logits = (pool: 'max' | 'avg') =>
      read(d.track(build({ pool, depth: 2 }).forward({ x }, { training: false }).logits));
    expect(maxAbsDiff(logits('max'), logits('avg'))).toBeGreaterThan(1e-4);
  });
});

describe('a 1-layer CNN equals the same weights in tf.layers', () => {
  it.each(['none', 'max', 'avg'] as const)(
    'conv2d "same" + relu + pool "%s" + global average pooling + dense',
    (pool) => {
      const shape = [8, 8, 2];
      const C = 5;
      const m = build({ depth: 1, channels: C, kernelSize: 3, pool }, shape);
      // Non-zero biases, so that they are compared too.
      m.groups[0]!.biases[0]!.assign(tf.tensor1d(randn(C, 20, 0, 0.3)));
      m.groups[1]!.biases[0]!.assign(tf.tensor1d(randn(CLASSES, 21, 0, 0.3)));
      const x = images([BATCH, ...shape], 2);
      const ours = d.track(m.forward({ x }, { training: false }).logits);

      const layers: tf.layers.Layer[] = [
        tf.layers.conv2d({
          inputShape: shape,
          filters: C,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
      ];
      if (pool === 'max')
        layers.push(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid' }));
      if (pool === 'avg')
        layers.push(tf.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'valid' }));
      layers.push(tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: CLASSES }));
      const ref = d.track(tf.sequential({ layers }));
      ref.layers[0]!.setWeights([m.groups[0]!.weights[0]!, m.groups[0]!.biases[0]!]);
      ref.layers[ref.layers.length - 1]!.setWeights([
        m.groups[1]!.weights[0]!,
        m.groups[1]!.biases[0]!,
      ]);
      const expected = d.track(ref.predict(x) as tf.Tensor);
      expect(ours.shape).toEqual([BATCH, CLASSES]);
      expect(maxAbsDiff(read(ours), read(expected))).toBeLessThan(1e-5);
      expect(Math.max(...read(expected).map(Math.abs))).toBeGreaterThan(0.05);
    },
  );
});

/**
 * Reading the dropout mask off the model: a 1-layer net with a 1×1 identity kernel, zero bias, ReLU
 * on a positive input, no pooling and an identity head has logits[n, c] = mean over H, W of
 * x[n,h,w,c]·M[n,h,w,c], so ∂Σlogits/∂x = M / (H·W): the mask, pixel by pixel, from the public forward.
 */
describe('dropout', () => {
  const S = 6;
  const C = 4;
  const NB = 8;

  function maskOf(opts: {
    training: boolean;
    dropout: number;
    spatialDropout: boolean;
    seed: number;
  }) {
    const m = build(
      { depth: 1, channels: C, kernelSize: 1, pool: 'none', activation: 'relu' },
      [S, S, C],
      C,
    );
    const eye = tf.tidy(() => tf.eye(C));
    m.groups[0]!.weights[0]!.assign(tf.reshape(eye, [1, 1, C, C]));
    m.groups[1]!.weights[0]!.assign(eye);
    eye.dispose();
    const xv = randn(NB * S * S * C, 30).map((v) => 0.1 + Math.abs(v));
    const x = d.track(tf.tensor4d(xv, [NB, S, S, C]));
    const grad = read(
      d.track(tf.grad((xt: tf.Tensor) => tf.sum(m.forward({ x: xt }, opts).logits))(x)),
    );
    const mask = Array.from(grad, (g) => g * S * S);
    const logits = read(d.track(m.forward({ x }, opts).logits));
    // The forward with the same seed draws the same mask: its logits are the masked means.
    const expected = Array.from({ length: NB * C }, (_, k) => {
      const n = Math.floor(k / C);
      const c = k % C;
      let s = 0;
      for (let p = 0; p < S * S; p++)
        s += xv[(n * S * S + p) * C + c]! * mask[(n * S * S + p) * C + c]!;
      return s / (S * S);
    });
    expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-5);
    /** mask values of (n, c) over its S·S pixels */
    return (n: number, c: number) =>
      Array.from({ length: S * S }, (_, p) => mask[(n * S * S + p) * C + c]!);
  }

  const pairs = Array.from({ length: NB * C }, (_, k) => [Math.floor(k / C), k % C] as const);
  const isZeroOrTwo = (v: number) => Math.abs(v) < 1e-5 || Math.abs(v - 2) < 1e-5;

  it('spatial dropout (rate 0.5): each (example, channel) map is either all zero or all scaled by 2', () => {
    const mask = maskOf({ training: true, dropout: 0.5, spatialDropout: true, seed: 7 });
    let dropped = 0;
    for (const [n, c] of pairs) {
      const v = mask(n, c);
      expect(v.every(isZeroOrTwo)).toBe(true);
      expect(Math.max(...v) - Math.min(...v)).toBeLessThan(1e-5);
      if (v[0]! < 1) dropped++;
    }
    // Both outcomes occur among the 32 channel maps.
    expect(dropped).toBeGreaterThan(4);
    expect(dropped).toBeLessThan(28);
  });

  it('plain dropout (rate 0.5): zeros are scattered within channels', () => {
    const mask = maskOf({ training: true, dropout: 0.5, spatialDropout: false, seed: 7 });
    let zeros = 0;
    let mixed = 0;
    for (const [n, c] of pairs) {
      const v = mask(n, c);
      expect(v.every(isZeroOrTwo)).toBe(true);
      const z = v.filter((u) => u < 1).length;
      zeros += z;
      if (z > 0 && z < v.length) mixed++;
    }
    expect(mixed).toBeGreaterThan(pairs.length / 2);
    expect(zeros / (pairs.length * S * S)).toBeGreaterThan(0.4);
    expect(zeros / (pairs.length * S * S)).toBeLessThan(0.6);
  });

  it('nothing is dropped in inference mode', () => {
    const mask = maskOf({ training: false, dropout: 0.5, spatialDropout: true, seed: 7 });
    for (const [n, c] of pairs)
      expect(maxAbsDiff(mask(n, c), new Array<number>(S * S).fill(1))).toBeLessThan(1e-5);
  });
});

describe('every normalization offered for the CNN', () => {
  const cases = ARCH_NORMS.cnn.flatMap((norm) =>
    (['before', 'after'] as const).map((placement) => ({ norm, placement })),
  );

  it.each(cases)(
    '$norm, placement $placement: builds, runs forward and gradients with finite values',
    ({ norm, placement }) => {
      const C = 4;
      const depth = 2;
      const m = build({ norm, normPlacement: placement, depth, channels: C });
      const x = images([BATCH, 8, 8, 1], 5);
      const vars = allVariables(m);

      for (const g of m.groups.slice(0, depth)) {
        expect(g.weightNormed ?? false).toBe(norm === 'weight');
        if (['batch', 'layer', 'group', 'instance', 'renorm'].includes(norm)) {
          expect([g.norm.gamma?.shape, g.norm.beta?.shape]).toEqual([[C], [C]]);
        }
        if (norm === 'rms') expect(g.norm.gamma?.shape).toEqual([C]);
        if (norm === 'weight') expect(g.norm.g?.shape).toEqual([C]);
        expect(g.norm.runningMean !== undefined).toBe(norm === 'batch' || norm === 'renorm');
      }

      // Read everything inside one tidy, so that every tensor of the step is freed.
      let value = NaN;
      let grads: Float32Array[] = [];
      let shapes: number[][] = [];
      let momentShapes: number[][][] = [];
      let owners: NormParams[] = [];
      tf.tidy(() => {
        let seen: ForwardResult | undefined;
        const r = tf.variableGrads(() => {
          seen = m.forward({ x }, { training: true, dropout: 0.2, spatialDropout: true, seed: 3 });
          return crossEntropy(seen.logits);
        }, vars);
        value = r.value.dataSync()[0]!;
        grads = vars.map((v) => read(r.grads[v.name]!));
        shapes = vars.map((v) => r.grads[v.name]!.shape);
        momentShapes = seen!.moments.map((mm) => [
          mm.moments.mean.shape,
          mm.moments.variance.shape,
        ]);
        owners = seen!.moments.map((mm) => mm.norm);
      });
      expect(Number.isFinite(value)).toBe(true);
      expect(shapes).toEqual(vars.map((v) => v.shape));
      for (const g of grads) expect(g.every(Number.isFinite)).toBe(true);
      // The kernels and the head get a real gradient.
      for (const g of m.groups) {
        const k = vars.indexOf(g.weights[0]!);
        expect(Math.max(...grads[k]!.map(Math.abs))).toBeGreaterThan(1e-6);
      }

      if (norm === 'batch' || norm === 'renorm') {
        expect(momentShapes).toEqual(Array.from({ length: depth }, () => [[C], [C]]));
        expect(owners).toEqual(m.groups.slice(0, depth).map((g) => g.norm));
        owners.forEach((o, i) => expect(o).toBe(m.groups[i]!.norm));
      } else {
        expect(momentShapes).toEqual([]);
      }

      // Inference mode: finite logits and never any moments.
      tf.tidy(() => {
        const out = m.forward({ x }, { training: false });
        expect(out.moments).toEqual([]);
        expect(read(out.logits).every(Number.isFinite)).toBe(true);
        expect(out.logits.shape).toEqual([BATCH, CLASSES]);
      });
    },
  );

  it('WeightNorm starts g at the kernel norms: the net computes exactly what the unnormalized one does', () => {
    const x = images([BATCH, 8, 8, 1], 6);
    const logits = (norm: NormName) =>
      read(d.track(build({ norm, depth: 3 }).forward({ x }, { training: false }).logits));
    expect(maxAbsDiff(logits('weight'), logits('none'))).toBeLessThan(1e-5);
  });
});

describe('memory', () => {
  it('tf.memory().numTensors stays flat over 10 forward + gradient calls', () => {
    const m = build({ norm: 'batch', depth: 2, channels: 4 });
    const x = images([BATCH, 8, 8, 1], 7);
    const vars = allVariables(m);
    const step = (i: number) =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () =>
            crossEntropy(
              m.forward(
                { x },
                {
                  training: true,
                  dropout: 0.3,
                  spatialDropout: true,
                  noiseStd: 0.1,
                  noiseAt: 'hidden',
                  seed: 10 + i,
                },
              ).logits,
            ),
          vars,
        );
        expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
        Object.values(grads).forEach((g) => g.dispose());
      });
    step(0);
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 10; i++) {
      step(i);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
