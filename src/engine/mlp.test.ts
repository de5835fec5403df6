/**
 * The MLP's forward pass against a computation written out here from the formulas in mlp.ts
 * (linear layers with tf.matMul, LayerNorm from tfjs-layers as the reference norm):
 *   plain layer, placement "before":  h ← act(norm(W·h + b))
 *   plain layer, placement "after":   h ← norm(act(W·h + b))
 *   residual block (layers 2…depth):   h ← h + W·act(norm(h)) + b
 * and the initial weights' spread against He √(2/fanIn), Glorot √(2/(fanIn+fanOut)),
 * LeCun √(1/fanIn) and the configured std.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARCH_NORMS, type ActivationName, type InitName, type NormName } from '../config/options';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import { ACTIVATIONS } from './activations';
import { buildMlp, disposeMlp, forward, type Mlp } from './mlp';
import { useNodeBackend } from './node-backend';
import { NORM_EPSILON } from './norms';
import { Disposables, maxAbsDiff, meanAndStd, randn, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

const INPUT_DIM = 3;
const CLASSES = 2;
const BATCH = 5;

function modelConfig(model: ConfigInput['model']) {
  return mustParseConfig({
    model: { depth: 2, width: 6, activation: 'tanh', normFirstLayer: true, ...model },
  }).model;
}

function build(model: ConfigInput['model'], seed = 7, inputDim = INPUT_DIM): Mlp {
  const m = buildMlp(modelConfig(model), inputDim, CLASSES, seed);
  d.track({ dispose: () => disposeMlp(m) });
  return m;
}

function input(seed = 1): tf.Tensor2D {
  return d.track(tf.tensor2d(randn(BATCH * INPUT_DIM, seed, 0.2, 1.3), [BATCH, INPUT_DIM]));
}

/** Gives every bias and every γ, β non-trivial values, so that a wrong placement or order shows. */
function perturb(m: Mlp, seed: number): void {
  [...m.hidden, m.output].forEach((l, i) => {
    const n = l.b.shape[0];
    l.b.assign(tf.tensor1d(randn(n, seed + 10 * i, 0, 0.5)));
    l.norm.gamma?.assign(tf.tensor1d(randn(n, seed + 10 * i + 1, 1, 0.4)));
    l.norm.beta?.assign(tf.tensor1d(randn(n, seed + 10 * i + 2, 0, 0.4)));
  });
}

/** tfjs-layers LayerNormalization holding a layer's γ and β (ε as ours). */
function referenceLayerNorm(gamma: tf.Tensor, beta: tf.Tensor) {
  const width = gamma.shape[0]!;
  const layer = tf.layers.layerNormalization({ axis: -1, epsilon: NORM_EPSILON });
  layer.build([null, width]);
  layer.setWeights([gamma, beta]);
  d.track({ dispose: () => layer.weights.forEach((w) => w.dispose()) });
  return (x: tf.Tensor) => layer.apply(x) as tf.Tensor2D;
}

const linear = (h: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
  tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D), b);

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) {
  expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(tol);
}

describe('placement of the norm in plain layers (LayerNorm, γ and β perturbed)', () => {
  it.each(['before', 'after'] as const)(
    'placement "%s" matches the formula, in every hidden layer and the logits',
    (placement) => {
      const m = build({ norm: 'layer', normPlacement: placement, depth: 2 });
      perturb(m, 3);
      const x = input();
      const act = ACTIVATIONS.tanh.fn;
      const { ref, ours } = tf.tidy(() => {
        let h: tf.Tensor = x;
        const hs: Float32Array[] = [];
        for (const l of m.hidden) {
          const ln = referenceLayerNorm(l.norm.gamma!, l.norm.beta!);
          const z = linear(h, l.w, l.b);
          h = placement === 'before' ? act(ln(z)) : ln(act(z));
          hs.push(read(h).slice());
        }
        const logits = read(linear(h, m.output.w, m.output.b)).slice();
        const f = forward(m, x, { training: true });
        return {
          ref: { hs, logits },
          ours: { hs: f.activations.map((a) => read(a).slice()), logits: read(f.logits).slice() },
        };
      });
      ref.hs.forEach((h, i) => expectClose(ours.hs[i]!, h));
      expectClose(ours.logits, ref.logits);
    },
  );

  it('the two placements give different outputs (the option is wired through)', () => {
    const a = build({ norm: 'layer', normPlacement: 'before' });
    const b = build({ norm: 'layer', normPlacement: 'after' });
    perturb(a, 3);
    perturb(b, 3);
    const x = input();
    const [la, lb] = tf.tidy(() =>
      [a, b].map((m) => read(forward(m, x, { training: true }).logits).slice()),
    );
    expect(maxAbsDiff(la!, lb!)).toBeGreaterThan(1e-2);
  });
});

