import { describe, expect, it } from 'vitest';
import { defaultConfig, mustParseConfig, type ExperimentConfig } from './schema';
import { configFromSearch, configToSearch } from './urlConfig';

/** A config away from the defaults in every section: enums, integers, floats and booleans. */
function busyConfig(): ExperimentConfig {
  return mustParseConfig({
    seed: 7,
    dataset: { name: 'circles', noise: 0.25, size: 1200, valFraction: 0.2 },
    model: {
      depth: 8,
      width: 64,
      activation: 'relu',
      norm: 'layer',
      normFirstLayer: true,
      normPlacement: 'after',
      normEpsilon: 1e-7,
      residual: true,
      init: 'normal',
      initStd: 0.003,
      zeroInitResidual: true,
    },
    regularization: {
      l2: 1e-4,
      l1: 3e-5,
      dropout: 0.1 + 0.2, // 0.30000000000000004: the shortest text still reads back exactly
      noiseStd: 0.05,
      noiseAt: 'hidden',
      labelSmoothing: 0.1,
      clipNorm: 1.5,
      penaltyScaling: 'fan-in',
      depthProfile: 'decreasing',
      warmupSteps: 100,
      warmupShape: 'cosine',
      penalizeBiasAndNorm: true,
    },
    optimizer: {
      name: 'adamw',
      lr: 0.003,
      nesterov: true,
      beta2: 0.98,
      epsilon: 1e-8,
      weightDecay: 0.01,
      warmupSteps: 50,
      schedule: 'cosine',
      minLrFraction: 0.1,
    },
    training: { steps: 2000, batchSize: 128, recordEvery: 5 },
    diagnostics: { layerStats: false, calibration: false, sharpnessEvery: 0, monitor: false },
    adaptive: { clip: true, clipPercentile: 95.5, lrBackoff: true, backoffFactor: 0.25, rewind: true },
  });
}

describe('configToSearch', () => {
  it('writes nothing for the default config', () => {
    expect(configToSearch(defaultConfig())).toBe('');
  });

  it('writes only changed fields, as flat dotted parameters in schema order', () => {
    const c = defaultConfig();
    c.seed = 7;
    c.model.depth = 8;
    c.model.norm = 'layer';
    c.model.residual = true;
    c.optimizer.lr = 0.003;
    expect(configToSearch(c)).toBe(
      'seed=7&model.depth=8&model.norm=layer&model.residual=true&optimizer.lr=0.003',
    );
  });

  it('prints numbers as JavaScript does', () => {
    const c = defaultConfig();
    c.model.normEpsilon = 1e-7;
    c.optimizer.lr = 1e6;
    expect(configToSearch(c)).toBe('model.normEpsilon=1e-7&optimizer.lr=1000000');
  });
});

describe('configFromSearch', () => {
  it('reads the empty string (and a bare "?") as the default config', () => {
    for (const search of ['', '?']) {
      expect(configFromSearch(search)).toEqual({ config: defaultConfig(), problems: [] });
    }
  });

  it('round-trips the default config', () => {
    expect(configFromSearch(configToSearch(defaultConfig()))).toEqual({
      config: defaultConfig(),
      problems: [],
    });
  });

  it('round-trips a config that changes many fields of every section exactly', () => {
    const c = busyConfig();
    const search = configToSearch(c);
    for (const section of ['seed', 'dataset.', 'model.', 'regularization.', 'optimizer.', 'training.', 'diagnostics.', 'adaptive.']) {
      expect(search).toContain(section);
    }
    expect(search).toContain('optimizer.lr=0.003');
    expect(search).toContain('model.normEpsilon=1e-7');
    expect(search).toContain('model.residual=true');
    expect(search).toContain('diagnostics.monitor=false');
    const back = configFromSearch(search);
    expect(back.problems).toEqual([]);
    expect(back.config).toEqual(c);
    // And with the leading "?" of `location.search`.
    expect(configFromSearch(`?${search}`).config).toEqual(c);
  });

  it('round-trips every float64 a form can produce, down to the last bit', () => {
    for (const lr of [0.003, 1e-7, 0.1 + 0.2, 1 / 3, 5e-324, 123456.789e-3, 1e6]) {
      const c = defaultConfig();
      c.optimizer.lr = lr;
      expect(Object.is(configFromSearch(configToSearch(c)).config.optimizer.lr, lr)).toBe(true);
    }
  });

  it('accepts a hand-edited URL with any parameter order and the `backend` parameter', () => {
    const r = configFromSearch('?optimizer.lr=0.5&backend=cpu&model.norm=batch&seed=3');
    expect(r.problems).toEqual([]);
    expect(r.config.optimizer.lr).toBe(0.5);
    expect(r.config.model.norm).toBe('batch');
    expect(r.config.seed).toBe(3);
  });

  it('ignores the backend parameter, even a bad one (urlParams reads it)', () => {
    expect(configFromSearch('backend=cpu')).toEqual({ config: defaultConfig(), problems: [] });
    expect(configFromSearch('backend=nonsense').problems).toEqual([]);
  });
});

