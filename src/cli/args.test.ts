import { describe, expect, it } from 'vitest';
import { USAGE, parseCli, parseSeedList } from './args';

const errorOf = (argv: string[]): string => {
  const cmd = parseCli(argv);
  if (cmd.kind !== 'usage-error')
    throw new Error(`expected a usage error, got ${JSON.stringify(cmd)}`);
  return cmd.message;
};

describe('parseCli: run', () => {
  it('reads a config file with defaults for every option', () => {
    expect(parseCli(['run', 'c.json'])).toEqual({
      kind: 'run',
      configPath: 'c.json',
      out: null,
      backend: 'auto',
      seed: null,
    });
  });

  it('reads --out, --backend and --seed, long and short', () => {
    expect(parseCli(['run', 'c.json', '-o', 'r.json', '-b', 'cpu', '-s', '3'])).toEqual({
      kind: 'run',
      configPath: 'c.json',
      out: 'r.json',
      backend: 'cpu',
      seed: 3,
    });
  });

  it('refuses sweep-only options, a bad seed, a second file', () => {
    expect(errorOf(['run', 'c.json', '--seeds', '1,2'])).toMatch(/--seeds is for "sweep"/);
    expect(errorOf(['run', 'c.json', '--histories'])).toMatch(/--histories is for "sweep"/);
    expect(errorOf(['run', 'c.json', '--seed', 'x'])).toBe('--seed must be a number; got "x"');
    expect(errorOf(['run', 'a.json', 'b.json'])).toBe(
      'unexpected argument "b.json" (one file per run)',
    );
  });
});

describe('parseCli: sweep', () => {
  it('reads a sweep file with defaults for every option', () => {
    expect(parseCli(['sweep', 's.json'])).toEqual({
      kind: 'sweep',
      sweepPath: 's.json',
      out: null,
      backend: 'auto',
      seeds: null,
      histories: false,
    });
  });

  it('reads --out, --backend, --seeds and --histories', () => {
    expect(
      parseCli([
        'sweep',
        's.json',
        '--out',
        'r.json',
        '--backend',
        'wasm',
        '--seeds',
        '1, 2,3',
        '--histories',
      ]),
    ).toEqual({
      kind: 'sweep',
      sweepPath: 's.json',
      out: 'r.json',
      backend: 'wasm',
      seeds: [1, 2, 3],
      histories: true,
    });
  });

  it('refuses --seed, a bad seed list, a missing file', () => {
    expect(errorOf(['sweep', 's.json', '--seed', '2'])).toMatch(
      /--seed is for "run"; a sweep takes --seeds/,
    );
    for (const bad of ['', '1,,2', '1,x', '1.5', '1;2']) {
      expect(errorOf(['sweep', 's.json', '--seeds', bad])).toBe(
        `--seeds must be a comma-separated list of integers such as 1,2,3; got "${bad}"`,
      );
    }
    expect(errorOf(['sweep'])).toBe('missing <sweep.json> after "sweep"');
    expect(errorOf(['sweep', 's.json', '--backend', 'webgl'])).toMatch(
      /^--backend must be one of auto, cpu, wasm/,
    );
  });
});

describe('parseCli: the rest', () => {
  it('help wins over everything else', () => {
    expect(parseCli(['sweep', '--help'])).toEqual({ kind: 'help' });
    expect(parseCli(['-h'])).toEqual({ kind: 'help' });
  });

  it('names the expected commands', () => {
    expect(errorOf([])).toBe('missing command (expected "run" or "sweep")');
    expect(errorOf(['train', 'c.json'])).toBe(
      'unknown command "train" (expected "run" or "sweep")',
    );
    expect(errorOf(['run', 'c.json', '--out', ''])).toBe('--out needs a file name');
    expect(errorOf(['run', 'c.json', '--speed'])).toMatch(/Unknown option '--speed'/);
  });

  it('documents both commands and every option', () => {
    for (const text of [
      'run <config.json|run.json>',
      'sweep <sweep.json>',
      '--seeds',
      '--histories',
      '"axes"',
    ]) {
      expect(USAGE).toContain(text);
    }
  });
});

describe('parseSeedList', () => {
  it('keeps order and lets the schema judge ranges', () => {
    expect(parseSeedList('3,1,0')).toEqual([3, 1, 0]);
  });
});
