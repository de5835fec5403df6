/** Cross-backend checks for tests that run in Node (cpu and WASM). */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { useNodeBackend } from '../../src/engine/node-backend';
import { maxAbsDiff } from './tensors';

/**
 * Runs `compute` on cpu, then on WASM, and expects every array it returns to agree within a
 * relative 1e-4 (WASM's SIMD sums round differently). Leaves the cpu backend active.
 */
export async function expectSameOnWasm(compute: () => number[][]): Promise<void> {
  const onCpu = compute();
  await useNodeBackend('wasm');
  try {
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = compute();
    expect(onWasm).toHaveLength(onCpu.length);
    onCpu.forEach((g, i) =>
      expect(maxAbsDiff(g, onWasm[i]!)).toBeLessThan(1e-4 * (1 + Math.max(...g.map(Math.abs)))),
    );
  } finally {
    await useNodeBackend('cpu');
  }
}
