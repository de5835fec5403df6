import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupSquaredNorms } from './diagnostics';
import { GroupSums, MAX_INDICATOR_VALUES } from './groupSums';
import { useNodeBackend } from './node-backend';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

/** Tensors of the given shapes holding 1, 2, 3, … in order, grouped as given. */
function groupsOf(shapes: number[][][]): { groups: tf.Tensor[][]; values: number[][] } {
  let next = 1;
  const values: number[][] = [];
  const groups = shapes.map((g) => {
    const vs: number[] = [];
    const ts = g.map((shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: n }, () => ((next++ % 13) + 1) / 7);
      for (const x of data) vs.push(x);
      return tf.tensor(data, shape);
    });
    values.push(vs);
    return ts;
  });
  return { groups, values };
}

describe('GroupSums', () => {
  it('sums each vector per group, by matrix product for small models and by segments for big ones', async () => {
    const small = groupsOf([[[3, 2], [2]], [[4]], [[2, 2, 2]]]);
    // Three groups whose indicator matrix would exceed the cap: the segment path.
    const bigSize = Math.ceil(MAX_INDICATOR_VALUES / 3) + 1;
    const big = groupsOf([[[bigSize]], [[5]], [[2, 3]]]);
    for (const { groups, values } of [small, big]) {
      const sums = new GroupSums(groups);
      expect(sums.sizes).toEqual(values.map((v) => v.length));
      const flat = tf.concat(groups.flat().map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
      const doubled = tf.mul(flat, 2) as tf.Tensor1D;
      const out = sums.sums([flat, doubled]);
      expect(out.shape).toEqual([2, groups.length]);
      const got = await out.array();
      const want = values.map((v) => v.reduce((a, b) => a + b, 0));
      got[0]!.forEach((x, g) => expect(x / want[g]!).toBeCloseTo(1, 4));
      got[1]!.forEach((x, g) => expect(x / (2 * want[g]!)).toBeCloseTo(1, 4));
      // Squared norms per group against the closed form Σx².
      const norms = await groupSquaredNorms(groups, sums).data();
      values.forEach((v, g) =>
        expect(norms[g]! / v.reduce((a, b) => a + b * b, 0)).toBeCloseTo(1, 4),
      );
      tf.dispose([flat, doubled, out, ...groups.flat()]);
      sums.dispose();
    }
  });

  it('keeps one tensor (the indicator matrix) and frees it on dispose', () => {
    const { groups } = groupsOf([[[4, 3]], [[3]]]);
    const before = tf.memory().numTensors;
    const sums = new GroupSums(groups);
    expect(tf.memory().numTensors).toBe(before + 1);
    sums.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(groups.flat());
  });
});
