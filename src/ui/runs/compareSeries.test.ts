import { describe, expect, it } from 'vitest';
import { storedBatch } from './compareFixtures';
import {
  availableMetrics,
  finalOf,
  metricOf,
  seriesOf,
  valueAt,
  type MetricKey,
} from './compareSeries';

const metric = (k: MetricKey) => metricOf(k)!;

describe('metric series of a stored run', () => {
  it('reads a column across batches in step order', () => {
    const batches = [
      storedBatch([10, 20], { lossVal: [0.9, 0.8] }),
      storedBatch([30], { lossVal: [0.5] }),
    ];
    const s = seriesOf(batches, metric('lossVal'));
    expect(s.steps).toEqual([10, 20, 30]);
    expect(s.values.map((v) => Number(v.toFixed(4)))).toEqual([0.9, 0.8, 0.5]);
    expect(finalOf(s)).toBeCloseTo(0.5);
  });

  it('keeps NaN on a dense metric (the run diverged) but skips unmeasured records of a sparse one', () => {
    const b = storedBatch([10, 20, 30], {
      lossVal: [0.9, NaN, NaN],
      sharpness: [NaN, 4, NaN],
    });
    const loss = seriesOf([b], metric('lossVal'));
    expect(loss.steps).toEqual([10, 20, 30]);
    expect(Number.isNaN(finalOf(loss))).toBe(true);
    const sharp = seriesOf([b], metric('sharpness'));
    expect(sharp).toEqual({ steps: [20], values: [4] });
  });

  it('total gradient norm is √(Σ layer norm²) per step', () => {
    const b = storedBatch([10, 20], {}, [
      [3, 4],
      [1, 0],
    ]);
    expect(seriesOf([b], metric('gradNorm')).values).toEqual([5, 1]);
  });

  it('offers only metrics some run has a finite value for', () => {
    const a = [storedBatch([10], { lossVal: [1] })];
    const b = [storedBatch([10], { lossVal: [2], sharpness: [7] })];
    const keys = (runs: (typeof a)[]) => availableMetrics(runs).map((m) => m.key);
    expect(keys([a])).not.toContain('sharpness');
    expect(keys([a, b])).toContain('sharpness');
    expect(keys([a])).toContain('lossVal');
    expect(keys([a])).not.toContain('lossTrain'); // all NaN in the fixture
  });
});

describe('valueAt lines runs up by step', () => {
  const s = { steps: [0, 10, 20], values: [1, 3, NaN] };
  it('is the recorded value on a recorded step', () => {
    expect(valueAt(s, 10)).toBe(3);
    expect(valueAt(s, 0)).toBe(1);
  });
  it('interpolates linearly between records', () => {
    expect(valueAt(s, 5)).toBe(2);
    expect(valueAt(s, 2.5)).toBe(1.5);
  });
  it('is NaN next to a NaN record and null outside the recorded range', () => {
    expect(Number.isNaN(valueAt(s, 15))).toBe(true);
    expect(valueAt(s, -1)).toBeNull();
    expect(valueAt(s, 21)).toBeNull();
    expect(valueAt({ steps: [], values: [] }, 0)).toBeNull();
  });
});
