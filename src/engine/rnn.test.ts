/**
 * The recurrent model against references written out here: a vanilla RNN and a GRU computed by
 * hand in JS (two steps, every weight read back), BatchNorm statistics over real tokens only,
 * central finite differences of the loss, and the closed-form gradient at the last step
 *   ∂loss/∂h_T = (softmax(logits) − y)·Woᵀ / B   (mean cross-entropy)
 * for the gradient tap. Padding must change nothing: not the logits, not the statistics.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import { trainableOf, type ForwardOptions, type LabModel, type ModelInput } from './model';
import { useNodeBackend } from './node-backend';
import { expectSameOnWasm } from '../../test/support/backends';
import { NORM_EPSILON } from './norms';
import { deriveSeed, makeRng, permutation } from './random';
import { buildRnn } from './rnn';
import { makeSequenceDataset } from './sequences';
import { Disposables, maxAbsDiff, randn, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

const VOCAB = 4;
const CLASSES = 3;

function modelConfig(model: ConfigInput['model'] = {}) {
  return mustParseConfig({
    dataset: { name: 'parity' },
    model: { arch: 'rnn', cell: 'vanilla', depth: 1, width: 3, activation: 'tanh', ...model },
  }).model;
}

function build(model: ConfigInput['model'] = {}, seed = 7): LabModel {
  const m = buildRnn(
    modelConfig(model),
    { inputShape: [8], numClasses: CLASSES, vocabSize: VOCAB },
    seed,
  );
  d.track(m);
  return m;
}

/** Gives biases, γ, β and running statistics non-trivial values, so a misplaced one shows. */
function perturb(m: LabModel, seed: number): void {
  m.groups.forEach((g, i) => {
    const s = seed + 10 * i;
    const n = g.biases[0]!.shape[0]!;
    g.biases[0]!.assign(tf.tensor1d(randn(n, s, 0, 0.5)));
    g.norm.gamma?.assign(tf.tensor1d(randn(n, s + 1, 1, 0.3)));
    g.norm.beta?.assign(tf.tensor1d(randn(n, s + 2, 0, 0.3)));
    g.norm.runningMean?.assign(tf.tensor1d(randn(n, s + 3, 0, 0.5)));
    g.norm.runningVar?.assign(tf.tensor1d(randn(n, s + 4, 0, 0.3).map((v) => 0.5 + v * v)));
  });
}

/**
 * A padded batch: row b holds `rows[b]` then padding up to T. Junk padding uses real token ids, so
 * only the mask can tell the model to ignore it.
 */
function batch(rows: number[][], T: number, junk = false): ModelInput {
  const x = new Int32Array(rows.length * T);
  const mask = new Float32Array(rows.length * T);
  rows.forEach((row, b) => {
    for (let t = 0; t < T; t++) {
      const real = t < row.length;
      x[b * T + t] = real ? row[t]! : junk ? (3 * t + b + 1) % VOCAB : 0;
      mask[b * T + t] = real ? 1 : 0;
    }
  });
  return {
    x: d.track(tf.tensor2d(x, [rows.length, T], 'int32')),
    mask: d.track(tf.tensor2d(mask, [rows.length, T])),
  };
}

const ROWS = [
  [1, 3],
  [2, 0, 1, 3],
  [3, 3, 2],
];
const LABELS = [0, 2, 1];

function lossFn(
  m: LabModel,
  input: ModelInput,
  labels: number[],
  opts: ForwardOptions = { training: true },
) {
  return () =>
    tf.tidy(() => {
      const { logits } = m.forward(input, opts);
      return tf.losses.softmaxCrossEntropy(
        tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES),
        logits,
      ) as tf.Scalar;
    });
}

