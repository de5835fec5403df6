/**
 * Each regularizer against its closed form. Penalties: the gradient of λ·Σ|w| is λ·sign(w) and
 * of λ·Σw² is 2λw, scaled per layer by the documented fan-in and depth multipliers, biases and norm
 * gains excluded unless asked. Weight decay: the decoupled form of Loshchilov & Hutter (2019) —
 * θ_t = θ_{t−1} − lr·step_t − lr·wd·θ_{t−1}, the decay taken from the weights before the update, as
 * in their Algorithm 1/2 and in torch.optim.AdamW — against coupled L2 under Adam, both by hand;
 * under SGD it equals L2 with λ = wd/2 (their Proposition 1). Noise and label smoothing against
 * their expectation and closed forms, clipping and max-norm against the norms they promise.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../config/schema';
import { makeDataset } from './datasets';
import { buildMlp, disposeMlp, forward, layers, trainableOf, type Mlp } from './mlp';
import { useNodeBackend } from './node-backend';
import {
  adaptiveClip,
  AGC_EPSILON,
  applyMaxNorm,
  clipByGlobalNorm,
  layerPenaltyScale,
  penaltyLoss,
  penaltyStrengths,
  smoothedCrossEntropy,
} from './regularizers';
import { columnNorms, Disposables, maxAbsDiff, meanAndStd, randn, read } from '../../test/support/tensors';
import {
  copyModelState,
  FULL_BATCH,
  independentModel,
  modelOf,
  plainSteps,
  smallConfig,
  trainerFor,
  trainingSplit,
} from '../../test/support/trainers';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

function buildNet(config: ExperimentConfig, inputDim = 2, classes = 2, seed = 9): Mlp {
  const m = buildMlp(config.model, inputDim, classes, seed);
  d.track({ dispose: () => disposeMlp(m) });
  return m;
}

const values = (m: Readonly<Mlp>) =>
  layers(m).map((l) => trainableOf(l).map((v) => read(v).slice()));
const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/**
 * Two trainers with the same seed, brought into the same state after a few steps (so biases and
 * gains are no longer at their initial values), then one step each: returns the values before and
 * after. With SGD (no optimizer state) the two steps differ only by what the configs differ in.
 */
function oneStepPair(
  a: ExperimentConfig,
  b: ExperimentConfig,
  warmSteps = 3,
  prepare?: (m: Readonly<Mlp>) => void,
) {
  const ta = trainerFor(d, a);
  const tb = trainerFor(d, b);
  plainSteps(ta, warmSteps);
  plainSteps(tb, warmSteps);
  prepare?.(modelOf(ta));
  copyModelState(modelOf(ta), modelOf(tb));
  const before = values(modelOf(ta));
  plainSteps(ta);
  plainSteps(tb);
  return { before, a: values(modelOf(ta)), b: values(modelOf(tb)), layers: layers(modelOf(ta)) };
}

/** Per-layer multiplier as documented: fan-in/width × depth profile (l = 1…L over all layers). */
function documentedScale(
  l: number,
  L: number,
  fanIn: number,
  width: number,
  reg: ExperimentConfig['regularization'],
) {
  const fan = reg.penaltyScaling === 'fan-in' ? fanIn / width : 1;
  const depth =
    reg.depthProfile === 'increasing'
      ? (2 * l) / (L + 1)
      : reg.depthProfile === 'decreasing'
        ? (2 * (L + 1 - l)) / (L + 1)
        : 1;
  return fan * depth;
}

// ---------------------------------------------------------------------------------------------

