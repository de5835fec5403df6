import { describe, expect, it } from 'vitest';
import { evaluateBudgets } from './budgets';
import { renderReport } from './report';
import { FIT, LAB, LAB_OFF, type BenchResults } from './results';

const cost = { plain: 2, record: 14, sharpness: 37, counts: { plain: 90, record: 9, sharpness: 1 } };
const results: BenchResults = {
  date: '2026-01-01T00:00:00Z',
  command: 'npm run bench',
  durationS: 600,
  machine: { cpu: 'AMD EPYC', cores: 2, ramGiB: 23.5, os: 'Debian', node: 'v20', chromium: '156', adapter: 'swiftshader', tfjs: '4.22.0', loadAverage: 1 },
  browser: [
    {
      backend: 'cpu',
      unavailable: null,
      adapter: null,
      speed: [
        {
          backend: 'cpu',
          workload: 'spiral-mlp',
          status: 'ok',
          plan: { steps: 100, rounds: 2, wholePeriods: true, note: null },
          rates: { [LAB]: [200, 220], [LAB_OFF]: [300, 320], [FIT]: [280, 300] },
          warmupS: { [LAB]: 0.3, [FIT]: 0.2 },
          stepCost: { [LAB]: cost, [LAB_OFF]: cost },
          fitStepMs: 2.7,
        },
        { backend: 'cpu', workload: 'mnist-cnn', status: 'skipped', reason: 'a round would take > 123 s' },
      ],
      memory: [],
    },
    { backend: 'webgpu', unavailable: 'no WebGPU adapter', adapter: null, speed: [], memory: [] },
  ],
  app: null,
  sizes: null,
  node: [{ workload: 'spiral-mlp', status: 'ok', rates: { cpu: [200, 210], wasm: [300, 290] }, plan: { steps: 100, rounds: 2, wholePeriods: true, note: null } }],
  parts: [],
};

describe('renderReport', () => {
  const md = renderReport(results, evaluateBudgets(results), { topTasks: [], profile: null, lazy: [], mainBySource: [] });

  it('has one section per issue item and the budgets last', () => {
    const heads = md.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3, 5));
    expect(heads).toEqual(['Ma', 'a)', 'b)', 'c)', 'd)', 'e)', 'f)', 'Bu']);
  });

  it('shows ratios with their range, skipped cells with the reason, and unavailable backends', () => {
    expect(md).toMatch(/\| cpu +\| spiral MLP 4×16 tanh +\| +210 \| +290 \| +0\.72× \(0\.71–0\.73\) \| +1\.07× \|/);
    expect(md).toContain('skipped: a round would take > 123 s');
    expect(md).toContain('**webgpu** unavailable: no WebGPU adapter');
    expect(md).toMatch(/\| spiral MLP 4×16 tanh \| +205 \| +295 \| +1\.44× \(1\.38–1\.50\) \|/);
  });
});
