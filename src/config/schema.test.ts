import { describe, expect, it } from 'vitest';
import { defaultConfig, mustParseConfig, parseConfig, type FieldError } from './schema';

/** The example config from issue 2, which also states the defaults it expects. */
const ISSUE_EXAMPLE = {
  seed: 1,
  dataset: { name: 'spiral', noise: 0.1 },
  model: { arch: 'mlp', depth: 4, width: 16, activation: 'tanh', norm: 'none' },
  regularization: { l2: 0, dropout: 0 },
  optimizer: { name: 'adam', lr: 0.01 },
  training: { steps: 500, batchSize: 32 },
};

function errorsOf(input: unknown): FieldError[] {
  const r = parseConfig(input);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return r.errors;
}

function badPaths(input: unknown): string[] {
  return errorsOf(input)
    .map((e) => e.path)
    .sort();
}

function thrownMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

function configOf(input: unknown) {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(`expected a valid config, got ${JSON.stringify(r.errors)}`);
  return r.config;
}

describe('defaults', () => {
  it('an empty config becomes the example config of issue 2', () => {
    expect(configOf({})).toMatchObject(ISSUE_EXAMPLE);
  });

  it('a missing config (undefined or null) is the default config', () => {
    expect(configOf(undefined)).toEqual(defaultConfig());
    expect(configOf(null)).toEqual(defaultConfig());
  });

  it('a partial config keeps the given fields and fills every other one from the defaults', () => {
    const c = configOf({ seed: 7, model: { depth: 2 }, optimizer: { name: 'sgd' } });
    const d = defaultConfig();
    expect(c.seed).toBe(7);
    expect(c.model).toEqual({ ...d.model, depth: 2 });
    expect(c.optimizer).toEqual({ ...d.optimizer, name: 'sgd' });
    expect(c.dataset).toEqual(d.dataset);
    expect(c.regularization).toEqual(d.regularization);
    expect(c.training).toEqual(d.training);
  });

  it('a complete valid config comes back unchanged', () => {
    const full = {
      seed: 123,
      dataset: { name: 'xor', noise: 0.3, size: 200, valFraction: 0.25, minLength: 3, maxLength: 9 },
      model: {
        arch: 'mlp',
        depth: 3,
        width: 8,
        channels: 8,
        kernelSize: 5,
        pool: 'avg',
        cell: 'vanilla',
        heads: 4,
        blockNorm: 'post',
        activation: 'gelu',
        norm: 'group',
        normFirstLayer: true,
        normPlacement: 'after',
        normMomentum: 0.9,
        normEpsilon: 1e-5,
        groups: 2,
        renormRmax: 2,
        renormDmax: 1,
        residual: true,
        init: 'lecun',
        initStd: 0.05,
        zeroInitResidual: true,
      },
      regularization: {
        l2: 0.001,
        l1: 0.0001,
        dropout: 0.2,
        spatialDropout: true,
        noiseStd: 0.1,
        noiseAt: 'hidden',
        labelSmoothing: 0.1,
        maxNorm: 3,
        clipNorm: 1,
        agc: 0.05,
        penaltyScaling: 'fan-in',
        depthProfile: 'increasing',
        warmupSteps: 20,
        warmupShape: 'cosine',
        penalizeBiasAndNorm: true,
      },
      optimizer: {
        name: 'momentum',
        lr: 0.05,
        momentum: 0.8,
        nesterov: true,
        beta1: 0.85,
        beta2: 0.99,
        rho: 0.95,
        epsilon: 1e-6,
        weightDecay: 0.01,
        warmupSteps: 10,
        schedule: 'cosine',
        minLrFraction: 0.1,
      },
      training: { steps: 100, batchSize: 16, recordEvery: 5 },
      diagnostics: {
        layerStats: false,
        gradHistograms: false,
        calibration: false,
        sharpnessEvery: 20,
        sharpnessIterations: 12,
        sharpnessBatch: 64,
        monitor: false,
      },
      adaptive: {
        clip: true,
        clipPercentile: 95,
        clipWindow: 30,
        decayControl: true,
        gapTarget: 0.2,
        lrBackoff: true,
        spikeFactor: 3,
        backoffFactor: 0.3,
        rewind: true,
      },
    };
    expect(configOf(full)).toEqual(full);
    // Every field of the default config is given here, so "unchanged" covers the whole schema.
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v as object).map((c) => `${k}.${c}`) : [k],
      );
    expect(keys(full).sort()).toEqual(keys(defaultConfig()).sort());
  });

  it('the default config is itself valid', () => {
    expect(configOf(defaultConfig())).toEqual(defaultConfig());
  });
});