describe('penaltyLoss: value and gradient equal the closed forms', () => {
  const w = randn(12, 1, 0, 0.7);
  const b = randn(3, 2, 0, 0.7);

  it.each([
    [0.3, 0],
    [0, 0.2],
    [0.3, 0.2],
  ])('l2 %f, l1 %f: value Σ s(λ₂Σw² + λ₁Σ|w|), gradient s(2λ₂w + λ₁·sign(w))', (l2, l1) => {
    const vars = [
      d.track(tf.variable(tf.tensor2d(w, [4, 3]))),
      d.track(tf.variable(tf.tensor1d(b))),
    ];
    const strengths = [1.5, 0.5];
    const { value, grads } = tf.tidy(() => {
      const r = tf.variableGrads(() => penaltyLoss(vars, strengths, l2, l1), vars);
      return { value: read(r.value)[0]!, grads: vars.map((v) => read(r.grads[v.name]!).slice()) };
    });
    const arrays = [w, b];
    const expectedValue = arrays.reduce(
      (s, a, k) => s + strengths[k]! * a.reduce((t, x) => t + l2 * x * x + l1 * Math.abs(x), 0),
      0,
    );
    expect(value).toBeCloseTo(expectedValue, 5);
    arrays.forEach((a, k) => {
      const expected = Array.from(a, (x) => strengths[k]! * (2 * l2 * x + l1 * sign(x)));
      expect(maxAbsDiff(grads[k]!, expected)).toBeLessThan(1e-6);
    });
  });

  it('a strength of 0 leaves the variable out (zero gradient)', () => {
    const vars = [d.track(tf.variable(tf.tensor1d(b))), d.track(tf.variable(tf.tensor1d(w)))];
    const g = tf.tidy(() => {
      const r = tf.variableGrads(
        () => tf.add(penaltyLoss(vars, [0, 1], 0.3, 0.2), tf.sum(vars[0]!)) as tf.Scalar,
        vars,
      );
      return read(r.grads[vars[0]!.name]!).slice();
    });
    expect(Array.from(g)).toEqual([1, 1, 1]);
  });
});

describe('penalties inside the trainer (one SGD step from identical states)', () => {
  const LR = 0.1;
  const LAMBDA = 0.05;

  it('L1: each weight matrix moves by −lr·λ·sign(W) more than without; biases take identical steps', () => {
    const cfg = (l1: number) => smallConfig({ regularization: { l1 }, optimizer: { lr: LR } });
    const { before, a, b } = oneStepPair(cfg(LAMBDA), cfg(0));
    a.forEach((layer, k) => {
      const diff = layer[0]!.map((x, i) => x - b[k]![0]![i]!);
      expect(
        maxAbsDiff(
          diff,
          before[k]![0]!.map((x) => -LR * LAMBDA * sign(x)),
        ),
      ).toBeLessThan(1e-6);
      expect(Array.from(layer[1]!)).toEqual(Array.from(b[k]![1]!));
    });
  });

  it.each([
    ['fan-in', 'uniform'],
    ['uniform', 'increasing'],
    ['uniform', 'decreasing'],
    ['fan-in', 'increasing'],
  ] as const)(
    'L2 with %s scaling and %s depth profile: layer l moves by −lr·2λ·s_l·W more',
    (penaltyScaling, depthProfile) => {
      const cfg = (l2: number) =>
        smallConfig({
          model: { depth: 3 },
          regularization: { l2, penaltyScaling, depthProfile },
          optimizer: { lr: LR },
        });
      const config = cfg(LAMBDA);
      const { before, a, b, layers: ls } = oneStepPair(config, cfg(0));
      const L = ls.length;
      a.forEach((layer, k) => {
        const s = documentedScale(
          k + 1,
          L,
          ls[k]!.fanIn,
          config.model.width,
          config.regularization,
        );
        const diff = layer[0]!.map((x, i) => x - b[k]![0]![i]!);
        expect(
          maxAbsDiff(
            diff,
            before[k]![0]!.map((x) => -LR * 2 * LAMBDA * s * x),
          ),
        ).toBeLessThan(1e-6);
      });
    },
  );

  it.each([
    ['linear', 0.25],
    ['cosine', (1 - Math.cos(Math.PI / 4)) / 2],
  ] as const)(
    'penalty warm-up (%s): at step 1 of 4 the L2 step is scaled by %f',
    (warmupShape, factor) => {
      const cfg = (l2: number) =>
        smallConfig({ regularization: { l2, warmupSteps: 4, warmupShape }, optimizer: { lr: LR } });
      const { before, a, b } = oneStepPair(cfg(LAMBDA), cfg(0), 1);
      a.forEach((layer, k) => {
        const diff = layer[0]!.map((x, i) => x - b[k]![0]![i]!);
        expect(
          maxAbsDiff(
            diff,
            before[k]![0]!.map((x) => -LR * 2 * LAMBDA * factor * x),
          ),
        ).toBeLessThan(1e-6);
      });
    },
  );

  it.each(['layer', 'weight', 'batch'] as const)(
    'biases and norm gains are excluded by default and penalized with penalizeBiasAndNorm (norm %s)',
    (norm) => {
      for (const penalizeBiasAndNorm of [false, true]) {
        const cfg = (l2: number) =>
          smallConfig({
            model: { norm },
            regularization: { l2, penalizeBiasAndNorm },
            optimizer: { lr: LR },
          });
        // Biases and gains get values well away from 0 (a pre-BatchNorm bias never moves by itself:
        // its gradient is zero), so a penalty on them would show.
        const shake = (m: Readonly<Mlp>) =>
          layers(m).forEach((l, i) =>
            trainableOf(l)
              .slice(1)
              .forEach((v, j) =>
                v.assign(
                  tf.tidy(() =>
                    tf.add(v, tf.tensor(randn(v.size, 90 + 10 * i + j, 0, 0.5), v.shape)),
                  ),
                ),
              ),
          );
        const { before, a, b, layers: ls } = oneStepPair(cfg(LAMBDA), cfg(0), 3, shake);
        a.forEach((layer, k) => {
          // Hidden layers hold w, b and the norm's parameters (WeightNorm: w, b, g).
          expect(layer.length).toBe(k < ls.length - 1 ? (norm === 'weight' ? 3 : 4) : 2);
          layer.forEach((v, j) => {
            const penalized = j === 0 || penalizeBiasAndNorm;
            const diff = v.map((x, i) => x - b[k]![j]![i]!);
            const expected = before[k]![j]!.map((x) => (penalized ? -LR * 2 * LAMBDA * x : 0));
            expect(maxAbsDiff(diff, expected)).toBeLessThan(1e-6);
            expect(Math.max(...before[k]![j]!.map(Math.abs))).toBeGreaterThan(0.01);
          });
        });
      }
    },
  );
});

