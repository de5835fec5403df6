import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import { readUrlOptions, searchFor, searchWithBackend } from './urlParams';

describe('readUrlOptions', () => {
  it('a clean URL: auto backend, default config, no warnings', () => {
    expect(readUrlOptions('')).toEqual({ backend: 'auto', config: defaultConfig(), warnings: [] });
  });

  it('reads the backend and the config side by side', () => {
    const r = readUrlOptions('?backend=CPU&model.depth=8&optimizer.lr=0.003');
    expect(r.backend).toBe('cpu');
    expect(r.config.model.depth).toBe(8);
    expect(r.config.optimizer.lr).toBe(0.003);
    expect(r.warnings).toEqual([]);
  });

  it('lists a bad backend first, then every bad config parameter', () => {
    const r = readUrlOptions('?model.depth=-3&backend=tpu&model.foo=1&optimizer.lr=0.5');
    expect(r.backend).toBe('auto');
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(/^URL parameter backend="tpu" is not one of/);
    expect(r.warnings[1]).toMatch(/^URL parameter model\.depth=-3: .*using the default 4$/);
    expect(r.warnings[2]).toMatch(/^URL parameter model\.foo=1: unknown key/);
    expect(r.config.model.depth).toBe(4);
    expect(r.config.optimizer.lr).toBe(0.5);
  });
});

describe('searchFor', () => {
  it('is empty for the default config without a backend', () => {
    expect(searchFor(defaultConfig(), '')).toBe('');
    expect(searchFor(defaultConfig(), '?model.depth=8&model.foo=1')).toBe('');
  });

  it('keeps the backend first and replaces every config parameter', () => {
    const c = defaultConfig();
    c.model.depth = 8;
    c.model.norm = 'layer';
    expect(searchFor(c, '?model.foo=1&backend=cpu&model.depth=-3')).toBe(
      '?backend=cpu&model.depth=8&model.norm=layer',
    );
    expect(searchFor(defaultConfig(), '?backend=wasm')).toBe('?backend=wasm');
  });

  it('reads back as the same config', () => {
    const c = defaultConfig();
    c.optimizer.lr = 1e-7;
    c.model.residual = true;
    const r = readUrlOptions(searchFor(c, '?backend=cpu'));
    expect(r).toEqual({ backend: 'cpu', config: c, warnings: [] });
  });
});

describe('searchWithBackend', () => {
  it('puts the backend first and leaves every other parameter as it was typed', () => {
    expect(searchWithBackend('?model.depth=8&optimizer.lr=1e-3', 'cpu')).toBe(
      '?backend=cpu&model.depth=8&optimizer.lr=1e-3',
    );
    expect(searchWithBackend('?model.depth=8&backend=webgpu', 'wasm')).toBe(
      '?backend=wasm&model.depth=8',
    );
    expect(searchWithBackend('', 'webgl')).toBe('?backend=webgl');
  });

  it('auto removes the parameter, since it is the default', () => {
    expect(searchWithBackend('?backend=cpu&model.depth=8', 'auto')).toBe('?model.depth=8');
    expect(searchWithBackend('?backend=cpu', 'auto')).toBe('');
    expect(searchWithBackend('?backend&backend=tpu', 'auto')).toBe('');
  });

  it('reads back as the chosen preference with the same config', () => {
    const c = defaultConfig();
    c.model.depth = 6;
    const r = readUrlOptions(searchWithBackend(searchFor(c, '?backend=cpu'), 'webgl'));
    expect(r).toEqual({ backend: 'webgl', config: c, warnings: [] });
  });
});
