import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import {
  changedPaths,
  configToDraft,
  draftToConfig,
  FIELDS,
  isFieldShown,
  isRebuildPath,
  plainReason,
  readableFieldError,
  type Draft,
  type Field,
  type FieldPath,
} from './configForm';
import { CHOICE_INFO, FIELD_INFO } from './techniqueInfo';

const base = defaultConfig();
const draftOf = (edits: Partial<Draft> = {}): Draft => ({ ...configToDraft(base), ...edits });
const field = (path: FieldPath): Field => FIELDS.find((f) => f.path === path)!;

/** Every leaf of a config object as a dotted path. */
function leafPaths(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object'
      ? leafPaths(v as object, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

describe('the configuration form', () => {
  it('round-trips the default config through a draft', () => {
    const r = draftToConfig(configToDraft(base), base);
    expect(r).toEqual({ ok: true, config: base });
  });

  it('has exactly one control for every config field', () => {
    expect(FIELDS.map((f) => f.path).sort()).toEqual(leafPaths(base).sort());
  });

  it('keeps the labels tests and people know, and every label is unique', () => {
    const labels = FIELDS.map((f) => f.label);
    for (const label of [
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
    ])
      expect(labels).toContain(label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('uses checkboxes for booleans, selects for choices and inputs for numbers', () => {
    for (const f of FIELDS) {
      const v = f.path
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], base);
      const kind = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : 'select';
      expect(`${f.path}: ${f.kind}`).toBe(`${f.path}: ${kind}`);
    }
  });

  it('explains every field and every technique choice', () => {
    for (const f of FIELDS) {
      const info = FIELD_INFO[f.path];
      expect(info.what.length, f.path).toBeGreaterThan(10);
      expect(info.when.length, f.path).toBeGreaterThan(5);
    }
    for (const [path, choices] of Object.entries(CHOICE_INFO)) {
      const f = field(path as FieldPath);
      expect(f.kind).toBe('select');
      if (f.kind !== 'select') continue;
      expect(Object.keys(choices!).sort()).toEqual(f.options.map((o) => o.value).sort());
    }
  });

  it('applies edits on top of the base config', () => {
    const draft = draftOf({
      'model.width': '8',
      'optimizer.lr': '0.05',
      'model.norm': 'batch',
      'training.steps': '1000',
      'model.residual': 'true',
      'regularization.clipNorm': '1e-3',
    });
    const r = draftToConfig(draft, base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.model).toMatchObject({ width: 8, norm: 'batch', residual: true });
    expect(r.config.optimizer.lr).toBe(0.05);
    expect(r.config.training.steps).toBe(1000);
    expect(r.config.regularization.clipNorm).toBe(0.001);
    expect(r.config.dataset.size).toBe(base.dataset.size);
  });

  it('names the field and the reason for every bad value', () => {
    const draft = draftOf({
      'model.width': '0',
      'optimizer.lr': '-1',
      'model.depth': '2.5',
      'regularization.dropout': '1',
      seed: '',
    });
    const r = draftToConfig(draft, base);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      'model.width': 'Width: must be at least 1',
      'optimizer.lr': 'Learning rate: must be greater than 0',
      'model.depth': 'Depth: must be a whole number',
      'regularization.dropout': 'Dropout: must be at most 0.95',
      seed: 'Seed: enter a number',
    });
  });

  it('puts two-field rules next to the field they name', () => {
    const r = draftToConfig(
      draftOf({ 'model.norm': 'group', 'model.groups': '5', 'optimizer.weightDecay': '0.01' }),
      base,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors['model.groups']).toBe(
      'Groups: GroupNorm needs groups to divide the width (16 is not divisible by 5)',
    );
    expect(r.errors['optimizer.weightDecay']).toMatch(
      /^Weight decay: decoupled weight decay needs optimizer "adamw"/,
    );
  });

  it('shows fields only for the choices they belong to, but always when they have an error', () => {
    const shown = (d: Draft, path: FieldPath, errors = {}) => isFieldShown(field(path), d, errors);
    expect(shown(draftOf(), 'model.groups')).toBe(false);
    expect(shown(draftOf({ 'model.norm': 'group' }), 'model.groups')).toBe(true);
    expect(shown(draftOf({ 'model.norm': 'renorm' }), 'model.renormRmax')).toBe(true);
    expect(shown(draftOf({ 'model.norm': 'batch' }), 'model.renormDmax')).toBe(false);
    expect(shown(draftOf({ 'optimizer.name': 'momentum' }), 'optimizer.nesterov')).toBe(true);
    expect(shown(draftOf({ 'optimizer.name': 'adam' }), 'optimizer.nesterov')).toBe(false);
    expect(shown(draftOf({ 'optimizer.name': 'rmsprop' }), 'optimizer.rho')).toBe(true);
    expect(shown(draftOf({ 'optimizer.name': 'adamw' }), 'optimizer.beta2')).toBe(true);
    expect(shown(draftOf({ 'optimizer.name': 'adam' }), 'optimizer.weightDecay')).toBe(false);
    expect(
      shown(draftOf({ 'optimizer.name': 'adam' }), 'optimizer.weightDecay', {
        'optimizer.weightDecay': 'Weight decay: …',
      }),
    ).toBe(true);
    // Hidden fields keep their values.
    const hidden = draftOf({ 'model.groups': '8' });
    const r = draftToConfig(hidden, base);
    expect(r.ok && r.config.model.groups).toBe(8);
  });

  it('knows which changes need a new model, as the worker does', () => {
    expect(isRebuildPath('model.norm')).toBe(true);
    expect(isRebuildPath('dataset.noise')).toBe(true);
    expect(isRebuildPath('seed')).toBe(true);
    expect(isRebuildPath('optimizer.name')).toBe(true);
    expect(isRebuildPath('optimizer.lr')).toBe(false);
    expect(isRebuildPath('regularization.clipNorm')).toBe(false);
    expect(isRebuildPath('training.steps')).toBe(false);
    expect(changedPaths(draftOf({ 'optimizer.lr': '0.1' }), draftOf())).toEqual(['optimizer.lr']);
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
        path: 'training.unknownThing',
        message: 'unknown key "training.unknownThing"',
      }),
    ).toBe('training.unknownThing: unknown key "training.unknownThing"');
  });
});
