import { describe, expect, it } from 'vitest';
import { mustParseConfig } from '../config/schema';
import type { BackendMeasurement, BackendName } from '../protocol';
import {
  betterMeasurement,
  cadenceRate,
  candidateLimitMs,
  decideBackend,
  isWorthRetiming,
  PROBE_SHARE_OF_RUN,
  RETIME_BELOW_STEP_MS,
  probeKey,
  TIE_MARGIN,
  workloadLabel,
} from './probeDecision';

const ok = (backend: BackendName, stepsPerSec: number): BackendMeasurement => ({
  backend,
  stepsPerSec,
  steps: 100,
  warmupMs: 10,
  failure: null,
});
const failed = (backend: BackendName, failure: string): BackendMeasurement => ({
  backend,
  stepsPerSec: null,
  steps: 0,
  warmupMs: null,
  failure,
});

describe('decideBackend', () => {
  it('the fastest backend wins, wherever it stands in the list', () => {
    expect(
      decideBackend([ok('cpu', 410), ok('wasm', 120), ok('webgl', 41), ok('webgpu', 35)]),
    ).toBe('cpu');
    expect(decideBackend([ok('cpu', 2), ok('wasm', 7), ok('webgl', 3), ok('webgpu', 0.5)])).toBe(
      'wasm',
    );
    expect(decideBackend([ok('cpu', 20), ok('wasm', 30), ok('webgl', 90), ok('webgpu', 300)])).toBe(
      'webgpu',
    );
  });

  it('skips backends that failed, whatever number they carry', () => {
    const results = [
      failed('webgpu', 'no WebGPU adapter (requestAdapter returned null)'),
      { ...failed('wasm', 'cannot train cnn (missing Conv2DBackpropFilter)'), stepsPerSec: 9999 },
      ok('cpu', 5),
      ok('webgl', 3),
    ];
    expect(decideBackend(results)).toBe('cpu');
  });

  it('ignores rates that are zero or not finite', () => {
    expect(
      decideBackend([ok('webgpu', Infinity), ok('webgl', NaN), ok('wasm', 0), ok('cpu', 1)]),
    ).toBe('cpu');
  });

  it('is null when nothing could train', () => {
    expect(decideBackend([])).toBeNull();
    expect(decideBackend([failed('cpu', 'boom'), failed('wasm', 'boom')])).toBeNull();
  });

  it('breaks a near tie by preference (cpu, wasm, webgl, webgpu), not by noise', () => {
    const justInside = 100 * (1 - TIE_MARGIN) + 0.5;
    expect(decideBackend([ok('webgpu', 100), ok('cpu', justInside)])).toBe('cpu');
    expect(decideBackend([ok('webgpu', 100), ok('webgl', justInside)])).toBe('webgl');
    expect(decideBackend([ok('webgl', 100), ok('wasm', justInside), ok('cpu', 50)])).toBe('wasm');
    // A clear lead is not a tie.
    const justOutside = 100 * (1 - TIE_MARGIN) - 0.5;
    expect(decideBackend([ok('webgpu', 100), ok('cpu', justOutside)])).toBe('webgpu');
  });
});

describe('probeKey', () => {
  const base = mustParseConfig({});

  it('stays the same when only seed, optimizer, regularization or noise change', () => {
    const other = mustParseConfig({
      seed: 99,
      optimizer: { name: 'sgd', lr: 0.5 },
      regularization: { l2: 0.01, dropout: 0.2 },
      dataset: { noise: 0.5 },
      model: { normEpsilon: 1e-5, initStd: 0.1 },
      training: { steps: 5000, recordEvery: 3 },
    });
    expect(probeKey(other)).toBe(probeKey(base));
  });

  it('changes with the architecture, the model size, the data and the batch size', () => {
    const changes = [
      mustParseConfig({ model: { arch: 'cnn' }, dataset: { name: 'mnist' } }),
      mustParseConfig({ model: { width: 64 } }),
      mustParseConfig({ model: { depth: 8 } }),
      mustParseConfig({ model: { norm: 'batch' } }),
      mustParseConfig({ dataset: { size: 4000 } }),
      mustParseConfig({ training: { batchSize: 128 } }),
    ];
    for (const c of changes) expect(probeKey(c)).not.toBe(probeKey(base));
  });
});