describe('layerPenaltyScale and penaltyStrengths give the documented multipliers', () => {
  const L = 4; // 3 hidden layers + output
  it.each([
    ['uniform', 'uniform', [1, 1, 1, 1]],
    ['fan-in', 'uniform', [2 / 6, 1, 1, 1]],
    ['uniform', 'increasing', [2 / 5, 4 / 5, 6 / 5, 8 / 5]],
    ['uniform', 'decreasing', [8 / 5, 6 / 5, 4 / 5, 2 / 5]],
    ['fan-in', 'decreasing', [(2 / 6) * (8 / 5), 6 / 5, 4 / 5, 2 / 5]],
  ] as const)('%s scaling, %s depth profile → %j', (penaltyScaling, depthProfile, expected) => {
    const config = smallConfig({
      model: { depth: L - 1, width: 6 },
      regularization: { penaltyScaling, depthProfile },
    });
    const m = buildNet(config);
    const got = layerPenaltyScale(m, config.regularization);
    expect(got).toHaveLength(L);
    got.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
  });

  it('depth profiles keep the mean multiplier at 1 (λ keeps its size) for any depth', () => {
    for (const depth of [1, 2, 5, 12]) {
      for (const depthProfile of ['increasing', 'decreasing'] as const) {
        const config = smallConfig({ model: { depth }, regularization: { depthProfile } });
        const s = layerPenaltyScale(buildNet(config), config.regularization);
        expect(s.reduce((a, b) => a + b, 0) / s.length).toBeCloseTo(1, 12);
      }
    }
  });

  it('penaltyStrengths: the layer multiplier on weight matrices, 0 on biases and gains unless penalizeBiasAndNorm', () => {
    for (const penalizeBiasAndNorm of [false, true]) {
      const config = smallConfig({
        model: { depth: 2, norm: 'layer' },
        regularization: { depthProfile: 'increasing', penalizeBiasAndNorm },
      });
      const m = buildNet(config);
      const scale = layers(m).map((_, i) => (2 * (i + 1)) / 4);
      const expected = layers(m).flatMap((l, i) =>
        trainableOf(l).map((v) => (v === l.w || penalizeBiasAndNorm ? scale[i]! : 0)),
      );
      const got = penaltyStrengths(m, config.regularization);
      expect(got).toHaveLength(expected.length);
      got.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
    }
  });
});

