/**
 * The sequence tasks against their definitions: every label is recomputed here from the tokens,
 * padding is token 0 exactly where the mask is 0, and lengths stay within [minLength, maxLength].
 */
import { describe, expect, it } from 'vitest';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import type { Dataset } from './datasets';
import { makeSequenceDataset, SEQUENCE_TASKS, type SequenceTaskName } from './sequences';

const TASKS = Object.keys(SEQUENCE_TASKS) as SequenceTaskName[];

function dataset(
  name: SequenceTaskName,
  over: {
    seed?: number;
    size?: number;
    minLength?: number;
    maxLength?: number;
    valFraction?: number;
  } = {},
) {
  const { seed = 3, ...rest } = over;
  return makeSequenceDataset(
    configFor({ seed, dataset: { name, size: 500, minLength: 3, maxLength: 9, ...rest } }),
  );
}

/** A valid config for a sequence task (the MLP default cannot read sequences). */
function configFor(input: ConfigInput) {
  return mustParseConfig({ ...input, model: { arch: 'rnn' } });
}

interface Example {
  tokens: number[];
  label: number;
}

/** The real tokens of every example (train then validation), cut at its mask. */
function examples(d: Dataset): Example[] {
  const T = d.inputShape[0]!;
  const split = (x: ArrayLike<number>, m: Float32Array, y: Int32Array) =>
    Array.from(y, (label, i) => {
      const row = Array.from({ length: T }, (_, t) => x[i * T + t]!);
      const L = m.subarray(i * T, (i + 1) * T).reduce((s, v) => s + v, 0);
      return { tokens: row.slice(0, L), label };
    });
  return [...split(d.xTrain, d.maskTrain!, d.yTrain), ...split(d.xVal, d.maskVal!, d.yVal)];
}

/** Label from the task definition, and whether the tokens are legal for it. */
const REFERENCE: Record<SequenceTaskName, (tokens: number[]) => { label: number; legal: boolean }> =
  {
    parity: (tokens) => ({
      label: tokens.filter((v) => v === 1).length % 2,
      legal: tokens.every((v) => v === 0 || v === 1),
    }),
    adding: (tokens) => {
      const marked = tokens.flatMap((v, t) => (v >= 5 ? [t] : []));
      const half = Math.floor(tokens.length / 2);
      return {
        label: marked.reduce((s, t) => s + tokens[t]! - 5, 0),
        legal:
          marked.length === 2 &&
          marked[0]! < half &&
          marked[1]! >= half &&
          tokens.every((v) => v >= 0 && v < 10),
      };
    },
    recall: (tokens) => ({
      label: tokens[0]!,
      legal: tokens[0]! < 4 && tokens.slice(1).every((v) => v >= 4 && v < 8),
    }),
  };

