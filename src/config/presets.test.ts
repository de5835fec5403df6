import { describe, expect, it } from 'vitest';
import { ARCH_DATA, ARCH_NAMES, ARCH_NORMS, DATASET_KIND, DATASET_NAMES } from './options';
import { withArch, withDataset } from './presets';
import { defaultConfig, parseConfig } from './schema';

describe('withDataset / withArch', () => {
  it.each(DATASET_NAMES)('choosing %s from the default gives a valid config that can read it', (name) => {
    const c = withDataset(defaultConfig(), name);
    expect(c.dataset.name).toBe(name);
    expect(ARCH_DATA[c.model.arch]).toContain(DATASET_KIND[name]);
    expect(parseConfig(c).ok).toBe(true);
  });

  it('a dataset of the same kind changes only the name', () => {
    const c = { ...defaultConfig(), training: { ...defaultConfig().training, steps: 77 } };
    const next = withDataset(c, 'circles');
    expect(next).toEqual({ ...c, dataset: { ...c.dataset, name: 'circles' } });
  });

  it('images bring the CNN and image-sized runs', () => {
    const c = withDataset(defaultConfig(), 'mnist');
    expect(c.model.arch).toBe('cnn');
    expect(c.dataset.size).toBeGreaterThan(1000);
    expect(c.dataset.noise).toBe(0);
  });

  it.each(ARCH_NAMES)('choosing %s from any dataset gives a valid config', (arch) => {
    for (const name of DATASET_NAMES) {
      const c = withArch(withDataset(defaultConfig(), name), arch);
      expect(c.model.arch).toBe(arch);
      expect(ARCH_DATA[arch]).toContain(DATASET_KIND[c.dataset.name]);
      expect(ARCH_NORMS[arch]).toContain(c.model.norm);
    }
  });

  it('the MLP keeps an image set (it flattens images)', () => {
    const c = withArch(withDataset(defaultConfig(), 'fashion-mnist'), 'mlp');
    expect(c.dataset.name).toBe('fashion-mnist');
  });

  it('a norm the new architecture also offers is kept', () => {
    const base = withDataset(defaultConfig(), 'parity');
    const c = withArch({ ...base, model: { ...base.model, norm: 'rms' } }, 'transformer');
    expect(c.model.norm).toBe('rms');
  });
});

describe('cross-field rules name the field to change', () => {
  const errorsOf = (input: unknown) => {
    const r = parseConfig(input);
    return r.ok ? [] : r.errors;
  };
  it('an architecture that cannot read the data', () => {
    expect(errorsOf({ dataset: { name: 'parity' }, model: { arch: 'cnn' } })).toEqual([
      expect.objectContaining({ path: 'model.arch', message: expect.stringContaining('cannot read sequences') }),
    ]);
  });
  it('a norm the architecture does not offer', () => {
    expect(errorsOf({ dataset: { name: 'recall' }, model: { arch: 'transformer', norm: 'batch' } })).toEqual([
      expect.objectContaining({ path: 'model.norm', message: expect.stringContaining('none, layer, rms') }),
    ]);
    expect(errorsOf({ model: { norm: 'instance' } })[0]?.path).toBe('model.norm');
  });
  it('GroupNorm groups must divide the CNN channels', () => {
    expect(errorsOf({ dataset: { name: 'mnist' }, model: { arch: 'cnn', norm: 'group', channels: 10, groups: 4 } })).toEqual([
      expect.objectContaining({ path: 'model.groups', message: expect.stringContaining('channels (10') }),
    ]);
  });
  it('heads must divide the width', () => {
    expect(errorsOf({ dataset: { name: 'recall' }, model: { arch: 'transformer', width: 10, heads: 4 } })[0]?.path).toBe('model.heads');
  });
  it('minLength above maxLength, and adding needs two tokens', () => {
    expect(errorsOf({ dataset: { name: 'parity', minLength: 9, maxLength: 5 }, model: { arch: 'rnn' } })[0]?.path).toBe('dataset.minLength');
    expect(errorsOf({ dataset: { name: 'adding', minLength: 1, maxLength: 5 }, model: { arch: 'rnn' } })[0]?.path).toBe('dataset.minLength');
  });
});