describe('decoupled weight decay under SGD', () => {
  const LR = 0.2;
  const WD = 0.5;

  it('shrinks each weight matrix by lr·wd·W (W before the step) on top of the gradient step; biases untouched', () => {
    const cfg = (weightDecay: number) =>
      smallConfig({ optimizer: { name: 'sgd', lr: LR, weightDecay } });
    const { before, a, b } = oneStepPair(cfg(WD), cfg(0));
    a.forEach((layer, k) => {
      const diff = layer[0]!.map((x, i) => x - b[k]![0]![i]!);
      // θ ← θ − lr·g − lr·wd·θ: the decayed net differs by exactly −lr·wd·θ_before.
      expect(
        maxAbsDiff(
          diff,
          before[k]![0]!.map((x) => -LR * WD * x),
        ),
      ).toBeLessThan(1e-6);
      expect(Array.from(layer[1]!)).toEqual(Array.from(b[k]![1]!));
    });
  });

  it('equals coupled L2 with λ = wd/2 step for step (Loshchilov & Hutter, Proposition 1)', () => {
    const decoupled = trainerFor(
      d,
      smallConfig({ optimizer: { name: 'sgd', lr: LR, weightDecay: WD } }),
    );
    const coupled = trainerFor(
      d,
      smallConfig({ optimizer: { name: 'sgd', lr: LR }, regularization: { l2: WD / 2 } }),
    );
    const start = values(modelOf(coupled));
    plainSteps(decoupled, 5);
    plainSteps(coupled, 5);
    const a = values(modelOf(decoupled)).flat();
    const b = values(modelOf(coupled)).flat();
    a.forEach((v, i) => expect(maxAbsDiff(v, b[i]!)).toBeLessThan(1e-5));
    expect(maxAbsDiff(b[0]!, start[0]![0]!)).toBeGreaterThan(1e-2);
  });
});

describe('coupled L2 and decoupled weight decay under Adam, each against its formula by hand', () => {
  const LR = 0.05;
  const LAMBDA = 0.05;
  const WD = 0.5;
  const STEPS = 3;

  /**
   * Runs the trainer for a few full-batch steps and, before each, computes the expected update from
   * the cross-entropy gradient of an independent copy of the model in the trainer's current state:
   *   g' = g + 2λ·s·w (coupled; s = 1 on weight matrices, 0 on biases);
   *   m ← β₁m + (1−β₁)g';  v ← β₂v + (1−β₂)g'²;  step = (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε);
   *   w ← w − lr·step − lr·wd·s·w   (decoupled; the decay uses w before the update).
   * Returns the largest deviation over all steps and the final weights.
   */
  function adamAgainstFormula(config: ExperimentConfig) {
    const data = makeDataset(config);
    const t = trainerFor(d, config, data);
    const ref = independentModel(d, config, data);
    const { x, y } = trainingSplit(d, data);
    const o = config.optimizer;
    const l2 = config.regularization.l2;
    const ours = layers(modelOf(t)).flatMap(trainableOf);
    const refVars = layers(ref).flatMap(trainableOf);
    const isWeight = layers(ref).flatMap((l) => trainableOf(l).map((v) => v === l.w));
    const m1 = ours.map((v) => new Float64Array(v.size));
    const m2 = ours.map((v) => new Float64Array(v.size));
    let worst = 0;
    for (let step = 1; step <= STEPS; step++) {
      copyModelState(modelOf(t), ref);
      const w = ours.map((v) => read(v).slice());
      const g = tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () =>
            tf.losses.softmaxCrossEntropy(
              y,
              forward(ref, x, { training: true }).logits,
            ) as tf.Scalar,
          refVars,
        );
        return refVars.map((v) => read(grads[v.name]!).slice());
      });
      const expected = w.map((wv, k) => {
        const s = isWeight[k] ? 1 : 0;
        return wv.map((wi, i) => {
          const gi = g[k]![i]! + 2 * l2 * s * wi;
          m1[k]![i] = o.beta1 * m1[k]![i]! + (1 - o.beta1) * gi;
          m2[k]![i] = o.beta2 * m2[k]![i]! + (1 - o.beta2) * gi * gi;
          const mHat = m1[k]![i]! / (1 - o.beta1 ** step);
          const vHat = m2[k]![i]! / (1 - o.beta2 ** step);
          return wi - LR * (mHat / (Math.sqrt(vHat) + o.epsilon)) - LR * o.weightDecay * s * wi;
        });
      });
      plainSteps(t);
      ours.forEach((v, k) => (worst = Math.max(worst, maxAbsDiff(read(v), expected[k]!))));
    }
    return { worst, final: ours.map((v) => read(v).slice()) };
  }

  const base = { training: FULL_BATCH, model: { norm: 'none' as const } };

  it('adam with l2 = λ follows Adam on g + 2λw (the penalty goes through the normalization)', () => {
    const { worst } = adamAgainstFormula(
      smallConfig({ ...base, optimizer: { name: 'adam', lr: LR }, regularization: { l2: LAMBDA } }),
    );
    expect(worst).toBeLessThan(2e-6);
  });

  it('adamw with weightDecay = wd follows Adam on g, then subtracts lr·wd·w (outside the normalization)', () => {
    const { worst } = adamAgainstFormula(
      smallConfig({ ...base, optimizer: { name: 'adamw', lr: LR, weightDecay: WD } }),
    );
    expect(worst).toBeLessThan(2e-6);
  });

  it('the two give measurably different weights from the same start', () => {
    const coupled = adamAgainstFormula(
      smallConfig({ ...base, optimizer: { name: 'adam', lr: LR }, regularization: { l2: LAMBDA } }),
    );
    const decoupled = adamAgainstFormula(
      smallConfig({ ...base, optimizer: { name: 'adamw', lr: LR, weightDecay: WD } }),
    );
    expect(
      maxAbsDiff(
        coupled.final.flatMap((a) => Array.from(a)),
        decoupled.final.flatMap((a) => Array.from(a)),
      ),
    ).toBeGreaterThan(1e-3);
  });
});

