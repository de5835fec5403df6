/**
 * The real CLI, run as a child process the way a person runs it, on tiny configs in a temp dir.
 * Tests run concurrently: each child spends most of its time importing tfjs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { RunResult } from '../engine/run';
import { lab, type CliOutput } from './labProcess';

const TINY = { model: { depth: 2, width: 8 }, training: { steps: 30, recordEvery: 10 } };

let dir = '';
const file = (name: string) => join(dir, name);
const writeConfig = (name: string, config: unknown) =>
  writeFile(file(name), JSON.stringify(config));
const readResult = async (name: string) =>
  JSON.parse(await readFile(file(name), 'utf8')) as RunResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stability-lab-cli-'));
  await writeConfig('tiny.json', TINY);
  await writeConfig('diverge.json', {
    model: { depth: 2, width: 8, activation: 'relu' },
    optimizer: { name: 'sgd', lr: 1e4 },
    training: { steps: 30, recordEvery: 1 },
  });
  await writeConfig('unknown-key.json', { model: { depth: 2, foo: 1 } });
  await writeConfig('bad-value.json', { model: { depth: -3 } });
  await writeFile(file('broken.json'), '{"model": {');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The cpu run of TINY, shared by the result-shape test and the wasm comparison. */
let cpuRun: Promise<CliOutput> | null = null;
const runTinyOnCpu = () => (cpuRun ??= lab('run', file('tiny.json'), '--backend', 'cpu', '--out', file('cpu.json')));

