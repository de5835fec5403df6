import { describe, expect, it } from 'vitest';
import { mustParseConfig } from '../../config/schema';
import { parseAxisValues, seedRepeatJobs, sweepJobs, MAX_BATCH_RUNS } from './planBatch';

const base = mustParseConfig({ seed: 5, regularization: { dropout: 0.1 } });

describe('parseAxisValues', () => {
  it('reads numbers, switches and names by the field’s type, keeping what does not parse', () => {
    expect(parseAxisValues('regularization.l2', ' 0, 1e-3 ,0.01,')).toEqual([0, 0.001, 0.01]);
    expect(parseAxisValues('model.residual', 'true, false')).toEqual([true, false]);
    expect(parseAxisValues('model.norm', 'none,layer')).toEqual(['none', 'layer']);
    expect(parseAxisValues('optimizer.lr', '0.1, fast')).toEqual([0.1, 'fast']);
  });
});

describe('seedRepeatJobs', () => {
  it('repeats the config over consecutive seeds from its own, changing nothing else', () => {
    const out = seedRepeatJobs(base, 3, 'g');
    if (!out.ok) throw new Error(out.errors.join());
    expect(out.jobs.map((j) => j.config.seed)).toEqual([5, 6, 7]);
    expect(out.jobs.map((j) => j.group.seed)).toEqual([5, 6, 7]);
    for (const j of out.jobs) {
      expect({ ...j.config, seed: 5 }).toEqual(base);
      expect(j.group).toMatchObject({ id: 'g', kind: 'seeds', cell: 0, seeds: [5, 6, 7], axes: [] });
    }
    expect(new Set(out.jobs.map((j) => j.name)).size).toBe(3);
  });

  it('refuses fewer than two seeds, naming the field', () => {
    const out = seedRepeatJobs(base, 1, 'g');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.errors[0]).toMatch(/^seeds:/);
  });
});

describe('sweepJobs', () => {
  it('plans a 2×2 grid × seeds row-major with each run’s cell, value indices and seed', () => {
    const out = sweepJobs(
      base,
      [
        { path: 'regularization.l2', values: [0, 0.01] },
        { path: 'model.norm', values: ['none', 'layer'] },
      ],
      2,
      's',
    );
    if (!out.ok) throw new Error(out.errors.join());
    expect(out.jobs).toHaveLength(8);
    expect(out.jobs.map((j) => j.group.cell)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(out.jobs.map((j) => j.group.seed)).toEqual([5, 6, 5, 6, 5, 6, 5, 6]);
    const cell2 = out.jobs[4]!;
    expect(cell2.group.valueIndex).toEqual([1, 0]);
    expect(cell2.config.regularization.l2).toBe(0.01);
    expect(cell2.config.model.norm).toBe('none');
    // The base is kept in every run.
    expect(cell2.config.regularization.dropout).toBe(0.1);
    expect(cell2.name).toBe('regularization.l2=0.01 model.norm=none · seed 5');
  });

  it('names a bad value and refuses oversized grids', () => {
    const bad = sweepJobs(base, [{ path: 'model.norm', values: ['none', 'sparkle'] }], 1, 's');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join('\n')).toMatch(/sparkle/);
    const values = Array.from({ length: 9 }, (_, i) => i / 100);
    const big = sweepJobs(
      base,
      [
        { path: 'regularization.l2', values },
        { path: 'regularization.dropout', values: values.slice(0, 8) },
      ],
      1,
      's',
    );
    expect(big.ok).toBe(false);
    expect(!big.ok && big.errors[0]).toContain(String(MAX_BATCH_RUNS));
  });
});