function logitsOf(
  m: LabModel,
  input: ModelInput,
  opts: ForwardOptions = { training: false },
): Float32Array {
  return tf.tidy(() => read(m.forward(input, opts).logits));
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Reads a layer's weights into JS: wx [V, G·H], wh [H, G·H], b, and the head. */
function weightsOf(m: LabModel) {
  const [layer, head] = m.groups as [(typeof m.groups)[0], (typeof m.groups)[0]];
  return {
    wx: read(layer.weights[0]!),
    wh: read(layer.weights[1]!),
    b: read(layer.biases[0]!),
    wo: read(head.weights[0]!),
    bo: read(head.biases[0]!),
  };
}

/** h·W[:, col0 : col0+H] + x's embedding row + bias, for a [?, cols] row-major W. */
function preact(
  w: ReturnType<typeof weightsOf>,
  token: number,
  h: number[],
  cols: number,
  col0: number,
  H: number,
  hScale?: number[],
) {
  return Array.from({ length: H }, (_, j) => {
    let rec = 0;
    for (let k = 0; k < H; k++) rec += h[k]! * w.wh[k * cols + col0 + j]!;
    if (hScale) rec *= hScale[j]!;
    return w.wx[token * cols + col0 + j]! + w.b[col0 + j]! + rec;
  });
}

function headOf(w: ReturnType<typeof weightsOf>, h: number[]): number[] {
  return Array.from(
    { length: CLASSES },
    (_, c) => w.bo[c]! + h.reduce((s, v, k) => s + v * w.wo[k * CLASSES + c]!, 0),
  );
}

/**
 * Vanilla tanh RNN in JS; with `bn`, BatchNorm in training mode whose statistics at step t run
 * over the rows with a real token at t only. Returns the logits and the token-weighted moments.
 */
function referenceVanilla(
  w: ReturnType<typeof weightsOf>,
  rows: number[][],
  H: number,
  bn?: { gamma: Float32Array; beta: Float32Array },
) {
  const T = Math.max(...rows.map((r) => r.length));
  let hs = rows.map(() => new Array<number>(H).fill(0));
  const sumMean = new Array<number>(H).fill(0);
  const sumVar = new Array<number>(H).fill(0);
  let total = 0;
  for (let t = 0; t < T; t++) {
    const real = rows.map((r) => t < r.length);
    let a = rows.map((r, b) => preact(w, real[b] ? r[t]! : 0, hs[b]!, H, 0, H));
    if (bn) {
      const idx = rows.flatMap((_, b) => (real[b] ? [b] : []));
      const mean = Array.from(
        { length: H },
        (_, j) => idx.reduce((s, b) => s + a[b]![j]!, 0) / idx.length,
      );
      const vari = Array.from(
        { length: H },
        (_, j) => idx.reduce((s, b) => s + (a[b]![j]! - mean[j]!) ** 2, 0) / idx.length,
      );
      mean.forEach((v, j) => {
        sumMean[j] = sumMean[j]! + idx.length * v;
        sumVar[j] = sumVar[j]! + idx.length * vari[j]!;
      });
      total += idx.length;
      a = a.map((row) =>
        row.map(
          (v, j) =>
            ((v - mean[j]!) / Math.sqrt(vari[j]! + NORM_EPSILON)) * bn.gamma[j]! + bn.beta[j]!,
        ),
      );
    }
    hs = hs.map((h, b) => (real[b] ? a[b]!.map(Math.tanh) : h));
  }
  return {
    logits: hs.flatMap((h) => headOf(w, h)),
    mean: sumMean.map((v) => v / total),
    variance: sumVar.map((v) => v / total),
  };
}

describe('forward pass against a hand computation', () => {
  it('vanilla tanh RNN, two steps, equals tanh(x·Wx + h·Wh + b) then the dense head', () => {
    const m = build({ cell: 'vanilla', width: 3 });
    perturb(m, 1);
    const w = weightsOf(m);
    const rows = [
      [2, 1],
      [0, 3],
    ];
    const expected = referenceVanilla(w, rows, 3).logits;
    expect(maxAbsDiff(logitsOf(m, batch(rows, 2)), expected)).toBeLessThan(1e-5);
  });

  it('GRU, two steps, equals z, r, n and h = (1−z)·n + z·h by hand', () => {
    const H = 2;
    const m = build({ cell: 'gru', width: H });
    perturb(m, 2);
    const w = weightsOf(m);
    const rows = [
      [3, 1],
      [1, 2],
    ];
    const expected = rows.flatMap((row) => {
      let h = [0, 0];
      for (const token of row) {
        const z = preact(w, token, h, 3 * H, 0, H).map(sigmoid);
        const r = preact(w, token, h, 3 * H, H, H).map(sigmoid);
        const n = preact(w, token, h, 3 * H, 2 * H, H, r).map(Math.tanh);
        h = n.map((nj, j) => (1 - z[j]!) * nj + z[j]! * h[j]!);
      }
      return headOf(w, h);
    });
    expect(maxAbsDiff(logitsOf(m, batch(rows, 2)), expected)).toBeLessThan(1e-5);
  });
});

describe('padding changes nothing', () => {
  const CASES = (['vanilla', 'gru'] as const).flatMap((cell) =>
    (['none', 'layer', 'rms', 'batch'] as const).map((norm) => [cell, norm] as const),
  );

  it.each(CASES)(
    '%s, norm %s, evaluation: one sequence alone (T = L) and padded with junk give the same logits',
    (cell, norm) => {
      const m = build({ cell, norm, depth: 2, width: 4 });
      perturb(m, 3);
      const row = [2, 0, 3, 1, 1];
      const alone = logitsOf(m, batch([row], row.length));
      const padded = logitsOf(m, batch([row], row.length + 4, true));
      expect(maxAbsDiff(alone, padded)).toBeLessThan(1e-6);
      // The junk really would matter without the mask.
      const unmasked = logitsOf(m, { x: batch([row], row.length + 4, true).x });
      expect(maxAbsDiff(alone, unmasked)).toBeGreaterThan(1e-4);
    },
  );

  it.each(['vanilla', 'gru'] as const)(
    '%s with BatchNorm, training: logits and batch moments do not depend on the padding',
    (cell) => {
      const m = build({ cell, norm: 'batch', depth: 2, width: 4 });
      perturb(m, 4);
      const run = (T: number) =>
        tf.tidy(() => {
          const r = m.forward(batch(ROWS, T, true), { training: true });
          expect(r.moments).toHaveLength(2);
          expect(r.moments.map((e) => e.norm)).toEqual([m.groups[0]!.norm, m.groups[1]!.norm]);
          return [r.logits, ...r.moments.flatMap((e) => [e.moments.mean, e.moments.variance])].map(
            (t) => read(t),
          );
        });
      const tight = run(4);
      const loose = run(9);
      tight.forEach((a, i) => expect(maxAbsDiff(a, loose[i]!)).toBeLessThan(1e-6));
    },
  );

  it('BatchNorm training statistics run over real tokens only, weighted by tokens per step', () => {
    const m = build({ cell: 'vanilla', norm: 'batch', width: 3 });
    perturb(m, 5);
    const w = weightsOf(m);
    const norm = m.groups[0]!.norm;
    const expected = referenceVanilla(w, ROWS, 3, {
      gamma: read(norm.gamma!),
      beta: read(norm.beta!),
    });
    tf.tidy(() => {
      const r = m.forward(batch(ROWS, 6, true), { training: true });
      expect(maxAbsDiff(read(r.logits), expected.logits)).toBeLessThan(1e-5);
      expect(maxAbsDiff(read(r.moments[0]!.moments.mean), expected.mean)).toBeLessThan(1e-5);
      expect(maxAbsDiff(read(r.moments[0]!.moments.variance), expected.variance)).toBeLessThan(
        1e-5,
      );
    });
  });
});

describe('gradients', () => {
  it.each([
    ['gru', 'none', true],
    ['gru', 'layer', true],
    ['gru', 'batch', true],
    ['vanilla', 'rms', true],
    ['vanilla', 'batch', false],
  ] as const)(
    '%s, norm %s (training %s): match central finite differences',
    (cell, norm, training) => {
      const m = build({ cell, norm, depth: 2, width: 3 });
      perturb(m, 6);
      const input = batch(ROWS, 5, true);
      const loss = lossFn(m, input, LABELS, { training });
      const vars = m.groups.flatMap(trainableOf);
      const { value, grads } = tf.variableGrads(loss, vars);
      value.dispose();
      const eps = 1e-2;
      const rng = makeRng(11);
      for (const v of vars) {
        const g = read(grads[v.name]!);
        const original = v.clone();
        // A few coordinates per variable keep the test fast; each variable is checked.
        for (let k = 0; k < 3; k++) {
          const i = Math.floor(rng() * v.size);
          const at = (delta: number) => {
            const values = read(original).slice();
            values[i] = values[i]! + delta;
            v.assign(tf.tensor(values, v.shape));
            const l = loss();
            const out = read(l)[0]!;
            l.dispose();
            return out;
          };
          const fd = (at(eps) - at(-eps)) / (2 * eps);
          v.assign(original);
          expect(Math.abs(fd - g[i]!), `${v.name}[${i}]: fd ${fd} vs ${g[i]}`).toBeLessThan(
            5e-4 + 2e-2 * Math.abs(fd),
          );
        }
        original.dispose();
      }
      tf.dispose(grads);
    },
  );

  it('the time tap holds Σ(∂loss/∂h_t)² for every step: zero past every length, positive at real steps', () => {
    const m = build({ cell: 'vanilla', activation: 'tanh', depth: 2, width: 4 });
    perturb(m, 7);
    const T = 8;
    const input = batch(ROWS, T, true);
    const sink: (tf.Tensor | undefined)[] = [];
    const vars = m.groups.flatMap(trainableOf);
    const { value, grads } = tf.variableGrads(
      lossFn(m, input, LABELS, { training: true, timeGradSink: sink }),
      vars,
    );
    tf.dispose([value, grads]);
    expect(sink).toHaveLength(T);
    const norms = sink.map((s) => read(s!)[0]!);
    sink.forEach((s) => s!.dispose());
    const longest = Math.max(...ROWS.map((r) => r.length));
    norms.forEach((n, t) => {
      if (t < longest) {
        expect(Number.isFinite(n)).toBe(true);
        expect(n).toBeGreaterThan(0);
      } else expect(n).toBe(0);
    });
  });

  it('the tap at the last step equals the closed form ‖(softmax − y)·Woᵀ/B‖² when every sequence is full', () => {
    const m = build({ cell: 'gru', depth: 1, width: 4 });
    perturb(m, 8);
    const rows = [
      [1, 2, 3],
      [0, 0, 2],
    ];
    const labels = [2, 0];
    const input = batch(rows, 3);
    const sink: (tf.Tensor | undefined)[] = [];
    const { value, grads } = tf.variableGrads(
      lossFn(m, input, labels, { training: true, timeGradSink: sink }),
      m.groups.flatMap(trainableOf),
    );
    tf.dispose([value, grads]);
    const expected = tf.tidy(() => {
      const logits = m.forward(input, { training: false }).logits;
      const dLogits = tf.div(
        tf.sub(tf.softmax(logits), tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES)),
        rows.length,
      );
      return read(tf.sum(tf.square(tf.matMul(dLogits, m.groups[1]!.weights[0]!, false, true))))[0]!;
    });
    expect(read(sink[2]!)[0]!).toBeCloseTo(expected, 6);
    tf.dispose(sink as tf.Tensor[]);
  });

  it('keeps tf.memory().numTensors flat over 20 forward + gradient calls', () => {
    const m = build({ cell: 'gru', norm: 'batch', depth: 2, width: 4 });
    const input = batch(ROWS, 6, true);
    const vars = m.groups.flatMap(trainableOf);
    const step = (i: number) => {
      const sink: (tf.Tensor | undefined)[] = [];
      tf.tidy(() => {
        const opts = {
          training: true,
          dropout: 0.2,
          noiseStd: 0.1,
          noiseAt: 'hidden' as const,
          seed: 10 + i,
          timeGradSink: sink,
        };
        tf.variableGrads(lossFn(m, input, LABELS, opts), vars);
      });
      tf.dispose(sink as tf.Tensor[]);
    };
    step(0);
    const base = tf.memory().numTensors;
    for (let i = 1; i <= 20; i++) step(i);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('trains on the wasm backend (one-hot input, no gather): its gradients equal the cpu ones', async () => {
    const gradients = () => {
      const out: number[][] = [];
      for (const cell of ['vanilla', 'gru'] as const) {
        const m = buildRnn(
          modelConfig({ cell, norm: cell === 'gru' ? 'layer' : 'batch', depth: 2, width: 4 }),
          { inputShape: [6], numClasses: CLASSES, vocabSize: VOCAB },
          9,
        );
        const input = batch(ROWS, 6, true);
        const vars = m.groups.flatMap(trainableOf);
        const { value, grads } = tf.variableGrads(lossFn(m, input, LABELS), vars);
        out.push(...vars.map((v) => Array.from(read(grads[v.name]!))));
        tf.dispose([value, grads, input.x, input.mask!]);
        m.dispose();
      }
      return out;
    };
    await expectSameOnWasm(gradients);
  });
});

describe('model structure', () => {
  it.each([
    ['vanilla', 'rnn', 1],
    ['gru', 'gru', 3],
  ] as const)(
    '%s: one group per layer (%s1, …) then the head; weights keep units last',
    (cell, prefix, G) => {
      const H = 5;
      const m = build({ cell, norm: 'layer', depth: 2, width: H });
      expect(m.groups.map((g) => g.name)).toEqual([`${prefix}1`, `${prefix}2`, 'output']);
      expect(m.activationNames).toEqual([`${prefix}1`, `${prefix}2`]);
      const [l1, l2, head] = m.groups;
      expect(l1!.weights.map((w) => w.shape)).toEqual([
        [VOCAB, G * H],
        [H, G * H],
      ]);
      expect(l2!.weights.map((w) => w.shape)).toEqual([
        [H, G * H],
        [H, G * H],
      ]);
      expect(l1!.norm.gamma!.shape).toEqual([G * H]);
      expect([l1!.fanIn, l2!.fanIn, head!.fanIn]).toEqual([VOCAB + H, 2 * H, H]);
      expect([l1!.hidden, l2!.hidden, head!.hidden]).toEqual([true, true, false]);
      expect(head!.weights[0]!.shape).toEqual([H, CLASSES]);
      tf.tidy(() => {
        const r = m.forward(batch(ROWS, 6), { training: true });
        expect(r.logits.shape).toEqual([3, CLASSES]);
        expect(r.activations.map((a) => a.shape)).toEqual([
          [3, 6, H],
          [3, 6, H],
        ]);
        expect(r.moments).toEqual([]);
      });
    },
  );

  it('the same seed gives the same initial weights, another seed different ones', () => {
    const weights = (seed: number) =>
      build({ cell: 'gru', depth: 2 }, seed).groups.flatMap((g) =>
        g.weights.map((w) => Array.from(read(w))),
      );
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)[0]).not.toEqual(weights(4)[0]);
  });

  it('dropout and noise act only while training, and a fixed seed repeats them', () => {
    const m = build({ cell: 'gru', depth: 2, width: 6 });
    const input = batch(ROWS, 5);
    const plain = logitsOf(m, input);
    for (const opts of [
      { dropout: 0.5 },
      { noiseStd: 0.5, noiseAt: 'input' as const },
      { noiseStd: 0.5, noiseAt: 'hidden' as const },
    ]) {
      expect(maxAbsDiff(logitsOf(m, input, { training: false, seed: 3, ...opts }), plain)).toBe(0);
      const a = logitsOf(m, input, { training: true, seed: 3, ...opts });
      expect(maxAbsDiff(a, plain)).toBeGreaterThan(1e-4);
      expect(maxAbsDiff(a, logitsOf(m, input, { training: true, seed: 3, ...opts }))).toBe(0);
      expect(
        maxAbsDiff(a, logitsOf(m, input, { training: true, seed: 4, ...opts })),
      ).toBeGreaterThan(1e-6);
    }
  });

  it('dispose frees every variable', () => {
    const before = tf.memory().numTensors;
    const m = buildRnn(
      modelConfig({ cell: 'gru', norm: 'batch', depth: 3 }),
      { inputShape: [5], numClasses: CLASSES, vocabSize: VOCAB },
      1,
    );
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a norm the recurrent model does not offer, naming the field', () => {
    const cfg = { ...modelConfig(), norm: 'weight' as const };
    expect(() => buildRnn(cfg, { inputShape: [5], numClasses: 2, vocabSize: 2 }, 1)).toThrow(
      /^model\.norm: "weight"/,
    );
  });
});