describe.concurrent('npm run lab -- run', () => {
  test('writes the result JSON with config, env, history and summary', async ({ expect }) => {
    const out = await runTinyOnCpu();
    expect(out.code, out.stderr).toBe(0);
    const result = await readResult('cpu.json');

    expect(result.config.model).toMatchObject({ depth: 2, width: 8, activation: 'tanh' });
    expect(result.config.training.steps).toBe(30);
    expect(result.env.backend).toBe('cpu');
    expect(result.env.tfjsVersion).toMatch(/^4\./);

    expect(result.history.map((r) => r.step)).toEqual([10, 20, 30]);
    for (const rec of result.history) {
      for (const key of ['lossTrain', 'lossVal', 'accuracyVal'] as const) {
        expect(Number.isFinite(rec[key]), key).toBe(true);
      }
      expect(Object.keys(rec.gradNorm)).toEqual(['hidden1', 'hidden2', 'output']);
      for (const norm of Object.values(rec.gradNorm)) expect(norm).toBeGreaterThan(0);
    }

    const last = result.history.at(-1)!;
    expect(result.summary).toEqual({
      steps: 30,
      diverged: false,
      divergedAtStep: null,
      finalLossTrain: last.lossTrain,
      finalLossVal: last.lossVal,
      finalAccuracyVal: last.accuracyVal,
    });
    // stderr is not a TTY here: plain progress lines, then the summary paragraph.
    expect(out.stderr).toContain('step 30/30 (100%)');
    expect(out.stderr).toMatch(/Ran 30\/30 steps on cpu .*Did not diverge\./);
    expect(out.stdout).toBe('');
  });

  test('an absurd learning rate diverges cleanly: exit 0, diverged true (JSON on stdout)', async ({
    expect,
  }) => {
    const out = await lab('run', file('diverge.json'));
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as RunResult;
    expect(result.summary.diverged).toBe(true);
    expect(typeof result.summary.divergedAtStep).toBe('number');
    expect(result.summary.steps).toBe(result.summary.divergedAtStep);
    expect(result.summary.steps).toBeLessThan(30);
    expect(result.history.at(-1)!.step).toBe(result.summary.divergedAtStep);
    expect(out.stderr).toContain(`DIVERGED at step ${result.summary.divergedAtStep}`);
    // The monitor saw it coming: a critical non-finite alert in the JSON and on stderr.
    const alert = result.events.find((e) => e.kind === 'nonFinite');
    expect(alert?.severity).toBe('critical');
    expect(alert?.remedy.length).toBeGreaterThan(10);
    expect(out.stderr).toContain(`[step ${alert!.step}] CRITICAL alert: ${alert!.title}`);
  });

  test('the result JSON carries every diagnostic: layer stats, histograms, sharpness, calibration, events', async ({
    expect,
  }) => {
    await writeConfig('diag.json', {
      ...TINY,
      model: { depth: 2, width: 8, norm: 'batch', activation: 'relu' },
      diagnostics: { sharpnessEvery: 15 },
      adaptive: { clip: true, clipWindow: 10 },
    });
    const out = await lab('run', file('diag.json'), '--backend', 'cpu', '--out', file('diag-out.json'));
    expect(out.code, out.stderr).toBe(0);
    const result = await readResult('diag-out.json');
    // Sharpness steps are record steps too.
    expect(result.history.map((r) => r.step)).toEqual([10, 15, 20, 30]);
    expect(result.history.filter((r) => r.sharpness !== undefined).map((r) => r.step)).toEqual([15, 30]);
    const last = result.history.at(-1)!;
    expect(Object.keys(last.updateRatio!)).toEqual(['hidden1', 'hidden2', 'output']);
    expect(Object.keys(last.activation!)).toEqual(['hidden1', 'hidden2']);
    expect(last.activation!.hidden1!.dead).toBeGreaterThanOrEqual(0);
    expect(last.gradientHistogram!.output!.counts).toHaveLength(24);
    expect(last.activationHistogram!.hidden2!.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(last.ece).toBeGreaterThanOrEqual(0);
    expect(last.reliability!.count.reduce((a, b) => a + b, 0)).toBe(result.history.length > 0 ? Math.round(0.3 * 600) : 0);
    expect(Number.isFinite(last.bnGap)).toBe(true);
    expect(last.generalizationGap).toBeCloseTo(last.lossVal - last.lossTrain, 6);
    expect(last.clipThreshold).toBeGreaterThan(0);
    expect(result.events.some((e) => e.kind === 'clip' && e.source === 'controller')).toBe(true);
  });

  test('an unknown key exits non-zero and names the key', async ({ expect }) => {
    const out = await lab('run', file('unknown-key.json'));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('unknown key "model.foo"');
    expect(out.stdout).toBe('');
  });

  test('a bad value exits non-zero and names the field', async ({ expect }) => {
    const out = await lab('run', file('bad-value.json'));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('model.depth');
  });

  test('--backend wasm trains, and agrees with cpu', async ({ expect }) => {
    const [wasm, cpu] = await Promise.all([
      lab('run', file('tiny.json'), '--backend', 'wasm', '--out', file('wasm.json')),
      runTinyOnCpu(),
    ]);
    expect(wasm.code, wasm.stderr).toBe(0);
    expect(cpu.code, cpu.stderr).toBe(0);
    const [w, c] = await Promise.all([readResult('wasm.json'), readResult('cpu.json')]);
    expect(w.env.backend).toBe('wasm');
    expect(w.summary.steps).toBe(30);
    expect(w.summary.diverged).toBe(false);
    // Same seeded data and init (random numbers are made in JS), so only float rounding differs.
    w.history.forEach((rec, i) => {
      expect(rec.lossTrain).toBeCloseTo(c.history[i]!.lossTrain, 4);
      expect(rec.gradNorm.hidden1).toBeCloseTo(c.history[i]!.gradNorm.hidden1!, 4);
    });
    // It trained: the training loss moved from its first record.
    expect(w.history.at(-1)!.lossTrain).not.toBe(w.history[0]!.lossTrain);
  });

  test('a missing config file gives a readable message naming the file', async ({ expect }) => {
    const out = await lab('run', file('nope.json'));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`cannot read config file "${file('nope.json')}": no such file`);
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('an unwritable --out is refused before training, naming the file', async ({ expect }) => {
    const out = await lab('run', file('tiny.json'), '--out', file('no-such-dir/result.json'));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`cannot write result file "${file('no-such-dir/result.json')}"`);
    expect(out.stderr).not.toContain('step ');
  });

  test('invalid JSON names the file', async ({ expect }) => {
    const out = await lab('run', file('broken.json'));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`config file "${file('broken.json')}" is not valid JSON`);
  });
});

