import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../engine/run';
import { formatCell, formatSweepTable, type RunOutcome } from './sweepTable';

const ok = (cell: number, acc: number): RunOutcome => ({
  cell,
  summary: {
    steps: 10,
    diverged: false,
    divergedAtStep: null,
    finalLossTrain: 0.1,
    finalLossVal: 0.2,
    finalAccuracyVal: acc,
  },
});
const diverged = (cell: number): RunOutcome => ({
  cell,
  summary: {
    steps: 3,
    diverged: true,
    divergedAtStep: 3,
    finalLossTrain: NaN,
    finalLossVal: NaN,
    finalAccuracyVal: null,
  } as RunSummary,
});
const failed = (cell: number): RunOutcome => ({ cell, summary: null });

describe('formatCell', () => {
  it('gives the mean, with the spread over several seeds', () => {
    expect(formatCell([ok(0, 0.9)])).toBe('90.0 %');
    expect(formatCell([ok(0, 0.9), ok(0, 0.8)])).toBe('85.0 ± 7.1 %');
  });

  it('marks diverged and failed runs', () => {
    expect(formatCell([diverged(0)])).toBe('DIVERGED');
    expect(formatCell([diverged(0), diverged(0)])).toBe('DIVERGED');
    expect(formatCell([ok(0, 0.9), diverged(0)])).toBe('90.0 % (1/2 diverged)');
    expect(formatCell([ok(0, 0.9), failed(0), diverged(0)])).toBe(
      '90.0 % (1/3 diverged, 1/3 failed)',
    );
    expect(formatCell([failed(0)])).toBe('failed');
  });
});

describe('formatSweepTable', () => {
  it('puts the first axis down and the second across', () => {
    const axes = [
      { path: 'optimizer.lr', values: [0.01, 100] },
      { path: 'model.norm', values: ['none', 'layer'] },
    ];
    const table = formatSweepTable(axes, [1], [ok(0, 0.95), ok(1, 0.975), diverged(2), ok(3, 0.5)]);
    expect(table.split('\n')).toEqual([
      'Final validation accuracy per cell (seed 1):',
      'optimizer.lr \\ model.norm   none       layer',
      '0.01                        95.0 %     97.5 %',
      '100                         DIVERGED   50.0 %',
    ]);
  });

  it('has one column for one axis', () => {
    const table = formatSweepTable(
      [{ path: 'model.depth', values: [2, 8] }],
      [1, 2],
      [ok(0, 0.9), ok(0, 0.9), ok(1, 0.8), diverged(1)],
    );
    expect(table.split('\n').slice(1)).toEqual([
      'model.depth   validation accuracy',
      '2             90.0 ± 0.0 %',
      '8             80.0 % (1/2 diverged)',
    ]);
    expect(table).toContain('mean ± sd over seeds 1, 2');
  });
});