describe('training sanity', () => {
  it('a GRU learns first-token recall (T ≤ 8) well above chance in 60 Adam steps', () => {
    const config = mustParseConfig({
      seed: 2,
      dataset: { name: 'recall', size: 600, minLength: 4, maxLength: 8 },
      model: { arch: 'rnn', cell: 'gru', depth: 1, width: 16 },
    });
    const data = makeSequenceDataset(config);
    const m = d.track(
      buildRnn(
        config.model,
        { inputShape: data.inputShape, numClasses: data.numClasses, vocabSize: data.vocabSize! },
        3,
      ),
    );
    const T = data.inputShape[0]!;
    const nTrain = data.yTrain.length;
    const rows = (
      x: Int32Array | Float32Array,
      mask: Float32Array,
      y: Int32Array,
      idx: ArrayLike<number>,
    ) => {
      const n = idx.length;
      const xb = new Int32Array(n * T);
      const mb = new Float32Array(n * T);
      const yb = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const i = idx[k]!;
        xb.set(x.subarray(i * T, (i + 1) * T), k * T);
        mb.set(mask.subarray(i * T, (i + 1) * T), k * T);
        yb[k] = y[i]!;
      }
      return {
        x: tf.tensor2d(xb, [n, T], 'int32'),
        mask: tf.tensor2d(mb, [n, T]),
        y: tf.oneHot(tf.tensor1d(yb, 'int32'), data.numClasses),
      };
    };
    const optimizer = d.track(tf.train.adam(0.04, 0.9, 0.999, 1e-7));
    const vars = m.groups.flatMap(trainableOf);
    const rng = makeRng(deriveSeed(1, 'batches'));
    let order = permutation(nTrain, rng);
    for (let step = 0, at = 0; step < 60; step++, at += 32) {
      if (at + 32 > nTrain) [order, at] = [permutation(nTrain, rng), 0];
      tf.tidy(() => {
        const b = rows(data.xTrain, data.maskTrain!, data.yTrain, order.subarray(at, at + 32));
        optimizer.minimize(
          () =>
            tf.losses.softmaxCrossEntropy(
              b.y,
              m.forward(b, { training: true }).logits,
            ) as tf.Scalar,
          false,
          vars,
        );
      });
    }
    const accuracy = tf.tidy(() => {
      const idx = Int32Array.from({ length: data.yVal.length }, (_, i) => i);
      const v = rows(data.xVal, data.maskVal!, data.yVal, idx);
      return read(
        tf.mean(
          tf.cast(
            tf.equal(tf.argMax(m.forward(v, { training: false }).logits, 1), tf.argMax(v.y, 1)),
            'float32',
          ),
        ),
      )[0]!;
    });
    // Chance is 0.25; init seeds 3–7 all reach 1.0 here, so 0.8 leaves room for a slower seed.
    expect(accuracy).toBeGreaterThan(0.8);
  });
});