describe('Gaussian noise keeps the expectation (training only)', () => {
  const STD = 0.3;
  const COPIES = 4000;
  const SEEDS = [11, 22, 33, 44, 55];
  const POINT = [[0.7, -1.3]];

  function repeated(): tf.Tensor2D {
    return d.track(tf.tidy(() => tf.tile(tf.tensor2d(POINT), [COPIES, 1]) as tf.Tensor2D));
  }

  /** Logit samples (class c at index 2i + c) over several seeds, and the exact noise-free logits. */
  function samples(m: Mlp, noiseAt: 'input' | 'hidden') {
    const x = repeated();
    const exact = tf.tidy(() =>
      read(forward(m, tf.tensor2d(POINT), { training: false }).logits).slice(),
    );
    const perClass: number[][] = [[], []];
    for (const seed of SEEDS) {
      const out = tf.tidy(() =>
        read(forward(m, x, { training: true, noiseStd: STD, noiseAt, seed }).logits).slice(),
      );
      out.forEach((v, i) => perClass[i % 2]!.push(v));
    }
    return { exact, perClass };
  }

  /** Mean within 4 standard errors of the exact logits; spread equal to the closed form within 5 %. */
  function expectUnbiased(m: Mlp, noiseAt: 'input' | 'hidden', theoreticalStd: number[]) {
    const { exact, perClass } = samples(m, noiseAt);
    perClass.forEach((vals, c) => {
      const { mean, std } = meanAndStd(vals);
      expect(Math.abs(std / theoreticalStd[c]! - 1)).toBeLessThan(0.05);
      expect(Math.abs(mean - exact[c]!)).toBeLessThan(4 * (std / Math.sqrt(vals.length)));
    });
  }

  it('on the hidden activations: mean logits equal the noise-free ones, spread σ·‖W_out[:, c]‖', () => {
    const m = buildNet(smallConfig({ model: { depth: 1, width: 12, activation: 'tanh' } }));
    const wOut = read(m.output.w);
    expectUnbiased(
      m,
      'hidden',
      columnNorms(wOut, 12, 2).map((n) => STD * n),
    );
  });

  it('on the inputs: with the net made linear around the point, mean logits are unbiased, spread σ·‖(W₁W_out)[:, c]‖', () => {
    // A large first-layer bias keeps every ReLU unit far in its linear part, so the logits are
    // affine in the input noise and its expectation passes through exactly.
    const m = buildNet(smallConfig({ model: { depth: 1, width: 12, activation: 'relu' } }));
    m.hidden[0]!.b.assign(tf.fill([12], 50) as tf.Tensor1D);
    const product = tf.tidy(() => read(tf.matMul(m.hidden[0]!.w, m.output.w)).slice());
    expectUnbiased(
      m,
      'input',
      columnNorms(product, 2, 2).map((n) => STD * n),
    );
  });

  it('is off in evaluation mode, reproducible for a seed, and different for another seed', () => {
    const m = buildNet(smallConfig({ model: { depth: 2, width: 8 } }));
    const x = repeated();
    const run = (training: boolean, seed: number, noiseAt: 'input' | 'hidden') =>
      tf.tidy(() => read(forward(m, x, { training, noiseStd: STD, noiseAt, seed }).logits).slice());
    const clean = tf.tidy(() => read(forward(m, x, { training: false }).logits).slice());
    for (const site of ['input', 'hidden'] as const) {
      expect(run(false, 3, site)).toEqual(clean);
      expect(run(true, 3, site)).toEqual(run(true, 3, site));
      expect(run(true, 3, site)).not.toEqual(run(true, 4, site));
      expect(maxAbsDiff(run(true, 3, site), clean)).toBeGreaterThan(1e-2);
    }
  });
});

