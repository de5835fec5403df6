/**
 * The Transformer against references written out here: attention against a plain-JS computation of
 * softmax(QKᵀ/√d + M)·V, two heads against two single-head attentions on the weight slices,
 * padding invariance, the post-LN normalization of the residual stream, gradients against central
 * finite differences, and gradients on the WASM backend (the reason the embedding is one-hot·E).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import { selfAttention, type AttentionParams } from './attention';
import { trainableOf, type ForwardOptions, type LabModel, type ModelInput } from './model';
import { useNodeBackend } from './node-backend';
import { expectSameOnWasm } from '../../test/support/backends';
import { buildTransformer } from './transformer';
import { Disposables, maxAbsDiff, randn, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

const VOCAB = 5;
const CLASSES = 3;
const T = 6;

const DATA = { inputShape: [T], numClasses: CLASSES, vocabSize: VOCAB };

function modelConfig(model: ConfigInput['model'] = {}) {
  const base = {
    arch: 'transformer',
    depth: 2,
    width: 8,
    heads: 2,
    norm: 'layer',
    activation: 'tanh',
  } as const;
  return mustParseConfig({ dataset: { name: 'parity' }, model: { ...base, ...model } }).model;
}

function build(model: ConfigInput['model'] = {}, seed = 3, time = T): LabModel {
  return d.track(buildTransformer(modelConfig(model), { ...DATA, inputShape: [time] }, seed));
}

/** Token rows of the given lengths, right-padded to `time` with `junk(b, t)`. */
function batch(lengths: number[], junk: (b: number, t: number) => number, time = T): ModelInput {
  const ids = lengths.flatMap((len, b) =>
    Array.from({ length: time }, (_, t) => (t < len ? (3 * b + t) % VOCAB : junk(b, t))),
  );
  const mask = lengths.flatMap((len) => Array.from({ length: time }, (_, t) => (t < len ? 1 : 0)));
  return {
    x: d.track(tf.tensor2d(ids, [lengths.length, time], 'int32')),
    mask: d.track(tf.tensor2d(mask, [lengths.length, time])),
  };
}

const logitsOf = (m: LabModel, input: ModelInput) =>
  tf.tidy(() => Array.from(read(m.forward(input, { training: false }).logits)));

type Mat = number[][];
const matmul = (a: Mat, b: Mat): Mat =>
  a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const affine = (a: Mat, w: Mat, bias: number[]): Mat =>
  matmul(a, w).map((r) => r.map((v, j) => v + bias[j]!));

/** Single-head self-attention of one example x [T, d], written from the formula. */
function referenceAttention(
  x: Mat,
  p: Record<string, Mat>,
  bias: Record<string, number[]>,
  mask: number[],
) {
  const q = affine(x, p.wq!, bias.bq!);
  const k = affine(x, p.wk!, bias.bk!);
  const v = affine(x, p.wv!, bias.bv!);
  const scale = 1 / Math.sqrt(q[0]!.length);
  const weights = q.map((qi) => {
    const s = k.map((kj, j) =>
      mask[j] ? qi.reduce((acc, qv, c) => acc + qv * kj[c]!, 0) * scale : -Infinity,
    );
    const top = Math.max(...s);
    const e = s.map((z) => (z === -Infinity ? 0 : Math.exp(z - top)));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((z) => z / sum);
  });
  return { y: affine(matmul(weights, v), p.wo!, bias.bo!), weights };
}

/** Projections dim → head → dim (a head narrower than the input shows which width scales the scores). */
function randomAttention(dim: number, seed: number, head = dim) {
  const shapes = { wq: [dim, head], wk: [dim, head], wv: [dim, head], wo: [head, dim] } as const;
  const mats = Object.fromEntries(
    Object.entries(shapes).map(([n, [r, c]], i) => [n, chunk(randn(r * c, seed + i, 0, 0.8), c)]),
  );
  const widths = { bq: head, bk: head, bv: head, bo: dim };
  const biases = Object.fromEntries(
    Object.entries(widths).map(([n, w], i) => [n, Array.from(randn(w, seed + 10 + i, 0, 0.3))]),
  );
  const tensors = {
    ...Object.fromEntries(Object.entries(mats).map(([n, m]) => [n, d.track(tf.tensor2d(m))])),
    ...Object.fromEntries(Object.entries(biases).map(([n, b]) => [n, d.track(tf.tensor1d(b))])),
  } as unknown as AttentionParams;
  return { mats, biases, tensors };
}

