import { describe, expect, it } from 'vitest';
import { ARCH_NAMES, ARCH_NORMS } from '../config/options';
import { withArch, withDataset } from '../config/presets';
import { defaultConfig } from '../config/schema';
import {
  changedPaths,
  configToDraft,
  draftToConfig,
  FIELDS,
  hintOf,
  isFieldShown,
  optionsOf,
  setDraftValue,
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
      // A number with a few allowed values (the kernel size) is a select of its digits.
      const isNumericSelect = f.kind === 'select' && f.isNumeric === true;
      const kind =
        typeof v === 'boolean'
          ? 'boolean'
          : typeof v === 'number' && !isNumericSelect
            ? 'number'
            : 'select';
      expect(`${f.path}: ${f.kind}`).toBe(`${f.path}: ${kind}`);
      if (isNumericSelect) expect(typeof v).toBe('number');
    }
    const r = draftToConfig(draftOf({ 'model.kernelSize': '5' }), base);
    expect(r.ok && r.config.model.kernelSize).toBe(5);
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

  it('shows each architecture its own fields, and each kind of data its own', () => {
    const visible = (d: Draft) =>
      new Set(FIELDS.filter((f) => isFieldShown(f, d, {})).map((f) => f.path));
    const CNN: FieldPath[] = [
      'model.channels',
      'model.kernelSize',
      'model.pool',
      'regularization.spatialDropout',
    ];
    const RNN: FieldPath[] = ['model.cell'];
    const TRANSFORMER: FieldPath[] = ['model.heads', 'model.blockNorm'];
    const MLP: FieldPath[] = ['model.residual'];
    const SEQUENCES: FieldPath[] = ['dataset.minLength', 'dataset.maxLength'];
    const cases: { edits: Partial<Draft>; shown: FieldPath[]; hidden: FieldPath[] }[] = [
      {
        edits: {},
        shown: [...MLP, 'model.width', 'dataset.noise'],
        hidden: [...CNN, ...RNN, ...TRANSFORMER, ...SEQUENCES],
      },
      {
        edits: { 'model.arch': 'cnn', 'dataset.name': 'mnist' },
        shown: [...CNN, 'dataset.noise'],
        hidden: [...MLP, ...RNN, ...TRANSFORMER, ...SEQUENCES, 'model.width'],
      },
      {
        edits: { 'model.arch': 'rnn', 'dataset.name': 'parity' },
        shown: [...RNN, ...SEQUENCES, 'model.width'],
        hidden: [...MLP, ...CNN, ...TRANSFORMER, 'dataset.noise'],
      },
      {
        edits: { 'model.arch': 'transformer', 'dataset.name': 'recall' },
        shown: [...TRANSFORMER, ...SEQUENCES, 'model.width'],
        hidden: [...MLP, ...CNN, ...RNN],
      },
    ];
    for (const { edits, shown, hidden } of cases) {
      const v = visible(draftOf(edits));
      const arch = edits['model.arch'] ?? 'mlp';
      for (const p of shown) expect(v.has(p), `${arch} shows ${p}`).toBe(true);
      for (const p of hidden) expect(v.has(p), `${arch} hides ${p}`).toBe(false);
    }
    // Residual-only and placement rules combine with the architecture.
    const mlpResidual = draftOf({ 'model.residual': 'true', 'model.norm': 'layer' });
    expect(visible(mlpResidual).has('model.zeroInitResidual')).toBe(true);
    expect(visible(mlpResidual).has('model.normPlacement')).toBe(true);
    const rnnLayer = draftOf({
      'model.arch': 'rnn',
      'dataset.name': 'parity',
      'model.residual': 'true',
      'model.norm': 'layer',
    });
    expect(visible(rnnLayer).has('model.zeroInitResidual')).toBe(false);
    expect(visible(rnnLayer).has('model.normPlacement')).toBe(false);
    expect(
      visible(draftOf({ 'model.arch': 'cnn', 'model.norm': 'instance' })).has(
        'model.normPlacement',
      ),
    ).toBe(true);
    // A GRU has its own nonlinearities; a vanilla cell uses the activation.
    expect(
      visible(draftOf({ 'model.arch': 'rnn', 'model.cell': 'gru' })).has('model.activation'),
    ).toBe(false);
    expect(
      visible(draftOf({ 'model.arch': 'rnn', 'model.cell': 'vanilla' })).has('model.activation'),
    ).toBe(true);
  });

  it('shows each diagnostic and controller setting only with what it tunes, and applies them live', () => {
    const shown = (edits: Partial<Draft>, path: FieldPath) =>
      isFieldShown(field(path), draftOf(edits), {});
    const companions: [FieldPath, Partial<Draft>, FieldPath[]][] = [
      [
        'adaptive.clip',
        { 'adaptive.clip': 'true' },
        ['adaptive.clipPercentile', 'adaptive.clipWindow'],
      ],
      ['adaptive.decayControl', { 'adaptive.decayControl': 'true' }, ['adaptive.gapTarget']],
      [
        'adaptive.lrBackoff',
        { 'adaptive.lrBackoff': 'true' },
        ['adaptive.spikeFactor', 'adaptive.backoffFactor'],
      ],
    ];
    for (const [, on, paths] of companions)
      for (const p of paths) {
        expect(shown({}, p), p).toBe(false);
        expect(shown(on, p), p).toBe(true);
      }
    for (const p of ['diagnostics.sharpnessIterations', 'diagnostics.sharpnessBatch'] as const) {
      expect(shown({}, p)).toBe(false); // sharpness is off by default
      expect(shown({ 'diagnostics.sharpnessEvery': '50' }, p)).toBe(true);
    }
    for (const f of FIELDS.filter((f) => /^(diagnostics|adaptive)\./.test(f.path)))
      expect(isRebuildPath(f.path), f.path).toBe(false);
    const r = draftToConfig(
      draftOf({ 'diagnostics.sharpnessEvery': '5', 'adaptive.clip': 'true' }),
      base,
    );
    expect(r.ok && [r.config.diagnostics.sharpnessEvery, r.config.adaptive.clip]).toEqual([
      5,
      true,
    ]);
  });

  it('offers only the norms the architecture implements', () => {
    const norm = field('model.norm');
    const offered = (arch: string) =>
      optionsOf(norm, draftOf({ 'model.arch': arch })).map((o) => o.value);
    for (const arch of ARCH_NAMES) {
      expect(offered(arch)).toEqual([...ARCH_NORMS[arch]]);
    }
    expect(offered('transformer')).not.toContain('batch');
    expect(offered('cnn')).toContain('instance');
    expect(offered('mlp')).not.toContain('instance');
    // A value the architecture lacks stays listed, so the control shows it next to its error.
    expect(
      optionsOf(norm, draftOf({ 'model.arch': 'transformer', 'model.norm': 'batch' })).map(
        (o) => o.value,
      ),
    ).toContain('batch');
    // The architecture select lists all four.
    expect(optionsOf(field('model.arch'), draftOf()).map((o) => o.value)).toEqual([...ARCH_NAMES]);
  });

  it('picking a dataset or an architecture goes through the presets', () => {
    // A dataset of another kind brings that kind's sizes (and an architecture for it).
    const mnist = setDraftValue(draftOf(), 'dataset.name', 'mnist', base);
    expect(mnist).toEqual(configToDraft(withDataset(base, 'mnist')));
    expect(mnist['dataset.size']).not.toBe(draftOf()['dataset.size']);
    // Parity cannot be read by an MLP: the architecture switches too.
    const parity = setDraftValue(draftOf(), 'dataset.name', 'parity', base);
    expect(parity).toEqual(configToDraft(withDataset(base, 'parity')));
    expect(parity['model.arch']).not.toBe('mlp');
    // A CNN on the spiral is impossible: choosing it brings an image set.
    const cnn = setDraftValue(draftOf(), 'model.arch', 'cnn', base);
    expect(cnn).toEqual(configToDraft(withArch(base, 'cnn')));
    expect(cnn['dataset.name']).toBe('mnist');
    expect(draftToConfig(cnn, base).ok).toBe(true);
    for (const arch of ARCH_NAMES) {
      const d = setDraftValue(draftOf(), 'model.arch', arch, base);
      expect(d['model.arch']).toBe(arch);
      expect(draftToConfig(d, base).ok, arch).toBe(true);
    }
    // Other fields change alone.
    expect(setDraftValue(draftOf(), 'model.depth', '7', base)).toEqual(
      draftOf({ 'model.depth': '7' }),
    );
  });

  it('keeps unrelated edits, even invalid ones, when a choice brings a preset', () => {
    const edited = draftOf({ 'optimizer.lr': '0.05', 'regularization.l2': '' });
    const d = setDraftValue(edited, 'model.arch', 'rnn', base);
    expect(d['model.arch']).toBe('rnn');
    expect(d['dataset.name']).toBe(withArch(base, 'rnn').dataset.name);
    expect(d['optimizer.lr']).toBe('0.05');
    // The empty field is still empty (and still named as an error), not silently refilled.
    expect(d['regularization.l2']).toBe('');
    const r = draftToConfig(d, base);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors)).toEqual(['regularization.l2']);
  });

  it('hints say what a number means for the chosen architecture and data', () => {
    expect(hintOf(field('model.depth'), draftOf())).toBe('Hidden layers.');
    expect(hintOf(field('model.depth'), draftOf({ 'model.arch': 'cnn' }))).toBe('Conv layers.');
    expect(hintOf(field('model.width'), draftOf({ 'model.arch': 'rnn' }))).toMatch(/hidden state/);
    expect(hintOf(field('dataset.noise'), draftOf({ 'dataset.name': 'mnist' }))).toMatch(/pixel/);
    expect(hintOf(field('model.norm'), draftOf({ 'model.norm': 'instance' }))).toMatch(/channel/);
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
