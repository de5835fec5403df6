/** Helpers shared by the engine unit tests (Node, cpu backend only — never imported by the app). */
import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { makeRng, normal } from '../../src/engine/random';

/** n seeded normal draws, made in JS (independent of any tfjs random op). */
export function randn(n: number, seed: number, mean = 0, std = 1): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => mean + std * normal(rng));
}

/** Synchronous readback: fine on the cpu backend the unit tests run on. */
export function read(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Euclidean norm of each column of a row-major [rows, cols] matrix. */
export function columnNorms(values: ArrayLike<number>, rows: number, cols: number): number[] {
  return Array.from({ length: cols }, (_, j) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += values[i * cols + j]! ** 2;
    return Math.sqrt(s);
  });
}

/** Mean and sample standard deviation. */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(q / (n - 1)) };
}

/** Things to free after each test: `afterEach(() => d.flush())`. */
export class Disposables {
  private readonly items: { dispose(): void }[] = [];

  track<T extends { dispose(): void }>(t: T): T {
    this.items.push(t);
    return t;
  }

  flush(): void {
    this.items.splice(0).forEach((t) => t.dispose());
  }
}
