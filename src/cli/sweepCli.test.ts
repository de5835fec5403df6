/**
 * `npm run lab -- sweep` as a child process on tiny grids in a temp dir (see cli.test.ts).
 */
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { RunResult } from '../engine/run';
import { lab, type CliOutput } from './labProcess';
import type { SweepOutput } from './sweep';

const TINY_BASE = { model: { depth: 2, width: 8 }, training: { steps: 20, recordEvery: 10 } };

let dir = '';
const file = (name: string) => join(dir, name);
const writeJson = (name: string, value: unknown) => writeFile(file(name), JSON.stringify(value));
const readJson = async <T>(name: string) => JSON.parse(await readFile(file(name), 'utf8')) as T;
const exists = (name: string) =>
  access(file(name)).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stability-lab-sweep-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const GRID = {
  base: TINY_BASE,
  axes: [
    { path: 'regularization.l2', values: [0, 0.01] },
    { path: 'model.norm', values: ['none', 'layer'] },
  ],
};

/** The 2×2 sweep, shared by the result-shape test and the rerun test. */
let gridRun: Promise<CliOutput> | null = null;
const runGrid = () =>
  (gridRun ??= writeJson('grid.json', GRID).then(() =>
    lab('sweep', file('grid.json'), '--backend', 'cpu', '--out', file('grid-out.json')),
  ));