describe('label smoothing', () => {
  const B = 6;
  const K = 4;
  const logitsValues = randn(B * K, 40, 0, 2);
  const labels = [0, 3, 1, 1, 2, 0];

  /** mean over examples of −Σ_k t_k·log softmax(z)_k with t = (1−ε)·onehot + ε/K, in float64. */
  function closedForm(eps: number): number {
    let total = 0;
    for (let i = 0; i < B; i++) {
      const z = Array.from(logitsValues.slice(i * K, (i + 1) * K));
      const max = Math.max(...z);
      const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
      z.forEach((v, k) => (total -= ((k === labels[i] ? 1 - eps : 0) + eps / K) * (v - lse)));
    }
    return total / B;
  }

  it.each([0, 0.1, 0.3])(
    'ε = %f: equals the closed form and tf.losses.softmaxCrossEntropy with labelSmoothing ε',
    (eps) => {
      const [ours, ref] = tf.tidy(() => {
        const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), K);
        const logits = tf.tensor2d(logitsValues, [B, K]);
        return [
          read(smoothedCrossEntropy(onehot, logits, eps))[0]!,
          read(tf.losses.softmaxCrossEntropy(onehot, logits, undefined, eps))[0]!,
        ];
      });
      expect(ours).toBeCloseTo(closedForm(eps), 5);
      expect(ours).toBeCloseTo(ref!, 5);
    },
  );

  it('its gradient with respect to the logits is (softmax(z) − t)/B', () => {
    const eps = 0.2;
    const g = tf.tidy(() => {
      const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), K);
      return read(
        tf.grad((z: tf.Tensor) => smoothedCrossEntropy(onehot, z, eps))(
          tf.tensor2d(logitsValues, [B, K]),
        ),
      ).slice();
    });
    const expected = Array.from(logitsValues, (_, idx) => {
      const i = Math.floor(idx / K);
      const z = Array.from(logitsValues.slice(i * K, (i + 1) * K));
      const p = Math.exp(logitsValues[idx]!) / z.reduce((s, v) => s + Math.exp(v), 0);
      const t = (idx % K === labels[i] ? 1 - eps : 0) + eps / K;
      return (p - t) / B;
    });
    expect(maxAbsDiff(g, expected)).toBeLessThan(1e-6);
  });
});