describe('every bad field is reported with its dotted path', () => {
  it('several bad fields in several sections are all reported at once', () => {
    expect(
      badPaths({
        seed: 0,
        dataset: { name: 'moons', valFraction: 1 },
        model: { depth: 0, activation: 'swish' },
        optimizer: { lr: -1 },
        training: { batchSize: 0 },
      }),
    ).toEqual(
      [
        'seed',
        'dataset.name',
        'dataset.valFraction',
        'model.depth',
        'model.activation',
        'optimizer.lr',
        'training.batchSize',
      ].sort(),
    );
  });

  it('each message names its field', () => {
    for (const e of errorsOf({ seed: 0, model: { width: 0 }, regularization: { dropout: 2 } })) {
      expect(e.message).toContain(e.path);
    }
  });

  it('a valid field next to bad ones is not reported', () => {
    expect(badPaths({ model: { depth: 3, width: -1 } })).toEqual(['model.width']);
  });
});

describe('unknown keys', () => {
  it('an unknown top-level key is named', () => {
    const errors = errorsOf({ sed: 3 });
    expect(errors.map((e) => e.path)).toEqual(['sed']);
    expect(errors[0]!.message).toContain('sed');
  });

  it('an unknown nested key is named with its dotted path', () => {
    const errors = errorsOf({ model: { depth: 2, layers: 5 } });
    expect(errors.map((e) => e.path)).toEqual(['model.layers']);
    expect(errors[0]!.message).toContain('model.layers');
  });

  it('each of several unknown keys gets its own entry, alongside bad values', () => {
    expect(badPaths({ foo: 1, bar: 2, training: { epochs: 3, steps: 0 } })).toEqual(
      ['foo', 'bar', 'training.epochs', 'training.steps'].sort(),
    );
  });
});