describe.concurrent('npm run lab -- sweep', () => {
  test('a 2×2 sweep runs every combination once and tabulates them', async ({ expect }) => {
    const out = await runGrid();
    expect(out.code, out.stderr).toBe(0);
    const result = await readJson<SweepOutput>('grid-out.json');
    expect(result.runs.map((r) => [r.values, r.seed])).toEqual([
      [{ 'regularization.l2': 0, 'model.norm': 'none' }, 1],
      [{ 'regularization.l2': 0, 'model.norm': 'layer' }, 1],
      [{ 'regularization.l2': 0.01, 'model.norm': 'none' }, 1],
      [{ 'regularization.l2': 0.01, 'model.norm': 'layer' }, 1],
    ]);
    expect(result.sweep).toMatchObject({ base: TINY_BASE, seeds: [1] });
    expect(result.env.backend).toBe('cpu');
    for (const run of result.runs) {
      expect(run.summary).toMatchObject({ steps: 20, diverged: false });
      expect(run.final!.step).toBe(20);
      expect(run.summary!.finalAccuracyVal).toBe(run.final!.accuracyVal);
      expect(run).not.toHaveProperty('history');
    }
    // Each combination really trained with its own config.
    expect(new Set(result.runs.map((r) => r.final!.lossTrain)).size).toBe(4);
    expect(out.stderr).toContain(
      'regularization.l2 (2 values) × model.norm (2 values) × seed 1 = 4 runs',
    );
    expect(out.stderr).toContain(
      '[4/4] regularization.l2=0.01 model.norm=layer seed 1: validation accuracy',
    );
    expect(out.stderr).toMatch(
      /regularization\.l2 \\ model\.norm +none +layer\n0 +\d+\.\d % +\d+\.\d %\n0\.01 /,
    );
    expect(out.stdout).toBe('');
  });

  test('sweep <its own output> runs the same grid again, with identical results', async ({
    expect,
  }) => {
    expect((await runGrid()).code).toBe(0);
    const out = await lab(
      'sweep',
      file('grid-out.json'),
      '--backend',
      'cpu',
      '--out',
      file('grid-again.json'),
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(
      `Rerunning the sweep of the results in "${file('grid-out.json')}"`,
    );
    const [first, again] = await Promise.all([
      readJson<SweepOutput>('grid-out.json'),
      readJson<SweepOutput>('grid-again.json'),
    ]);
    expect(again.sweep).toStrictEqual(first.sweep);
    expect(again.runs).toStrictEqual(first.runs);
  });

  test('--seeds multiplies the runs, --histories keeps each history, and diverged cells are marked', async ({
    expect,
  }) => {
    // A 4×16 ReLU MLP under plain SGD at lr 10⁴ overflows to NaN within 10 steps for every seed.
    const base = {
      ...TINY_BASE,
      model: { depth: 4, width: 16, activation: 'relu' },
      optimizer: { name: 'sgd' },
    };
    await writeJson('seeds.json', {
      base,
      axes: [{ path: 'optimizer.lr', values: [0.01, 1e4] }],
      seeds: [5],
    });
    await writeJson('seed2.json', { ...base, optimizer: { name: 'sgd', lr: 0.01 }, seed: 2 });
    const [out, single] = await Promise.all([
      lab(
        'sweep',
        file('seeds.json'),
        '--backend',
        'cpu',
        '--seeds',
        '1,2',
        '--histories',
        '--out',
        file('seeds-out.json'),
      ),
      lab('run', file('seed2.json'), '--backend', 'cpu', '--out', file('seed2-out.json')),
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(single.code, single.stderr).toBe(0);
    const result = await readJson<SweepOutput>('seeds-out.json');
    expect(result.sweep.seeds).toEqual([1, 2]);
    expect(result.runs.map((r) => [r.values['optimizer.lr'], r.seed, r.summary!.diverged])).toEqual(
      [
        [0.01, 1, false],
        [0.01, 2, false],
        [1e4, 1, true],
        [1e4, 2, true],
      ],
    );
    expect(result.runs.every((r) => r.history!.at(-1)!.step === r.summary!.steps)).toBe(true);
    // A run inside a sweep is the same as the run on its own: nothing leaks from the runs before it.
    expect(result.runs[1]!.history).toStrictEqual(
      (await readJson<RunResult>('seed2-out.json')).history,
    );
    expect(out.stderr).toContain('optimizer.lr (2 values) × 2 seeds = 4 runs');
    expect(out.stderr).toContain('mean ± sd over seeds 1, 2');
    expect(out.stderr).toMatch(/\n10000 +DIVERGED\n/);
  });

  test('a bad axis path or value is refused with exit 2, naming it, before anything runs', async ({
    expect,
  }) => {
    await writeJson('bad-path.json', {
      base: TINY_BASE,
      axes: [{ path: 'model.nrom', values: ['none'] }],
    });
    await writeJson('bad-value.json', {
      base: TINY_BASE,
      axes: [
        { path: 'regularization.l2', values: [0, 0.01] },
        { path: 'model.norm', values: ['none', 'layer', 'foo'] },
      ],
    });
    const sweep = (f: string) => lab('sweep', file(f), '--out', file(`${f}.out`));
    const [path, value] = await Promise.all([sweep('bad-path.json'), sweep('bad-value.json')]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain(
      `sweep file "${file('bad-path.json')}" is invalid (nothing was run):`,
    );
    expect(path.stderr).toContain('axes[0].path: "model.nrom" is not a config field');
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(/axes\[1\]\.values\[2\] = "foo": model\.norm: .*"layer"/);
    for (const [out, name] of [
      [path, 'bad-path.json'],
      [value, 'bad-value.json'],
    ] as const) {
      expect(out.stderr).not.toContain('Sweep "'); // the grid was never announced, nothing trained
      expect(out.stderr).not.toContain('[1/');
      expect(out.stdout).toBe('');
      expect(await exists(`${name}.out`)).toBe(false);
    }
  });

  test('bad seeds and a missing sweep file are refused by name', async ({ expect }) => {
    await writeJson('ok.json', {
      base: TINY_BASE,
      axes: [{ path: 'model.depth', values: [1, 2] }],
    });
    const [seeds, missing] = await Promise.all([
      lab('sweep', file('ok.json'), '--seeds', '0,1'),
      lab('sweep', file('nope.json')),
    ]);
    expect(seeds.code).toBe(2);
    expect(seeds.stderr).toMatch(/--seeds: 0: seed: /);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot read sweep file "${file('nope.json')}": no such file`);
  });
});
