import { describe, expect, it } from 'vitest';
import { summarize } from './reliability';

describe('the reliability diagram', () => {
  it('gives accuracy and confidence per bin, and the ECE as their weighted gap', () => {
    const s = summarize({
      step: 10,
      count: Float32Array.of(0, 2, 6, 2),
      confSum: Float32Array.of(0, 0.8, 3.6, 1.8),
      correctSum: Float32Array.of(0, 1, 3, 2),
    });
    expect(s.total).toBe(10);
    expect(s.bins.map((b) => [b.from, b.to])).toEqual([
      [0, 0.25],
      [0.25, 0.5],
      [0.5, 0.75],
      [0.75, 1],
    ]);
    expect(s.bins[0]).toMatchObject({ count: 0, accuracy: null, confidence: null });
    expect(s.bins[2]!.accuracy).toBeCloseTo(0.5);
    expect(s.bins[2]!.confidence).toBeCloseTo(0.6);
    // (2·|0.5 − 0.4| + 6·|0.5 − 0.6| + 2·|1 − 0.9|) / 10
    expect(s.ece).toBeCloseTo(0.1);
  });

  it('has no ECE without examples', () => {
    const empty = {
      step: 1,
      count: new Float32Array(3),
      confSum: new Float32Array(3),
      correctSum: new Float32Array(3),
    };
    expect(summarize(empty).ece).toBeNull();
  });
});