function chunk(values: ArrayLike<number>, cols: number): Mat {
  return Array.from({ length: values.length / cols }, (_, i) =>
    Array.from(values).slice(i * cols, (i + 1) * cols),
  );
}

describe('attention', () => {
  const B = 2;
  const S = 3;
  const DIM = 3;
  const masks = [
    [1, 1, 0],
    [1, 0, 0],
  ];

  it('matches softmax(QKᵀ/√dh + M)·V + projections on one head; padded keys get exactly 0 weight', () => {
    const { mats, biases, tensors } = randomAttention(DIM, 11, 2);
    const xs = randn(B * S * DIM, 5, 0, 1.2);
    const { y, weights } = selfAttention(
      d.track(tf.tensor3d(xs, [B, S, DIM])),
      tensors,
      1,
      d.track(tf.tensor2d(masks)),
    );
    d.track(y);
    d.track(weights);
    const yv = read(y);
    const wv = read(weights);
    for (let b = 0; b < B; b++) {
      const ref = referenceAttention(
        chunk(xs.slice(b * S * DIM, (b + 1) * S * DIM), DIM),
        mats,
        biases,
        masks[b]!,
      );
      expect(maxAbsDiff(yv.slice(b * S * DIM, (b + 1) * S * DIM), ref.y.flat())).toBeLessThan(1e-5);
      expect(maxAbsDiff(wv.slice(b * S * S, (b + 1) * S * S), ref.weights.flat())).toBeLessThan(
        1e-6,
      );
      for (let i = 0; i < S; i++)
        masks[b]!.forEach((m, j) => m === 0 && expect(wv[b * S * S + i * S + j]).toBe(0));
    }
  });

  it('outputs at real positions ignore padded content; an all-padding row stays finite', () => {
    const { tensors } = randomAttention(DIM, 21);
    const x = randn(B * S * DIM, 6);
    const junk = Float32Array.from(x, (v, i) => (Math.floor(i / DIM) % S === 2 ? 50 * v + 7 : v));
    const run = (values: Float32Array, mask: number[][]) =>
      read(
        d.track(
          tf.tidy(
            () => selfAttention(tf.tensor3d(values, [B, S, DIM]), tensors, 1, tf.tensor2d(mask)).y,
          ),
        ),
      );
    const [a, b] = [
      run(x, [
        [1, 1, 0],
        [1, 1, 0],
      ]),
      run(junk, [
        [1, 1, 0],
        [1, 1, 0],
      ]),
    ];
    const real = (v: Float32Array) => v.filter((_, i) => Math.floor(i / DIM) % S !== 2);
    expect(maxAbsDiff(real(a), real(b))).toBeLessThan(1e-6);
    expect(
      run(x, [
        [0, 0, 0],
        [1, 0, 0],
      ]).every(Number.isFinite),
    ).toBe(true);
  });

  it('two heads equal the sum of two single-head attentions on the weight slices (concat·Wo)', () => {
    const dim = 4;
    const { tensors: p } = randomAttention(dim, 31);
    const x = d.track(tf.tensor3d(randn(B * S * dim, 7), [B, S, dim]));
    const mask = d.track(tf.tensor2d(masks));
    const two = d.track(selfAttention(x, p, 2, mask).y);
    const sum = d.track(
      tf.tidy(() => {
        const cols = (w: tf.Tensor2D, h: number) => tf.slice(w, [0, 2 * h], [dim, 2]);
        const part = (b: tf.Tensor1D, h: number) => tf.slice(b, [2 * h], [2]);
        const heads = [0, 1].map((h) => {
          const single = {
            ...{
              wq: cols(p.wq, h),
              wk: cols(p.wk, h),
              wv: cols(p.wv, h),
              bq: part(p.bq, h),
              bk: part(p.bk, h),
              bv: part(p.bv, h),
            },
            ...{ wo: tf.slice(p.wo, [2 * h, 0], [2, dim]), bo: tf.zeros([dim]) as tf.Tensor1D },
          };
          return selfAttention(x, single, 1, mask).y;
        });
        return tf.add(tf.addN(heads), p.bo);
      }),
    );
    expect(maxAbsDiff(read(two), read(sum))).toBeLessThan(1e-5);
  });
});