describe('wrong types', () => {
  it.each([
    ['seed', { seed: '1' }],
    ['model', { model: 'big' }],
    ['model.depth', { model: { depth: '4' } }],
    ['model.norm', { model: { norm: true } }],
    ['dataset.noise', { dataset: { noise: null } }],
    ['optimizer.name', { optimizer: { name: 3 } }],
    ['regularization', { regularization: [0.1] }],
  ])('%s of the wrong type is rejected', (path, input) => {
    expect(badPaths(input)).toEqual([path]);
  });

  it('a config that is not an object is rejected with a readable message', () => {
    const errors = errorsOf(42);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message.length).toBeGreaterThan(0);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('a learning rate of %s is rejected', (_name, lr) => {
    expect(badPaths({ optimizer: { lr } })).toEqual(['optimizer.lr']);
  });
});

describe('bounds', () => {
  it.each([
    ['seed', { seed: 0 }],
    ['seed', { seed: 2 ** 31 }],
    ['seed', { seed: 1.5 }],
    ['dataset.noise', { dataset: { noise: -0.1 } }],
    ['dataset.size', { dataset: { size: 39 } }],
    ['dataset.valFraction', { dataset: { valFraction: 0.95 } }],
    ['model.depth', { model: { depth: 65 } }],
    ['model.width', { model: { width: 2.5 } }],
    ['regularization.l2', { regularization: { l2: -1e-4 } }],
    ['regularization.dropout', { regularization: { dropout: 1 } }],
    ['optimizer.lr', { optimizer: { lr: 0 } }],
    ['training.steps', { training: { steps: 0 } }],
    ['training.recordEvery', { training: { recordEvery: 0 } }],
  ])('%s out of range is rejected (%j)', (path, input) => {
    expect(badPaths(input)).toEqual([path]);
  });

  it.each([
    { seed: 1 },
    { seed: 2 ** 31 - 1 },
    { model: { depth: 1, width: 1 } },
    { model: { depth: 64, width: 512 } },
    { regularization: { l2: 0, dropout: 0.95 } },
    { dataset: { noise: 0, size: 40, valFraction: 0.05 } },
    // An absurd learning rate is allowed on purpose: divergence is something to see.
    { optimizer: { lr: 1e5 } },
  ])('the edge values %j are accepted', (input) => {
    expect(parseConfig(input).ok).toBe(true);
  });
});

describe('mustParseConfig', () => {
  it('returns the completed config for a valid input', () => {
    expect(mustParseConfig({ seed: 9 })).toEqual({ ...defaultConfig(), seed: 9 });
  });

  it('throws one error that lists every bad field', () => {
    const message = thrownMessage(() => mustParseConfig({ seed: -3, foo: 1, model: { width: 0 } }));
    for (const field of ['seed', 'foo', 'model.width']) expect(message).toContain(field);
  });
});

describe('rules between fields', () => {
  it('GroupNorm with a width not divisible by the number of groups is refused, naming model.groups', () => {
    const errors = errorsOf({ model: { norm: 'group', width: 10, groups: 4 } });
    expect(errors.map((e) => e.path)).toEqual(['model.groups']);
    expect(errors[0]!.message).toContain('10');
    expect(errors[0]!.message).toContain('4');
  });

  it.each([
    { norm: 'group', width: 12, groups: 4 },
    { norm: 'group', width: 7, groups: 1 },
    { norm: 'group', width: 8, groups: 8 },
    // The rule only concerns GroupNorm: other norms ignore the groups field.
    { norm: 'layer', width: 10, groups: 4 },
  ])('%j is accepted', (model) => {
    expect(configOf({ model }).model).toMatchObject(model);
  });

  it('adam with weightDecay > 0 is refused, naming optimizer.weightDecay', () => {
    const errors = errorsOf({ optimizer: { name: 'adam', weightDecay: 0.01 } });
    expect(errors.map((e) => e.path)).toEqual(['optimizer.weightDecay']);
    expect(errors[0]!.message).toContain('adamw');
  });

  it('adam without weightDecay and adamw with weightDecay are accepted', () => {
    expect(configOf({ optimizer: { name: 'adam', weightDecay: 0 } }).optimizer.name).toBe('adam');
    expect(configOf({ optimizer: { name: 'adamw', weightDecay: 0.01 } }).optimizer).toMatchObject({
      name: 'adamw',
      weightDecay: 0.01,
    });
  });

  it('both rules are reported together with a field error elsewhere', () => {
    expect(
      badPaths({
        model: { norm: 'group', width: 6, groups: 4 },
        optimizer: { name: 'adam', weightDecay: 0.1 },
        training: { steps: 0 },
      }),
    ).toEqual(['model.groups', 'optimizer.weightDecay', 'training.steps']);
  });
});

describe('bounds of the new fields', () => {
  it.each([
    ['model.normPlacement', { model: { normPlacement: 'middle' } }],
    ['model.normEpsilon', { model: { normEpsilon: 0 } }],
    ['model.normMomentum', { model: { normMomentum: 1 } }],
    ['model.renormRmax', { model: { renormRmax: 0.5 } }],
    ['model.init', { model: { init: 'xavier' } }],
    ['regularization.labelSmoothing', { regularization: { labelSmoothing: 0.6 } }],
    ['regularization.noiseAt', { regularization: { noiseAt: 'output' } }],
    ['regularization.clipNorm', { regularization: { clipNorm: -1 } }],
    ['optimizer.name', { optimizer: { name: 'lion' } }],
    ['optimizer.minLrFraction', { optimizer: { minLrFraction: 1.5 } }],
    ['optimizer.weightDecay', { optimizer: { name: 'adamw', weightDecay: -0.1 } }],
  ])('%s out of range is rejected (%j)', (path, input) => {
    expect(badPaths(input)).toEqual([path]);
  });
});