/** Dropout and hidden-layer noise on, so the seeded mask and noise streams are exercised. */
const NOISY = {
  seed: 3,
  model: { depth: 2, width: 8 },
  regularization: { dropout: 0.2, noiseStd: 0.1, noiseAt: 'hidden' },
  training: { steps: 30, recordEvery: 10 },
};

/** NOISY run twice in separate processes, shared by the reproducibility and rerun tests. */
let noisyRuns: Promise<[CliOutput, CliOutput]> | null = null;
const runNoisy = (out: string) => lab('run', file('noisy.json'), '--backend', 'cpu', '--out', file(out));
const runNoisyTwice = () =>
  (noisyRuns ??= writeConfig('noisy.json', NOISY).then(() =>
    Promise.all([runNoisy('noisy-a.json'), runNoisy('noisy-b.json')]),
  ));

describe.concurrent('npm run lab -- run (reproducibility, exported runs)', () => {
  test('the same config run twice on cpu gives identical histories', async ({ expect }) => {
    const [a, b] = await runNoisyTwice();
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stderr).toContain(`Running config file "${file('noisy.json')}" (seed 3).`);
    const [ra, rb] = await Promise.all([readResult('noisy-a.json'), readResult('noisy-b.json')]);
    expect(ra.config.regularization).toMatchObject({ dropout: 0.2, noiseStd: 0.1, noiseAt: 'hidden' });
    expect(ra.history.map((r) => r.step)).toEqual([10, 20, 30]);
    expect(ra.history).toStrictEqual(rb.history);
    expect(ra.events).toStrictEqual(rb.events);
    expect(ra.summary).toStrictEqual(rb.summary);
  });

  test('run <exported result> reruns its config and seed and reproduces the history', async ({
    expect,
  }) => {
    const [a] = await runNoisyTwice();
    expect(a.code, a.stderr).toBe(0);
    const out = await lab('run', file('noisy-a.json'), '--backend', 'cpu', '--out', file('rerun.json'));
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('Rerunning the config of an exported run (seed 3).');
    expect(out.stderr).toContain('The rerun reproduced the exported history exactly (3 records).');
    const [exported, rerun] = await Promise.all([readResult('noisy-a.json'), readResult('rerun.json')]);
    expect(rerun.config).toStrictEqual(exported.config);
    expect(rerun.history).toStrictEqual(exported.history);
  });

  test('an exported run with a bad config field, or a sweep file, is refused by name', async ({
    expect,
  }) => {
    await writeConfig('bad-run.json', { config: { model: { depth: -3 } }, history: [], summary: {} });
    await writeConfig('sweep-as-run.json', { axes: [{ path: 'model.depth', values: [1] }] });
    const [bad, sweep] = await Promise.all([
      lab('run', file('bad-run.json')),
      lab('run', file('sweep-as-run.json')),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`the config of exported run "${file('bad-run.json')}" has 1 invalid field:`);
    expect(bad.stderr).toContain('model.depth');
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toContain('looks like a sweep file');
    for (const out of [bad, sweep]) expect(out.stdout).toBe('');
  });
});

describe.concurrent('npm run lab -- (command line)', () => {
  test('--help prints usage and exits 0', async ({ expect }) => {
    const out = await lab('--help');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('npm run lab -- run <config.json|run.json>');
    expect(out.stdout).toContain('npm run lab -- sweep <sweep.json>');
  });

  test('an unknown flag exits 2 with the usage', async ({ expect }) => {
    const out = await lab('run', file('tiny.json'), '--speed', 'fast');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("Unknown option '--speed'");
    expect(out.stderr).toContain('Usage:');
  });

  test('an unsupported backend exits 2 and names the flag', async ({ expect }) => {
    const out = await lab('run', file('tiny.json'), '--backend', 'webgpu');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--backend must be one of auto, cpu, wasm; got "webgpu"');
  });
});