describe('transformer', () => {
  it('exposes embed, attnK/mlpK per block and output, with norm parameters in their groups', () => {
    const before = tf.memory().numTensors;
    const m = buildTransformer(modelConfig(), DATA, 1);
    expect(m.groups.map((g) => g.name)).toEqual([
      'embed',
      'attn1',
      'mlp1',
      'attn2',
      'mlp2',
      'output',
    ]);
    expect(m.groups.map((g) => g.hidden)).toEqual([true, true, true, true, true, false]);
    expect(m.groups.map((g) => trainableOf(g).length)).toEqual([2, 10, 6, 10, 6, 4]); // + γ, β per norm
    expect(m.groups[0]!.weights.map((w) => w.shape)).toEqual([
      [VOCAB, 8],
      [T, 8],
    ]);
    expect(m.activationNames).toEqual(['attn1', 'mlp1', 'attn2', 'mlp2']);
    const out = m.forward(
      batch([4, 2], () => 0),
      { training: false },
    );
    expect(out.logits.shape).toEqual([2, CLASSES]);
    expect(out.activations.map((a) => a.shape)).toEqual(Array(4).fill([2, T, 8]));
    expect(out.moments).toEqual([]);
    tf.dispose([out.logits, ...out.activations]);
    d.flush();
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(build({ blockNorm: 'post' }).groups.at(-1)!.norm).toEqual({}); // final norm: pre-LN only
  });

  it.each([
    ['pre', 'layer'],
    ['post', 'layer'],
    ['pre', 'rms'],
    ['post', 'none'],
  ] as const)(
    '%s-%s: padding content does not change logits, and T=3 with the same parameters agrees',
    (blockNorm, norm) => {
      const m = build({ blockNorm, norm });
      const a = logitsOf(
        m,
        batch([3, 2], () => 0),
      );
      const b = logitsOf(
        m,
        batch([3, 2], (row, t) => (row + 2 * t + 1) % VOCAB),
      );
      const short = logitsOf(
        m,
        batch([3, 2], () => 4, 3),
      );
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
      expect(maxAbsDiff(a, short)).toBeLessThan(1e-5);
      expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(1e-3); // not trivially zero
    },
  );

  it('post-LN standardizes every token of the residual stream after each sublayer; pre-LN does not', () => {
    const stats = (blockNorm: 'pre' | 'post') => {
      const m = build({ blockNorm, width: 8, depth: 2 });
      const out = m.forward(
        batch([6, 4], () => 1),
        { training: false },
      );
      const rows = out.activations.flatMap((a) => chunk(read(a), 8));
      tf.dispose([out.logits, ...out.activations]);
      return rows.map((r) => {
        const mean = r.reduce((s, v) => s + v, 0) / r.length;
        return { mean, std: Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length) };
      });
    };
    for (const { mean, std } of stats('post')) {
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(Math.abs(std - 1)).toBeLessThan(5e-3); // ε = 1e-3 shrinks it by ε/(2σ²)
    }
    expect(
      Math.max(...stats('pre').map(({ mean, std }) => Math.max(Math.abs(mean), Math.abs(std - 1)))),
    ).toBeGreaterThan(0.1);
  });

  it('rejects heads that do not divide the width, and sequences longer than its T', () => {
    expect(() => buildTransformer({ ...modelConfig(), heads: 3 }, DATA, 1)).toThrow(/model\.heads/);
    expect(() =>
      build({}, 1, 3).forward(
        batch([2], () => 0, 4),
        { training: false },
      ),
    ).toThrow(/T ≤ 3/);
  });

  it('applies dropout and noise only in training, reproducibly for a given seed', () => {
    const m = build({}, 4);
    const input = batch([6, 5], () => 0);
    const run = (opts: ForwardOptions) =>
      tf.tidy(() => Array.from(read(m.forward(input, opts).logits)));
    const clean = run({ training: false });
    expect(run({ training: false, dropout: 0.5, noiseStd: 1, seed: 3 })).toEqual(clean);
    expect(run({ training: true })).toEqual(clean); // per-token norms: no batch statistics
    const dropped = run({ training: true, dropout: 0.5, seed: 3 });
    expect(run({ training: true, dropout: 0.5, seed: 3 })).toEqual(dropped);
    expect(maxAbsDiff(dropped, run({ training: true, dropout: 0.5, seed: 4 }))).toBeGreaterThan(
      1e-4,
    );
    expect(maxAbsDiff(dropped, clean)).toBeGreaterThan(1e-4);
    const atInput = run({ training: true, noiseStd: 0.5, noiseAt: 'input', seed: 3 });
    const atHidden = run({ training: true, noiseStd: 0.5, noiseAt: 'hidden', seed: 3 });
    expect(
      Math.min(
        maxAbsDiff(atInput, clean),
        maxAbsDiff(atHidden, clean),
        maxAbsDiff(atInput, atHidden),
      ),
    ).toBeGreaterThan(1e-4);
  });
});

