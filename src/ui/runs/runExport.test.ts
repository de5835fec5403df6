import { describe, expect, it } from 'vitest';
import { parseRunFile, runFileText } from '../../config/runFile';
import { defaultConfig } from '../../config/schema';
import { batch, LAYERS } from '../../../test/support/batches';
import { historyOf, metricsCsv, runFileOf } from './runExport';
import { toStoredBatch, type RunMeta } from './runStore';

const meta: RunMeta = {
  id: 'r1',
  name: 'baseline',
  createdAt: 0,
  updatedAt: 0,
  config: defaultConfig(),
  env: { backend: 'webgpu', adapter: null, tfjsVersion: '4.22.0' },
  state: 'finished',
  step: 30,
  totalSteps: 30,
  finalLossVal: null,
  finalAccuracyVal: null,
  chunks: 2,
};

describe('run export', () => {
  const batches = [toStoredBatch(batch([10, 20])), toStoredBatch(batch([30]))];

  it('history has one CLI-shaped record per step, per-layer maps, optional diagnostics only where measured', () => {
    const h = historyOf(batches);
    expect(h.map((r) => r.step)).toEqual([10, 20, 30]);
    expect(Object.keys(h[0]!.gradNorm as object)).toEqual(LAYERS);
    expect(h[0]!.lossTrain).toBeCloseTo(0.1);
    expect(h[0]!.generalizationGap).toBeCloseTo(0.01);
    expect(h[0]).toHaveProperty('ece');
    expect(h[0]).not.toHaveProperty('sharpness'); // NaN in the fixture: not measured
  });

  it('the exported file validates as a run file and keeps the config exactly', () => {
    const r = parseRunFile(runFileText(runFileOf(meta, batches)));
    expect(r.ok).toBe(true);
    expect(r.ok && r.run.config).toEqual(meta.config);
    expect(r.ok && r.run.history).toHaveLength(3);
  });

  it('CSV: a header naming every column, one line per step, empty cells for unmeasured values', () => {
    const lines = metricsCsv(batches).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'step,lr,lossBatch,lossTrain,lossVal,accuracyTrain,accuracyVal,sharpness,ece,bnGap,clipThreshold,' +
        'gradNorm.hidden1,gradNorm.output,weightNorm.hidden1,weightNorm.output',
    );
    expect(lines).toHaveLength(4);
    const row = lines[3]!.split(',');
    expect(row).toHaveLength(15);
    expect(row[0]).toBe('30');
    expect(row[7]).toBe(''); // sharpness not measured
    expect(Number(row[3])).toBeCloseTo(1 / 30);
  });
});
