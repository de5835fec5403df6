import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import {
  configToDraft,
  draftToConfig,
  FIELDS,
  plainReason,
  readableFieldError,
} from './configForm';

const base = defaultConfig();

describe('the configuration form', () => {
  it('round-trips the default config through a draft', () => {
    const r = draftToConfig(configToDraft(base), base);
    expect(r).toEqual({ ok: true, config: base });
  });

  it('has one labelled control for each required field', () => {
    expect(FIELDS.map((f) => f.label)).toEqual([
      'Dataset',
      'Noise',
      'Depth',
      'Width',
      'Activation',
      'Normalization',
      'L2',
      'Dropout',
      'Optimizer',
      'Learning rate',
      'Batch size',
      'Steps',
      'Seed',
    ]);
  });

  it('applies edits on top of the base config', () => {
    const draft = { ...configToDraft(base), width: '8', lr: '0.05', norm: 'batch', steps: '1000' };
    const r = draftToConfig(draft, base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.model).toMatchObject({ width: 8, norm: 'batch' });
    expect(r.config.optimizer.lr).toBe(0.05);
    expect(r.config.training.steps).toBe(1000);
    expect(r.config.dataset.size).toBe(base.dataset.size);
  });

  it('names the field and the reason for every bad value', () => {
    const draft = {
      ...configToDraft(base),
      width: '0',
      lr: '-1',
      depth: '2.5',
      dropout: '1',
      seed: '',
    };
    const r = draftToConfig(draft, base);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      width: 'Width: must be at least 1',
      lr: 'Learning rate: must be greater than 0',
      depth: 'Depth: must be a whole number',
      dropout: 'Dropout: must be at most 0.95',
      seed: 'Seed: enter a number',
    });
  });

  it('turns schema messages into plain words and keeps unknown ones', () => {
    expect(plainReason('Too big: expected number to be <=512')).toBe('must be at most 512');
    expect(plainReason('Invalid option: expected one of "a"|"b"')).toBe('must be one of "a", "b"');
    expect(plainReason('something else')).toBe('something else');
    expect(
      readableFieldError({
        path: 'model.width',
        message: 'model.width: Too small: expected number to be >=1',
      }),
    ).toBe('Width: must be at least 1');
    expect(
      readableFieldError({
        path: 'training.recordEvery',
        message: 'unknown key "training.recordEvery"',
      }),
    ).toBe('training.recordEvery: unknown key "training.recordEvery"');
  });
});
