/**
 * Reliability bins and the expected calibration error against a hand-worked example, a perfectly
 * calibrated construction, the edge case of confidence 1 and additivity over chunks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION_BINS, calibrationBins, expectedCalibrationError } from './calibration';
import { useNodeBackend } from './node-backend';
import { Disposables, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

/** Two-class logits whose softmax gives class `cls` the probability `conf` (≥ 0.5). */
const logitsFor = (conf: number, cls: 0 | 1): [number, number] => {
  const z = Math.log(conf / (1 - conf));
  return cls === 0 ? [z, 0] : [0, z];
};

/** [count, confSum, correctSum] per bin, read back. */
function binsOf(logits: number[][], labels: number[], bins = CALIBRATION_BINS) {
  const v = read(
    d.track(
      calibrationBins(d.track(tf.tensor2d(logits)), d.track(tf.tensor1d(labels, 'int32')), bins),
    ),
  );
  expect(v.length).toBe(3 * bins);
  return {
    count: v.slice(0, bins),
    confSum: v.slice(bins, 2 * bins),
    correctSum: v.slice(2 * bins),
  };
}

const ece = (b: ReturnType<typeof binsOf>) =>
  expectedCalibrationError(b.count, b.confSum, b.correctSum);

describe('calibrationBins and expectedCalibrationError', () => {
  // Eight examples, two classes (confidence, predicted class, label → correct?):
  //   #1 0.95 pred 0 label 0 ✓   #2 0.95 pred 0 label 1 ✗        → bin 9: n 2, Σconf 1.90, Σcorrect 1
  //   #3 0.85 pred 1 label 1 ✓                                   → bin 8: n 1, Σconf 0.85, Σcorrect 1
  //   #4 0.75 pred 0 label 0 ✓   #5 0.75 pred 0 label 0 ✓
  //   #6 0.75 pred 1 label 0 ✗                                   → bin 7: n 3, Σconf 2.25, Σcorrect 2
  //   #7 0.55 pred 0 label 1 ✗   #8 0.55 pred 1 label 1 ✓        → bin 5: n 2, Σconf 1.10, Σcorrect 1
  // ECE = Σ_b (n_b/N)·|acc_b − conf_b| = (|1 − 1.9| + |1 − 0.85| + |2 − 2.25| + |1 − 1.1|) / 8
  //     = (0.9 + 0.15 + 0.25 + 0.1) / 8 = 1.4 / 8 = 0.175.
  const handLogits = [
    logitsFor(0.95, 0),
    logitsFor(0.95, 0),
    logitsFor(0.85, 1),
    logitsFor(0.75, 0),
    logitsFor(0.75, 0),
    logitsFor(0.75, 1),
    logitsFor(0.55, 0),
    logitsFor(0.55, 1),
  ];
  const handLabels = [0, 1, 1, 0, 0, 0, 1, 1];

  it('matches the hand-worked example bin by bin, and its ECE is 0.175', () => {
    const b = binsOf(handLogits, handLabels);
    const count = [0, 0, 0, 0, 0, 2, 0, 3, 1, 2];
    const confSum = [0, 0, 0, 0, 0, 1.1, 0, 2.25, 0.85, 1.9];
    const correctSum = [0, 0, 0, 0, 0, 1, 0, 2, 1, 1];
    expect(Array.from(b.count)).toEqual(count);
    expect(Array.from(b.correctSum)).toEqual(correctSum);
    b.confSum.forEach((c, i) => expect(c).toBeCloseTo(confSum[i]!, 5));
    expect(ece(b)).toBeCloseTo(0.175, 5);
  });

  it('takes the top-class probability as the confidence with more than two classes', () => {
    // softmax(ln 13, ln 5, ln 2) = (0.65, 0.25, 0.1): confidence 0.65 in bin 6 (away from its
    // edges, where float rounding may fall either way), class 0; label 2 is wrong.
    const b = binsOf([[Math.log(13), Math.log(5), Math.log(2)]], [2]);
    expect(b.count[6]).toBe(1);
    expect(b.confSum[6]).toBeCloseTo(0.65, 6);
    expect(b.correctSum[6]).toBe(0);
    expect(ece(b)).toBeCloseTo(0.65, 5);
  });

  it('puts confidence exactly 1 in the last bin, not one past it', () => {
    // exp(−100) underflows next to 1 in float32: the softmax is exactly (1, 0).
    const b = binsOf(
      [
        [100, 0],
        [0, 100],
      ],
      [0, 0],
      5,
    );
    expect(Array.from(b.count)).toEqual([0, 0, 0, 0, 2]);
    expect(b.confSum[4]).toBe(2);
    expect(b.correctSum[4]).toBe(1);
    expect(ece(b)).toBeCloseTo(0.5, 6);
  });

  it('is ≈ 0 for a perfectly calibrated construction', () => {
    // Bin 7: four examples at 0.75, three right. Bin 9: ten at 0.9, nine right. Bin 5: two ties at
    // 0.5 (argMax picks class 0), one right.
    const logits = [
      ...Array.from({ length: 4 }, () => logitsFor(0.75, 1)),
      ...Array.from({ length: 10 }, () => logitsFor(0.9, 0)),
      [0, 0],
      [0, 0],
    ];
    const labels = [1, 1, 1, 0, ...Array.from({ length: 10 }, (_, i) => (i < 9 ? 0 : 1)), 0, 1];
    const b = binsOf(logits, labels);
    expect(b.count[5]).toBe(2);
    expect(b.count[7]).toBe(4);
    expect(b.count[9]).toBe(10);
    expect(ece(b)).toBeLessThan(1e-6);
  });

  it('adds over chunks: the bins of two halves sum to the bins of the whole', () => {
    const rows = 40;
    const logits = Array.from({ length: rows }, (_, i) => [
      Math.sin(i) * 3,
      Math.cos(1.7 * i) * 2,
      (i % 5) - 2,
    ]);
    const labels = Array.from({ length: rows }, (_, i) => (i * 7) % 3);
    const whole = binsOf(logits, labels);
    const a = binsOf(logits.slice(0, 17), labels.slice(0, 17));
    const b = binsOf(logits.slice(17), labels.slice(17));
    expect(whole.count.reduce((s, c) => s + c, 0)).toBe(rows);
    for (const key of ['count', 'confSum', 'correctSum'] as const) {
      whole[key].forEach((w, i) => expect(w).toBeCloseTo(a[key][i]! + b[key][i]!, 5));
    }
    // The ECE of the whole is computed from the summed bins, not averaged over chunks.
    const summed = {
      count: whole.count.map((_, i) => a.count[i]! + b.count[i]!),
      confSum: whole.confSum.map((_, i) => a.confSum[i]! + b.confSum[i]!),
      correctSum: whole.correctSum.map((_, i) => a.correctSum[i]! + b.correctSum[i]!),
    };
    expect(ece(summed)).toBeCloseTo(ece(whole), 6);
  });

  it('is NaN with no examples', () => {
    expect(expectedCalibrationError([0, 0], [0, 0], [0, 0])).toBeNaN();
  });
});