/** Mean cross-entropy of the model on a fixed batch. */
function lossFn(
  m: LabModel,
  input: ModelInput,
  labels: number[],
  opts: ForwardOptions = { training: false },
) {
  return () =>
    tf.tidy(() => {
      const targets = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES);
      return tf.losses.softmaxCrossEntropy(targets, m.forward(input, opts).logits) as tf.Scalar;
    });
}

const LABELS = [0, 2, 1];
const LENGTHS = [5, 3, 6];

describe('gradients', () => {
  it.each(['pre', 'post'] as const)('%s-LN: match central finite differences', (blockNorm) => {
    const m = build({ blockNorm, depth: 2, width: 4, heads: 2, activation: 'gelu' }, 9);
    const f = lossFn(
      m,
      batch(LENGTHS, () => 2),
      LABELS,
    );
    const vars = m.groups.flatMap(trainableOf);
    const { value, grads } = tf.variableGrads(f, vars);
    value.dispose();
    const EPS = 1e-2;
    const checked: number[] = [];
    m.groups.forEach((g, gi) => {
      trainableOf(g).forEach((v, vi) => {
        const base = read(v).slice();
        const gradient = read(grads[v.name]!);
        const i = (7 * gi + 3 * vi) % base.length;
        const lossAt = (delta: number) => {
          tf.tidy(() =>
            v.assign(
              tf.tensor(
                base.map((x, j) => (j === i ? x + delta : x)),
                v.shape,
              ),
            ),
          );
          return tf.tidy(() => read(f())[0]!);
        };
        const central = (h: number) => (lossAt(h) - lossAt(-h)) / (2 * h);
        // Richardson: cancels the O(ε²) term, which is large where LayerNorm feeds the softmax scores
        // of a width-4 model (plain central differences at ε = 1e-2 are 15% off there).
        const fd = (4 * central(EPS / 2) - central(EPS)) / 3;
        tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
        expect(Math.abs(fd - gradient[i]!), `${g.name} variable ${vi}[${i}]`).toBeLessThan(
          0.05 * Math.abs(gradient[i]!) + 2e-3,
        );
        checked.push(Math.abs(gradient[i]!));
      });
    });
    tf.dispose(grads);
    expect(checked.filter((x) => x > 1e-3).length).toBeGreaterThan(checked.length / 2);
  });

  it('keeps tf.memory().numTensors flat over 20 forward + gradient calls', () => {
    const m = build({ blockNorm: 'pre', norm: 'rms' });
    const input = batch(LENGTHS, () => 1);
    const vars = m.groups.flatMap(trainableOf);
    const step = (i: number) =>
      tf.tidy(() => {
        const opts = {
          training: true,
          dropout: 0.1,
          noiseStd: 0.1,
          noiseAt: 'hidden' as const,
          seed: 10 + i,
        };
        tf.variableGrads(lossFn(m, input, LABELS, opts), vars);
      });
    step(0);
    const base = tf.memory().numTensors;
    for (let i = 1; i <= 20; i++) step(i);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('trains on the wasm backend: its gradients equal the cpu ones', async () => {
    const gradients = () => {
      const m = buildTransformer(modelConfig({ activation: 'gelu' }), DATA, 8);
      const input = batch(LENGTHS, () => 3);
      const vars = m.groups.flatMap(trainableOf);
      const { value, grads } = tf.variableGrads(lossFn(m, input, LABELS), vars);
      const out = vars.map((v) => Array.from(read(grads[v.name]!)));
      tf.dispose([value, grads, input.x, input.mask!]);
      m.dispose();
      return out;
    };
    await expectSameOnWasm(gradients);
  });
});
