import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/schema';
import { configChanges, summarizeChanges } from './compareConfig';

describe('config differences', () => {
  it('an unchanged config has none', () => {
    expect(configChanges(defaultConfig(), defaultConfig())).toEqual([]);
    expect(summarizeChanges([])).toBe('same config');
  });

  it('lists every changed leaf by dotted path with both values', () => {
    const c = defaultConfig();
    c.optimizer.lr = 0.5;
    c.model.depth = 7;
    const changes = configChanges(c, defaultConfig());
    expect(changes).toEqual([
      { path: 'model.depth', value: 7, reference: defaultConfig().model.depth },
      { path: 'optimizer.lr', value: 0.5, reference: defaultConfig().optimizer.lr },
    ]);
    expect(summarizeChanges(changes)).toBe('depth 7, lr 0.5');
    expect(summarizeChanges(changes, 1)).toBe('depth 7 (+1 more)');
  });

  it('fields only one side has are differences too; arrays compare by value', () => {
    const changes = configChanges({ a: { b: 1, list: [1, 2] } }, { a: { list: [1, 2] }, z: true });
    expect(changes).toEqual([
      { path: 'a.b', value: 1, reference: undefined },
      { path: 'z', value: undefined, reference: true },
    ]);
  });
});
