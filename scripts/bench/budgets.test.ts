import { describe, expect, it } from 'vitest';
import { evaluateBudgets, type BudgetLine } from './budgets';
import { FIT, LAB, LAB_OFF, type BenchResults, type SpeedCell } from './results';

const plan = { steps: 100, rounds: 3, wholePeriods: true, note: null };
const cost = { plain: 1, record: 2, sharpness: 3, counts: { plain: 9, record: 1, sharpness: 0 } };

function speed(backend: string, lab: number[], off: number[], fit: number[], wholePeriods = true): SpeedCell {
  return {
    backend,
    workload: 'spiral-mlp',
    status: 'ok',
    plan: { ...plan, wholePeriods },
    rates: { [LAB]: lab, [LAB_OFF]: off, [FIT]: fit },
    warmupS: {},
    stepCost: { [LAB]: cost, [LAB_OFF]: cost },
    fitStepMs: 1,
  };
}

function results(over: Partial<BenchResults> = {}): BenchResults {
  return {
    date: '2026-01-01T00:00:00Z',
    command: 'npm run bench',
    durationS: 1,
    machine: { cpu: 'x', cores: 2, ramGiB: 1, os: 'linux', node: 'v20', chromium: null, adapter: null, tfjs: '4.22.0', loadAverage: 0 },
    browser: [],
    app: null,
    sizes: null,
    node: [],
    parts: [],
    ...over,
  };
}

const find = (ls: BudgetLine[], budget: string, where?: string) =>
  ls.filter((l) => l.budget === budget && (!where || l.where.startsWith(where)));

describe('budgets', () => {
  it('judges lab vs fit and diagnostics cost by the median of per-round ratios', () => {
    const cells = [
      // Round 2 is a load spike on the lab's window; the paired median ignores it.
      speed('cpu', [100, 10, 100], [105, 100, 104], [99, 98, 97]),
      speed('webgl', [50, 50, 50], [80, 80, 80], [60, 60, 60]),
    ];
    const ls = evaluateBudgets(results({ browser: [{ backend: 'cpu', unavailable: null, adapter: null, speed: cells, memory: [] }] }));
    expect(find(ls, 'lab ≥ model.fit', 'cpu')[0]!.verdict).toBe('PASS');
    expect(find(ls, 'lab ≥ model.fit', 'webgl')[0]!.verdict).toBe('FAIL');
    expect(find(ls, 'diagnostics cost', 'cpu')[0]).toMatchObject({ verdict: 'PASS', measured: '4.8 %' });
    expect(find(ls, 'diagnostics cost', 'webgl')[0]).toMatchObject({ verdict: 'FAIL', measured: '37.5 %' });
  });

  it('with fewer than three rounds, calls a figure within single-window noise of its limit inconclusive', () => {
    const cells = [
      // One round each: lab/fit 0.95 and cost 5 % are within 15 points of their limits.
      speed('cpu', [95], [100], [100]),
      // lab/fit 0.6 and cost 40 % are far from them: a fail even from one window.
      speed('webgl', [60], [100], [100]),
      // Three rounds: the same close figures are judged.
      speed('webgpu', [95, 95, 95], [100, 100, 100], [100, 100, 100]),
    ];
    const ls = evaluateBudgets(results({ browser: [{ backend: 'cpu', unavailable: null, adapter: null, speed: cells, memory: [] }] }));
    expect(find(ls, 'lab ≥ model.fit', 'cpu')[0]).toMatchObject({ verdict: 'inconclusive' });
    expect(find(ls, 'lab ≥ model.fit', 'cpu')[0]!.measured).toMatch(/\(1 round\)/);
    expect(find(ls, 'diagnostics cost', 'cpu')[0]!.verdict).toBe('inconclusive');
    expect(find(ls, 'lab ≥ model.fit', 'webgl')[0]!.verdict).toBe('FAIL');
    expect(find(ls, 'diagnostics cost', 'webgl')[0]!.verdict).toBe('FAIL');
    expect(find(ls, 'lab ≥ model.fit', 'webgpu')[0]!.verdict).toBe('FAIL');
    expect(find(ls, 'diagnostics cost', 'webgpu')[0]!.verdict).toBe('PASS');
  });

  it('calls a pass inconclusive when the lab figure is only an upper bound, but keeps a fail', () => {
    const cells = [speed('cpu', [100, 100], [101, 101], [90, 90], false), speed('webgl', [50, 50], [80, 80], [60, 60], false)];
    const ls = evaluateBudgets(results({ browser: [{ backend: 'cpu', unavailable: null, adapter: null, speed: cells, memory: [] }] }));
    expect(find(ls, 'lab ≥ model.fit', 'cpu')[0]!.verdict).toBe('inconclusive');
    expect(find(ls, 'diagnostics cost', 'cpu')[0]!.measured).toMatch(/lower bound/);
    expect(find(ls, 'lab ≥ model.fit', 'webgl')[0]!.verdict).toBe('FAIL');
    expect(find(ls, 'diagnostics cost', 'webgl')[0]!.verdict).toBe('FAIL');
  });

  it('reports an unavailable cell or a skipped section as not measured, never as a pass', () => {
    const unavailable: SpeedCell = { backend: 'webgpu', workload: 'mnist-cnn', status: 'unavailable', reason: 'no adapter' };
    const ls = evaluateBudgets(results({ browser: [{ backend: 'webgpu', unavailable: null, adapter: null, speed: [unavailable], memory: [] }] }));
    expect(find(ls, 'lab ≥ model.fit')[0]).toMatchObject({ verdict: 'not measured', measured: 'unavailable: no adapter' });
    expect(find(ls, 'longest main-thread task')[0]!.verdict).toBe('not measured');
    expect(find(ls, 'main-thread JS (gzip)')[0]!.verdict).toBe('not measured');
  });

  it('checks tensors, the main thread and the bundle against their limits', () => {
    const health = {
      backend: 'webgpu', url: '/', loadToReadyMs: 1, trainToFirstMetricMs: 1, loadToFirstMetricMs: 2,
      windowS: 10, longestTaskMs: 51, longTasks: 1, fps: 59.9, worstFrameMs: 20, appStepsPerSec: 10,
    };
    const samples = (a: number, b: number) => [
      { step: 100, numTensors: a, numBytes: 0, numBytesInGPU: null },
      { step: 2000, numTensors: b, numBytes: 0, numBytesInGPU: null },
    ];
    const ls = evaluateBudgets(
      results({
        app: { status: 'ok', health },
        sizes: { mainThread: [{ file: 'a.js', bytes: 1, gzipBytes: 250_000 }], worker: [] },
        browser: [
          {
            backend: 'cpu', unavailable: null, adapter: null, speed: [],
            memory: [
              { backend: 'cpu', workload: 'spiral-mlp', status: 'ok', samples: samples(59, 59) },
              { backend: 'webgl', workload: 'spiral-mlp', status: 'ok', samples: samples(59, 60) },
            ],
          },
        ],
      }),
    );
    expect(find(ls, 'longest main-thread task')[0]!.verdict).toBe('FAIL');
    expect(find(ls, 'page frame rate')[0]!.verdict).toBe('PASS');
    expect(find(ls, 'numTensors flat').map((l) => l.verdict)).toEqual(['PASS', 'FAIL']);
    expect(find(ls, 'main-thread JS (gzip)')[0]!.verdict).toBe('PASS');
  });
});
