import { describe, expect, it } from 'vitest';
import { MAX_VALUES, cellLabel, planSweep, type SweepPlan } from './sweep';

const L2_NORM = {
  base: { training: { steps: 50 } },
  axes: [
    { path: 'regularization.l2', values: [0, 0.001, 0.01] },
    { path: 'model.norm', values: ['none', 'layer'] },
  ],
};

function planOf(input: unknown, seeds: number[] | null = null): SweepPlan {
  const r = planSweep(input, seeds);
  if (!r.ok) throw new Error(`expected a valid sweep, got ${JSON.stringify(r.errors)}`);
  return r.plan;
}

function errorsOf(input: unknown, seeds: number[] | null = null): string[] {
  const r = planSweep(input, seeds);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return r.errors;
}

describe('planSweep', () => {
  it('builds every combination, last axis fastest, each a complete config', () => {
    const plan = planOf(L2_NORM);
    expect(plan.cells).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ]);
    expect(plan.runs.map((r) => [r.config.regularization.l2, r.config.model.norm])).toEqual([
      [0, 'none'],
      [0, 'layer'],
      [0.001, 'none'],
      [0.001, 'layer'],
      [0.01, 'none'],
      [0.01, 'layer'],
    ]);
    expect(plan.runs[3]!.values).toEqual({ 'regularization.l2': 0.001, 'model.norm': 'layer' });
    // Base fields and defaults fill the rest.
    expect(
      plan.runs.every((r) => r.config.training.steps === 50 && r.config.model.depth === 4),
    ).toBe(true);
    expect(plan.runs.map((r) => r.seed)).toEqual(new Array(6).fill(1));
    expect(plan.spec.seeds).toEqual([1]);
  });

  it("multiplies by seeds (seeds fastest); --seeds replaces the file's list", () => {
    const plan = planOf({ ...L2_NORM, seeds: [1, 2] });
    expect(plan.runs).toHaveLength(12);
    expect(plan.runs.slice(0, 3).map((r) => [r.cell, r.seed, r.config.seed])).toEqual([
      [0, 1, 1],
      [0, 2, 2],
      [1, 1, 1],
    ]);
    const override = planOf({ ...L2_NORM, seeds: [1, 2] }, [7, 8, 9]);
    expect(override.runs).toHaveLength(18);
    expect(override.spec.seeds).toEqual([7, 8, 9]);
  });

  it("defaults the seed to the base config's", () => {
    const plan = planOf({ base: { seed: 5 }, axes: [{ path: 'model.depth', values: [1, 2] }] });
    expect(plan.runs.map((r) => [r.values, r.seed])).toEqual([
      [{ 'model.depth': 1 }, 5],
      [{ 'model.depth': 2 }, 5],
    ]);
  });

  it("names a bad value by axis and index, with the field's own message", () => {
    const input = {
      axes: [L2_NORM.axes[0], { path: 'model.norm', values: ['none', 'layer', 'foo'] }],
    };
    const [error, ...rest] = errorsOf(input);
    expect(rest).toEqual([]);
    expect(error).toMatch(/^axes\[1\]\.values\[2\] = "foo": model\.norm: .*"layer"/);
    expect(errorsOf({ axes: [{ path: 'regularization.l2', values: [0, -1, '0.1'] }] })).toEqual([
      expect.stringMatching(/^axes\[0\]\.values\[1\] = -1: regularization\.l2: /),
      expect.stringMatching(/^axes\[0\]\.values\[2\] = "0\.1": regularization\.l2: .*number/),
    ]);
  });

  it('names a path that is not a config field, a section, or the seed', () => {
    expect(errorsOf({ axes: [{ path: 'model.nrom', values: ['none'] }] })).toEqual([
      'axes[0].path: "model.nrom" is not a config field',
    ]);
    expect(errorsOf({ axes: [{ path: 'model', values: [1] }] })[0]).toMatch(
      /^axes\[0\]\.path: "model" is a section/,
    );
    expect(errorsOf({ axes: [{ path: 'seed', values: [1, 2] }] })[0]).toMatch(
      /^axes\[0\]\.path: seeds are swept with "seeds"/,
    );
    expect(errorsOf({ axes: [{ path: 'model depth', values: [1] }] })[0]).toMatch(
      /^axes\[0\]\.path: must be a dotted config field/,
    );
    expect(
      errorsOf({
        axes: [
          { path: 'model.depth', values: [1] },
          { path: 'model.depth', values: [2] },
        ],
      }),
    ).toEqual(['axes[1].path: "model.depth" is already axes[0]']);
  });

  it('checks the rules between fields per combination, so axes may depend on each other', () => {
    // GroupNorm with width 12 needs groups dividing 12: valid with groups 3, not with groups 5.
    const input = {
      base: { model: { width: 12 } },
      axes: [
        { path: 'model.norm', values: ['none', 'group'] },
        { path: 'model.groups', values: [3, 5] },
      ],
    };
    expect(errorsOf(input)).toEqual([
      expect.stringMatching(
        /^axes\[0\]\.values\[1\] × axes\[1\]\.values\[1\] \(model\.norm=group model\.groups=5\): model\.groups: GroupNorm/,
      ),
    ]);
    expect(
      planOf({ ...input, axes: [input.axes[0], { path: 'model.groups', values: [3, 4] }] }).runs,
    ).toHaveLength(4);
  });

  it('refuses a bad base, bad seeds, duplicates and unknown keys', () => {
    expect(errorsOf({ base: { model: { foo: 1 } }, axes: L2_NORM.axes })).toEqual([
      'base: unknown key "model.foo"',
    ]);
    expect(errorsOf(L2_NORM, [0, 2, 2])).toEqual([
      '--seeds: seed 2 is listed twice',
      expect.stringMatching(/^--seeds: 0: seed: /),
    ]);
    expect(errorsOf({ axes: [{ path: 'model.depth', values: [1, 2, 1] }] })).toEqual([
      'axes[0].values[2]: 1 is listed twice',
    ]);
    expect(errorsOf({ axes: L2_NORM.axes, extra: 1 })).toEqual(['unknown key "extra"']);
    expect(errorsOf({ axes: [{ path: 'model.depth', values: [1], step: 2 }] })).toEqual([
      'axes[0]: unknown key "step"',
    ]);
  });

  it('bounds the grid: 1–2 axes of 1–20 values', () => {
    const axis = (path: string) => ({ path, values: [1] });
    expect(errorsOf({ axes: [] })[0]).toMatch(/^axes: /);
    expect(
      errorsOf({ axes: [axis('model.depth'), axis('model.width'), axis('model.heads')] })[0],
    ).toMatch(/^axes: .*2/);
    expect(errorsOf({ axes: [{ path: 'model.depth', values: [] }] })[0]).toMatch(
      /^axes\[0\]\.values: /,
    );
    const many = Array.from({ length: MAX_VALUES + 1 }, (_, i) => i + 1);
    expect(errorsOf({ axes: [{ path: 'model.depth', values: many }] })[0]).toMatch(
      /^axes\[0\]\.values: .*20/,
    );
    expect(errorsOf({ base: {} })).toEqual([expect.stringMatching(/^axes: /)]);
  });
});

describe('cellLabel', () => {
  it('reads as path=value pairs', () => {
    expect(
      cellLabel({ 'regularization.l2': 0.001, 'model.norm': 'layer', 'model.residual': true }),
    ).toBe('regularization.l2=0.001 model.norm=layer model.residual=true');
  });
});