describe('workloadLabel', () => {
  it('names the model, its size, the data and the batch', () => {
    expect(workloadLabel(mustParseConfig({}))).toBe('mlp 4×16 · spiral · batch 32');
    expect(
      workloadLabel(
        mustParseConfig({
          model: { arch: 'cnn', depth: 2, channels: 8 },
          dataset: { name: 'mnist' },
        }),
      ),
    ).toBe('cnn 2×8ch · mnist · batch 32');
  });
});

describe('cadenceRate', () => {
  // Plain steps 2 ms each, recorded steps 20 ms each.
  const times = { plainMs: 20, plainSteps: 10, recordMs: 60, records: 3 };

  it('combines plain and recorded step times at the record cadence', () => {
    // 9 plain steps (18 ms) and one record (20 ms): 10 steps in 38 ms.
    expect(cadenceRate(times, 10)).toBeCloseTo(10_000 / 38, 6);
    expect(cadenceRate(times, 1)).toBeCloseTo(50, 6);
    // Rare records: close to the plain rate of 500 steps/s.
    expect(cadenceRate(times, 10_000)).toBeGreaterThan(495);
  });

  it('uses the recorded time for both when no plain step was timed', () => {
    expect(cadenceRate({ plainMs: 0, plainSteps: 0, recordMs: 40, records: 2 }, 10)).toBeCloseTo(
      50,
      6,
    );
  });
});

describe('betterMeasurement', () => {
  it('keeps the faster timing, and a working one over a failure', () => {
    expect(betterMeasurement(ok('cpu', 50), ok('cpu', 80)).stepsPerSec).toBe(80);
    expect(betterMeasurement(ok('cpu', 80), ok('cpu', 50)).stepsPerSec).toBe(80);
    expect(betterMeasurement(ok('cpu', 50), failed('cpu', 'out of time')).stepsPerSec).toBe(50);
    expect(betterMeasurement(failed('cpu', 'out of time'), ok('cpu', 50)).stepsPerSec).toBe(50);
    expect(betterMeasurement(failed('cpu', 'first'), failed('cpu', 'second')).failure).toBe(
      'second',
    );
  });
});

describe('candidateLimitMs', () => {
  const bounds = { minLimitMs: 500, maxLimitMs: 8000 };

  it('sets no limit before any backend has trained', () => {
    expect(candidateLimitMs(null, 500, 0, bounds)).toBeNull();
  });

  it('is what is left of a share of the run on the best backend so far, within the bounds', () => {
    // 2000 steps at 100 steps/s: a 20 s run.
    const share = PROBE_SHARE_OF_RUN * 20_000;
    expect(candidateLimitMs(100, 2000, 0, bounds)).toBeCloseTo(share, 6);
    expect(candidateLimitMs(100, 2000, 1000, bounds)).toBeCloseTo(share - 1000, 6);
    // Spent already: every later backend still gets the floor.
    expect(candidateLimitMs(100, 2000, share + 1, bounds)).toBe(500);
    // A run of 2 s cannot justify more than the floor; one of hours gets the cap.
    expect(candidateLimitMs(250, 500, 0, bounds)).toBe(500);
    expect(candidateLimitMs(0.5, 5000, 0, bounds)).toBe(8000);
  });
});

describe('isWorthRetiming', () => {
  it('times again only backends that trained with short steps', () => {
    const fast = 1000 / (RETIME_BELOW_STEP_MS / 2);
    const slow = 1000 / (RETIME_BELOW_STEP_MS * 2);
    expect(isWorthRetiming(ok('cpu', fast))).toBe(true);
    expect(isWorthRetiming(ok('cpu', slow))).toBe(false);
    expect(isWorthRetiming(failed('cpu', 'out of time'))).toBe(false);
  });
});