describe('configFromSearch: a bad parameter is named and falls back to its default', () => {
  const read = configFromSearch;

  it('out of range: names the field and the bound; the other parameters still apply', () => {
    const r = read('?model.depth=-3&optimizer.lr=0.5&model.norm=layer');
    expect(r.problems).toEqual([
      'URL parameter model.depth=-3: Too small: expected number to be >=1; using the default 4',
    ]);
    expect(r.config.model.depth).toBe(4);
    expect(r.config.optimizer.lr).toBe(0.5);
    expect(r.config.model.norm).toBe('layer');
  });

  it('unknown key: named and ignored', () => {
    const r = read('model.foo=1&optimizer.lr=0.5&nonsense=2');
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/^URL parameter model\.foo=1: unknown key "model\.foo"/);
    expect(r.problems[1]).toMatch(/^URL parameter nonsense=2: unknown key "nonsense"/);
    expect(r.config).toEqual({ ...defaultConfig(), optimizer: { ...defaultConfig().optimizer, lr: 0.5 } });
  });

  it('a section name or a path below a field is unknown too', () => {
    const r = read('model=3&model.depth.x=1&model.depth=6');
    expect(r.problems.map((p) => p.split(':')[0])).toEqual([
      'URL parameter model=3',
      'URL parameter model.depth.x=1',
    ]);
    expect(r.config.model.depth).toBe(6);
  });

  it('non-numeric number: named as the wrong type', () => {
    for (const bad of ['abc', '', '0x10', 'Infinity', 'NaN', '1,5']) {
      const r = read(`model.width=${encodeURIComponent(bad)}&seed=9`);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toBe(
        `URL parameter model.width=${bad}: Invalid input: expected number, received string; using the default 16`,
      );
      expect(r.config.model.width).toBe(16);
      expect(r.config.seed).toBe(9);
    }
  });

  it('a non-integer where an integer belongs', () => {
    const r = read('model.depth=2.5');
    expect(r.problems).toEqual([
      'URL parameter model.depth=2.5: Invalid input: expected int, received number; using the default 4',
    ]);
  });

  it('a boolean other than true/false', () => {
    const r = read('model.residual=yes&model.normFirstLayer=true');
    expect(r.problems).toEqual([
      'URL parameter model.residual=yes: Invalid input: expected boolean, received string; using the default false',
    ]);
    expect(r.config.model.residual).toBe(false);
    expect(r.config.model.normFirstLayer).toBe(true);
  });

  it('an enum value that is not a name (names are case-sensitive)', () => {
    const r = read('model.norm=LAYER&model.activation=gelu');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^URL parameter model\.norm=LAYER: Invalid option: expected one of .*"layer".*; using the default none$/);
    expect(r.config.model.norm).toBe('none');
    expect(r.config.model.activation).toBe('gelu');
  });

  it('a cross-field rule that names the parameter itself', () => {
    const r = read('optimizer.weightDecay=0.1&optimizer.lr=0.2');
    expect(r.problems).toEqual([
      'URL parameter optimizer.weightDecay=0.1: decoupled weight decay needs optimizer "adamw" (with "adam", use regularization.l2 for the coupled form); using the default 0',
    ]);
    expect(r.config.optimizer.weightDecay).toBe(0);
    expect(r.config.optimizer.lr).toBe(0.2);
    // With the optimizer that allows it, the same parameter applies.
    expect(read('optimizer.weightDecay=0.1&optimizer.name=adamw').problems).toEqual([]);
  });

  it('a cross-field rule that names a field the URL leaves at its default drops a parameter that causes it', () => {
    // GroupNorm's default 4 groups do not divide a width of 10: the rule names model.groups.
    const r = read('model.norm=group&model.width=10&seed=5');
    expect(r.problems).toEqual([
      'URL parameter model.width=10: model.groups: GroupNorm needs groups to divide the width (10 is not divisible by 4); using the default 16',
    ]);
    expect(r.config.model.norm).toBe('group');
    expect(r.config.model.width).toBe(16);
    expect(r.config.seed).toBe(5);

    // A sequence task with the default MLP: the rule names model.arch.
    const seq = read('dataset.name=parity');
    expect(seq.problems).toHaveLength(1);
    expect(seq.problems[0]).toMatch(/^URL parameter dataset\.name=parity: model\.arch: architecture "mlp" cannot read sequences/);
    expect(seq.config).toEqual(defaultConfig());
  });

  it('several bad parameters are all named, in URL order, and every good one applies', () => {
    const r = read('seed=0&model.depth=8&model.width=9999&model.foo=1&optimizer.lr=-1&model.norm=rms');
    expect(r.problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'URL parameter seed=0',
      'URL parameter model.width=9999',
      'URL parameter model.foo=1',
      'URL parameter optimizer.lr=-1',
    ]);
    const expected = defaultConfig();
    expected.model.depth = 8;
    expected.model.norm = 'rms';
    expect(r.config).toEqual(expected);
  });

  it('a repeated parameter: the last one wins', () => {
    expect(read('model.depth=3&model.depth=5')).toEqual({
      config: { ...defaultConfig(), model: { ...defaultConfig().model, depth: 5 } },
      problems: [],
    });
  });

  it('quotes a long value shortened', () => {
    const r = read(`model.norm=${'x'.repeat(200)}`);
    expect(r.problems[0]).toContain(`model.norm=${'x'.repeat(40)}…:`);
  });
});