describe.each(TASKS)('%s', (name) => {
  it('has the documented shapes, split, kind and vocabulary', () => {
    const d = dataset(name, { size: 200, valFraction: 0.25, maxLength: 11 });
    expect(d.kind).toBe('sequences');
    expect(d.inputShape).toEqual([11]);
    expect(d.inputDim).toBe(11);
    expect(d.extent).toBeNull();
    expect(d.yTrain.length).toBe(150);
    expect(d.yVal.length).toBe(50);
    expect(d.xTrain).toBeInstanceOf(Int32Array);
    expect(d.xTrain.length).toBe(150 * 11);
    expect(d.maskTrain!.length).toBe(150 * 11);
    expect(d.xVal.length).toBe(50 * 11);
    expect(d.maskVal!.length).toBe(50 * 11);
    expect(d.vocabSize).toBe(SEQUENCE_TASKS[name].vocabSize);
    expect(d.numClasses).toBe(SEQUENCE_TASKS[name].numClasses);
  });

  it('keeps at least one validation example', () => {
    const d = dataset(name, { size: 40, valFraction: 0.05 });
    expect(d.yVal.length).toBe(2);
    // Below the schema's minimum size, as an engine caller could still ask for.
    const tiny = makeSequenceDataset({
      seed: 1,
      dataset: { ...configFor({ dataset: { name } }).dataset, size: 3, valFraction: 0.05 },
    });
    expect(tiny.yVal.length).toBe(1);
  });

  it('masks are a run of ones (the length, within [min, max]) and padding is token 0', () => {
    const d = dataset(name, { minLength: 3, maxLength: 9 });
    const T = 9;
    const lengths = new Set<number>();
    for (const [x, m] of [
      [d.xTrain, d.maskTrain!],
      [d.xVal, d.maskVal!],
    ] as const) {
      for (let i = 0; i < m.length / T; i++) {
        const row = Array.from(m.subarray(i * T, (i + 1) * T));
        const L = row.reduce((s, v) => s + v, 0);
        lengths.add(L);
        expect(row).toEqual(Array.from({ length: T }, (_, t) => (t < L ? 1 : 0)));
        for (let t = L; t < T; t++) expect(x[i * T + t]).toBe(0);
      }
    }
    // 500 uniform draws over 7 lengths: every length appears.
    expect([...lengths].sort()).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('every label is the one the task definition gives for the real tokens', () => {
    for (const ex of examples(dataset(name))) {
      const ref = REFERENCE[name](ex.tokens);
      expect(ref.legal).toBe(true);
      expect(ex.label).toBe(ref.label);
    }
  });

  it('the same seed gives identical arrays, another seed different ones', () => {
    const arrays = (d: Dataset) => [d.xTrain, d.yTrain, d.maskTrain, d.xVal, d.yVal, d.maskVal];
    const a = arrays(dataset(name, { seed: 42 }));
    const b = arrays(dataset(name, { seed: 42 }));
    const c = arrays(dataset(name, { seed: 43 }));
    a.forEach((arr, i) => expect(arr).toEqual(b[i]));
    expect(a[0]).not.toEqual(c[0]);
    expect(a[2]).not.toEqual(c[2]);
  });

  it('works at a fixed length (minLength = maxLength): no padding', () => {
    const d = dataset(name, { minLength: 6, maxLength: 6, size: 50 });
    expect(d.maskTrain!.every((v) => v === 1)).toBe(true);
    for (const ex of examples(d)) expect(ex.label).toBe(REFERENCE[name](ex.tokens).label);
  });
});

describe('class balance and task details', () => {
  it.each(['parity', 'recall'] as const)(
    '%s: classes are equally common (to one example) before the split',
    (name) => {
      const d = dataset(name, { size: 1000 });
      const K = SEQUENCE_TASKS[name].numClasses;
      const counts = new Array<number>(K).fill(0);
      for (const y of [...d.yTrain, ...d.yVal]) counts[y]!++;
      for (const c of counts) expect(Math.abs(c - 1000 / K)).toBeLessThanOrEqual(1);
    },
  );

  it('parity: the bits themselves are fair, and both classes appear in each split', () => {
    const d = dataset('parity', { size: 2000 });
    const ex = examples(d);
    const tokens = ex.flatMap((e) => e.tokens);
    // ≈ 12 000 bits: binomial std ≈ 0.005; 0.47–0.53 is a 6-sigma band.
    const ones = tokens.filter((v) => v === 1).length / tokens.length;
    expect(ones).toBeGreaterThan(0.47);
    expect(ones).toBeLessThan(0.53);
    for (const y of [d.yTrain, d.yVal]) {
      const frac = y.reduce((s, v) => s + v, 0) / y.length;
      expect(frac).toBeGreaterThan(0.4);
      expect(frac).toBeLessThan(0.6);
    }
  });

  it('adding: exactly two markers, one in each half, and every sum 0..8 occurs', () => {
    const ex = examples(dataset('adding', { minLength: 2, maxLength: 10, size: 1000 }));
    const sums = new Set<number>();
    for (const e of ex) {
      expect(e.tokens.filter((v) => v >= 5)).toHaveLength(2);
      expect(REFERENCE.adding(e.tokens).legal).toBe(true);
      sums.add(e.label);
    }
    expect([...sums].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('adding at length 2: both tokens are the markers', () => {
    const ex = examples(dataset('adding', { minLength: 2, maxLength: 2, size: 40 }));
    for (const e of ex) expect(e.tokens.every((v) => v >= 5)).toBe(true);
  });

  it('rejects a non-sequence set, and lengths the task cannot make, naming the field', () => {
    const base = configFor({ dataset: { name: 'parity' } });
    expect(() =>
      makeSequenceDataset({ seed: 1, dataset: { ...base.dataset, name: 'spiral' } }),
    ).toThrow(/^dataset\.name: .*spiral/);
    expect(() =>
      makeSequenceDataset({ seed: 1, dataset: { ...base.dataset, name: 'adding', minLength: 1 } }),
    ).toThrow(/^dataset\.minLength/);
    expect(() =>
      makeSequenceDataset({ seed: 1, dataset: { ...base.dataset, minLength: 9, maxLength: 4 } }),
    ).toThrow(/^dataset\.minLength/);
  });
});
