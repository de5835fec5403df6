/** Checkpoint: a device-side copy that survives later assigns and restores them bit-exactly. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Checkpoint } from './checkpoint';
import { OPTIMIZERS } from './optimizers';
import { mustParseConfig } from '../config/schema';
import { useNodeBackend } from './node-backend';
import { Disposables, read } from '../../test/support/tensors';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const d = new Disposables();
afterEach(() => d.flush());

describe('Checkpoint', () => {
  it('restores the values at the snapshot after the variables were assigned new ones', () => {
    const a = d.track(
      tf.variable(
        tf.tensor2d([
          [0.1, -2],
          [3e-8, 4],
        ]),
      ),
    );
    const b = d.track(tf.variable(tf.tensor1d([1, 2, 3]), false));
    const saved = [Array.from(read(a)), Array.from(read(b))];
    const cp = d.track(new Checkpoint([a, b], 12));
    expect(cp.step).toBe(12);
    tf.tidy(() => {
      a.assign(tf.mul(a, 1.37));
      b.assign(tf.fill([3], NaN) as tf.Tensor1D);
    });
    expect(Array.from(read(b)).every(Number.isNaN)).toBe(true);
    cp.restore();
    expect([Array.from(read(a)), Array.from(read(b))]).toEqual(saved);
    // Restoring twice works (a second rewind to the same point), and later updates do not reach the copy.
    tf.tidy(() => a.assign(tf.add(a, 1)));
    cp.restore();
    expect(Array.from(read(a))).toEqual(saved[0]);
  });

  it('holds one tensor per variable and frees them on dispose, keeping restored values alive', () => {
    const v = d.track(tf.variable(tf.tensor1d([5, 6])));
    const before = tf.memory().numTensors;
    const cp = new Checkpoint([v], 1);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.tidy(() => v.assign(tf.zeros([2])));
    cp.restore();
    cp.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(read(v))).toEqual([5, 6]);
  });

  it("with Adam's moments and update count, a rewound update repeats the original bit for bit", () => {
    const opt = OPTIMIZERS.adam(
      mustParseConfig({ optimizer: { name: 'adam', lr: 0.1 } }).optimizer,
    );
    d.track(opt);
    const w = d.track(tf.variable(tf.tensor1d([1, -2, 0.5])));
    const grad = d.track(tf.tensor1d([0.3, -0.1, 2]));
    const update = () => tf.tidy(() => opt.apply([w], [grad], 0.1));
    for (let i = 0; i < 3; i++) update();
    const updates = opt.updates;
    const cp = d.track(new Checkpoint([w, ...opt.state()], 3, () => (opt.updates = updates)));
    update();
    const fourth = Array.from(read(w));
    update();
    cp.restore();
    expect(opt.updates).toBe(3);
    update();
    // A stale count (5 instead of 3) changes the bias correction and so the step.
    expect(Array.from(read(w))).toEqual(fourth);
  });
});