describe('clipByGlobalNorm', () => {
  const shapes: number[][] = [[4, 3], [3], [5]];
  const raw = shapes.map((s, i) =>
    randn(
      s.reduce((a, b) => a * b, 1),
      50 + i,
      0,
      2,
    ),
  );
  const globalNorm = Math.sqrt(raw.reduce((s, a) => s + a.reduce((t, v) => t + v * v, 0), 0));

  function clip(c: number): Float32Array[] {
    return tf.tidy(() =>
      clipByGlobalNorm(
        raw.map((a, i) => tf.tensor(a, shapes[i])),
        c,
      ).map((t) => read(t).slice()),
    );
  }

  it('caps the global norm exactly at c and keeps every direction (one common factor c/‖g‖)', () => {
    const c = globalNorm / 3;
    const out = clip(c);
    const norm = Math.sqrt(out.reduce((s, a) => s + a.reduce((t, v) => t + v * v, 0), 0));
    expect(norm / c).toBeCloseTo(1, 5);
    out.forEach((a, i) =>
      expect(
        maxAbsDiff(
          a,
          raw[i]!.map((v) => (v * c) / globalNorm),
        ),
      ).toBeLessThan(1e-6),
    );
  });

  it('leaves gradients whose global norm is below c untouched', () => {
    const out = clip(globalNorm * 1.5);
    out.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(raw[i]!)));
  });

  it('zero gradients stay zero (no NaN)', () => {
    const out = tf.tidy(() => clipByGlobalNorm([tf.zeros([3, 2])], 1).map((t) => read(t).slice()));
    expect(Array.from(out[0]!)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('adaptiveClip (unit-wise, AGC)', () => {
  const LAMBDA = 0.1;
  const WIDTH = 6;
  /** ‖g_u‖ / (λ·max(‖w_u‖, 1e-3)) chosen per unit: below 1 stays, above 1 is clipped. */
  const RATIOS = [0.5, 3, 0.9, 1.5, 0.2, 10];

  function setup() {
    const config = smallConfig({ model: { depth: 2, width: WIDTH, norm: 'layer' } });
    const m = buildNet(config);
    // Non-zero biases in layer 1, zero in layer 2 (the 1e-3 floor applies there); one zero column.
    m.hidden[0]!.b.assign(tf.tensor1d(randn(WIDTH, 60, 0, 0.5)));
    m.hidden[1]!.w.assign(
      tf.tidy(() => tf.mul(m.hidden[1]!.w, tf.tensor1d([1, 1, 0, 1, 1, 1])) as tf.Tensor2D),
    );
    const grads = new Map<tf.Variable, tf.Tensor>();
    const raw = new Map<tf.Variable, Float32Array>();
    for (const l of layers(m)) {
      for (const v of trainableOf(l)) {
        let g = randn(v.size, 70 + raw.size, 0, 1);
        if (l.residual === false && m.hidden.includes(l) && (v === l.w || v === l.b)) {
          // Rescale each unit's gradient to the chosen ratio of its bound.
          const rows = v === l.w ? v.shape[0]! : 1;
          const wv = read(v);
          const wNorms = v === l.w ? columnNorms(wv, rows, WIDTH) : Array.from(wv, Math.abs);
          const gNorms = v === l.w ? columnNorms(g, rows, WIDTH) : Array.from(g, Math.abs);
          g = g.map((x, i) => {
            const u = i % WIDTH;
            return (x / gNorms[u]!) * RATIOS[u]! * LAMBDA * Math.max(wNorms[u]!, AGC_EPSILON);
          });
        }
        raw.set(v, g);
        grads.set(v, d.track(tf.tensor(g, v.shape)));
      }
    }
    return { m, grads, raw };
  }

  it('each hidden unit: ‖g_u‖ ≤ λ·max(‖w_u‖, 1e-3), clipped to exactly the bound, unclipped units unchanged', () => {
    const { m, grads, raw } = setup();
    tf.tidy(() => {
      adaptiveClip(m, grads, LAMBDA);
      grads.forEach((t) => tf.keep(t));
    });
    for (const l of m.hidden) {
      for (const v of [l.w, l.b] as tf.Variable[]) {
        const rows = v === l.w ? v.shape[0]! : 1;
        const wv = read(v);
        const bound = (v === l.w ? columnNorms(wv, rows, WIDTH) : Array.from(wv, Math.abs)).map(
          (n) => LAMBDA * Math.max(n, AGC_EPSILON),
        );
        const out = read(grads.get(v)!);
        d.track(grads.get(v)!);
        const before = raw.get(v)!;
        const outNorms = v === l.w ? columnNorms(out, rows, WIDTH) : Array.from(out, Math.abs);
        for (let u = 0; u < WIDTH; u++) {
          const idx = Array.from({ length: rows }, (_, r) => r * WIDTH + u);
          if (RATIOS[u]! <= 1) {
            idx.forEach((i) => expect(out[i]).toBe(before[i]));
          } else {
            expect(outNorms[u]! / bound[u]!).toBeCloseTo(1, 5);
            // Same direction: a positive multiple of the raw gradient.
            idx.forEach((i) => expect(out[i]! / before[i]!).toBeCloseTo(1 / RATIOS[u]!, 4));
          }
        }
      }
    }
  });

  it('the output layer and the norm gains are left untouched', () => {
    const { m, grads, raw } = setup();
    tf.tidy(() => {
      adaptiveClip(m, grads, LAMBDA);
      grads.forEach((t) => tf.keep(t));
    });
    const untouched = [
      ...trainableOf(m.output),
      ...m.hidden.flatMap((l) => [l.norm.gamma!, l.norm.beta!]),
    ];
    for (const v of untouched) {
      d.track(grads.get(v)!);
      expect(Array.from(read(grads.get(v)!))).toEqual(Array.from(raw.get(v)!));
    }
    m.hidden.forEach((l) => [l.w, l.b].forEach((v) => d.track(grads.get(v)!)));
  });
});

describe('max-norm', () => {
  const C = 1;

  it('every column norm ends ≤ c; columns already within c are unchanged; clipped ones keep their direction', () => {
    const config = smallConfig({ model: { depth: 2, width: 6 } });
    const m = buildNet(config);
    // Column norms spread around c: scale each column of each layer by a different factor.
    for (const l of layers(m)) {
      const cols = l.w.shape[1];
      const norms = columnNorms(read(l.w), l.w.shape[0], cols);
      const targets = Array.from(
        { length: cols },
        (_, j) => [0.3, 2.5, 0.99, 4, 1.2, 0.7][j % 6]! * C,
      );
      l.w.assign(
        tf.tidy(
          () => tf.mul(l.w, tf.tensor1d(targets.map((t, j) => t / norms[j]!))) as tf.Tensor2D,
        ),
      );
    }
    const before = layers(m).map((l) => read(l.w).slice());
    tf.tidy(() => applyMaxNorm(layers(m), C));
    layers(m).forEach((l, k) => {
      const [rows, cols] = l.w.shape;
      const w = read(l.w);
      const normsBefore = columnNorms(before[k]!, rows, cols);
      const normsAfter = columnNorms(w, rows, cols);
      for (let j = 0; j < cols; j++) {
        expect(normsAfter[j]!).toBeLessThanOrEqual(C * (1 + 1e-6));
        for (let i = 0; i < rows; i++) {
          const idx = i * cols + j;
          if (normsBefore[j]! <= C) expect(w[idx]).toBe(before[k]![idx]);
          else expect(w[idx]!).toBeCloseTo((before[k]![idx]! * C) / normsBefore[j]!, 6);
        }
      }
    });
  });

  it.each(['none', 'batch', 'weight'] as const)(
    'inside the trainer every unit’s effective incoming weights have norm ≤ c after each step (norm %s)',
    (norm) => {
      const c = 0.3;
      const t = trainerFor(
        d,
        smallConfig({ model: { norm }, regularization: { maxNorm: c }, optimizer: { lr: 0.5 } }),
      );
      for (let step = 0; step < 3; step++) {
        plainSteps(t);
        for (const l of layers(modelOf(t))) {
          // Under WeightNorm a hidden unit's incoming weights are g·v/‖v‖: their norm is |g|.
          const effective = tf.tidy(() => {
            const w = l.norm.g ? tf.mul(l.w, tf.div(l.norm.g, tf.norm(l.w, 'euclidean', 0))) : l.w;
            return read(w).slice();
          });
          const norms = columnNorms(effective, l.w.shape[0], l.w.shape[1]);
          expect(Math.max(...norms)).toBeLessThanOrEqual(c * (1 + 1e-5));
        }
      }
    },
  );
});