describe('residual blocks', () => {
  it('h ← h + W·act(norm(h)) + b for layers 2…depth, after a plain first layer', () => {
    const m = build({ norm: 'layer', residual: true, depth: 3 });
    perturb(m, 5);
    expect(m.hidden.map((l) => l.residual)).toEqual([false, true, true]);
    const x = input(2);
    const act = ACTIVATIONS.tanh.fn;
    const { ref, ours } = tf.tidy(() => {
      const [first, ...blocks] = m.hidden;
      const ln0 = referenceLayerNorm(first!.norm.gamma!, first!.norm.beta!);
      let h: tf.Tensor = act(ln0(linear(x, first!.w, first!.b)));
      const branch: Float32Array[] = [read(h).slice()];
      for (const l of blocks) {
        const a = act(referenceLayerNorm(l.norm.gamma!, l.norm.beta!)(h));
        branch.push(read(a).slice());
        h = tf.add(h, linear(a, l.w, l.b));
      }
      const f = forward(m, x, { training: true });
      return {
        ref: { branch, logits: read(linear(h, m.output.w, m.output.b)).slice() },
        ours: { branch: f.activations.map((a) => read(a).slice()), logits: read(f.logits).slice() },
      };
    });
    ref.branch.forEach((a, i) => expectClose(ours.branch[i]!, a));
    expectClose(ours.logits, ref.logits);
  });

  it('zeroInitResidual sets every block weight to zero and leaves the first layer and the output drawn', () => {
    const m = build({ residual: true, zeroInitResidual: true, depth: 4 });
    m.hidden.slice(1).forEach((l) => expect(Math.max(...read(l.w).map(Math.abs))).toBe(0));
    expect(Math.max(...read(m.hidden[0]!.w).map(Math.abs))).toBeGreaterThan(0.1);
    expect(Math.max(...read(m.output.w).map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('zeroInitResidual has no effect without residual connections', () => {
    const m = build({ residual: false, zeroInitResidual: true, depth: 3 });
    m.hidden.forEach((l) => expect(Math.max(...read(l.w).map(Math.abs))).toBeGreaterThan(0.1));
  });

  /**
   * With zero-initialized blocks the hidden state after block 1 passes through unchanged, so the
   * logits are the first layer's activation times the output layer — the same as a depth-1 net.
   */
  it.each(ARCH_NORMS.mlp)(
    'zero-initialized blocks start as the identity (norm %s, training mode)',
    (norm: NormName) => {
      const m = build({
        norm,
        residual: true,
        zeroInitResidual: true,
        depth: 4,
        width: 8,
        groups: 4,
      });
      const x = input(3);
      const { logits, viaFirst } = tf.tidy(() => {
        const f = forward(m, x, { training: true });
        return {
          logits: read(f.logits).slice(),
          viaFirst: read(linear(f.activations[0]!, m.output.w, m.output.b)).slice(),
        };
      });
      expect(logits.every(Number.isFinite), `non-finite logits ${Array.from(logits)}`).toBe(true);
      expectClose(logits, viaFirst, 1e-6);
    },
  );

  it('without zeroInitResidual the blocks change the hidden state (the identity above is not automatic)', () => {
    const m = build({ norm: 'layer', residual: true, depth: 4, width: 8 });
    const x = input(3);
    const [logits, viaFirst] = tf.tidy(() => {
      const f = forward(m, x, { training: true });
      return [
        read(f.logits).slice(),
        read(linear(f.activations[0]!, m.output.w, m.output.b)).slice(),
      ];
    });
    expect(maxAbsDiff(logits!, viaFirst!)).toBeGreaterThan(1e-2);
  });
});

describe('normFirstLayer', () => {
  it.each(['layer', 'batch', 'weight'] as const)(
    'off: the first hidden layer is a plain act(W·x + b) with no norm parameters, later layers are normalized (norm %s)',
    (norm) => {
      const m = build({ norm, normFirstLayer: false, depth: 3 });
      expect(m.hidden.map((l) => Object.keys(l.norm).length > 0)).toEqual([false, true, true]);
      const x = input(6);
      const { first, ref, moments } = tf.tidy(() => {
        const f = forward(m, x, { training: true });
        return {
          first: read(f.activations[0]!).slice(),
          ref: read(ACTIVATIONS.tanh.fn(linear(x, m.hidden[0]!.w, m.hidden[0]!.b))).slice(),
          moments: f.moments.map((mo) => mo !== undefined),
        };
      });
      expectClose(first, ref, 1e-6);
      expect(moments).toEqual([false, norm === 'batch', norm === 'batch']);
    },
  );

  it('on: the first hidden layer is normalized too', () => {
    const m = build({ norm: 'batch', normFirstLayer: true, depth: 2 });
    expect(m.hidden.map((l) => l.norm.runningMean !== undefined)).toEqual([true, true]);
  });
});

describe('WeightNorm in the MLP', () => {
  it('at creation the net computes exactly what the same net without WeightNorm computes', () => {
    const x = input(4);
    const [wn, plain] = tf.tidy(() =>
      (['weight', 'none'] as const).map((norm) =>
        read(forward(build({ norm, depth: 3 }), x, { training: true }).logits).slice(),
      ),
    );
    expectClose(wn!, plain!, 1e-5);
  });
});

describe('initialization: the empirical std of each weight matrix matches the rule', () => {
  // fanIn ≠ fanOut in the first layer (32 → 128), so Glorot, LeCun and He all differ there.
  const IN = 32;
  const WIDTH = 128;
  const expected: Record<Exclude<InitName, 'auto'>, (fanIn: number, fanOut: number) => number> = {
    he: (fanIn) => Math.sqrt(2 / fanIn),
    glorot: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
    lecun: (fanIn) => Math.sqrt(1 / fanIn),
    normal: () => 0.03,
  };

  /** Relative tolerance: ≥ 4096 draws per matrix give a relative standard error of ≤ 1.1 %. */
  const REL_TOL = 0.05;

  function checkInit(
    init: InitName,
    activation: ActivationName,
    rule: keyof typeof expected,
    seed: number,
  ) {
    const m = build({ init, initStd: 0.03, activation, depth: 2, width: WIDTH }, seed, IN);
    const fans: [number, number][] = [
      [IN, WIDTH],
      [WIDTH, WIDTH],
    ];
    m.hidden.forEach((l, i) => {
      const w = read(l.w);
      const { mean, std } = meanAndStd(w);
      const want = expected[rule](...fans[i]!);
      expect(Math.abs(std / want - 1)).toBeLessThan(REL_TOL);
      expect(Math.abs(mean)).toBeLessThan((4 * want) / Math.sqrt(w.length));
    });
  }

  it.each([
    ['he', 'tanh', 'he'],
    ['glorot', 'relu', 'glorot'],
    ['lecun', 'relu', 'lecun'],
    ['normal', 'tanh', 'normal'],
    ['auto', 'relu', 'he'],
    ['auto', 'gelu', 'he'],
    ['auto', 'tanh', 'glorot'],
    ['auto', 'sigmoid', 'glorot'],
  ] as const)('init %s with %s follows %s (3 seeds)', (init, activation, rule) => {
    for (const seed of [11, 12, 13]) checkInit(init, activation, rule, seed);
  });

  it('the rules are far enough apart here for the tolerance to tell them apart', () => {
    const firstLayer = Object.values(expected).map((f) => f(IN, WIDTH));
    firstLayer.forEach((a, i) =>
      firstLayer
        .slice(i + 1)
        .forEach((b) => expect(Math.abs(a / b - 1)).toBeGreaterThan(4 * REL_TOL)),
    );
  });
});
