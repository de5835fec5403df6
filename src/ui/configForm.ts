/**
 * The configuration form as one table: each row says which config field a control edits, its
 * label, and how to read and write it. The form keeps a draft of strings; `draftToConfig` turns
 * it into a config through the one schema (`parseConfig`), so the form never re-validates by hand.
 */
import {
  ACTIVATION_INFO,
  ACTIVATION_NAMES,
  DATASET_INFO,
  DATASET_NAMES,
  NORM_INFO,
  NORM_NAMES,
  OPTIMIZER_INFO,
  OPTIMIZER_NAMES,
  type OptionInfo,
} from '../config/options';
import { parseConfig, type ExperimentConfig, type FieldError } from '../config/schema';

export type FieldKey =
  | 'dataset'
  | 'noise'
  | 'depth'
  | 'width'
  | 'activation'
  | 'norm'
  | 'l2'
  | 'dropout'
  | 'optimizer'
  | 'lr'
  | 'batchSize'
  | 'steps'
  | 'seed';

export type Draft = Record<FieldKey, string>;

interface FieldBase {
  key: FieldKey;
  /** Visible label text; tests find controls by exactly this text. */
  label: string;
  /** Dotted config path, as in the schema's error reports. */
  path: string;
  hint: string;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  /** `step` attribute of the input (also tells the browser which values are typical). */
  step: string;
}

export interface SelectField extends FieldBase {
  kind: 'select';
  options: { value: string; info: OptionInfo }[];
}

export type Field = NumberField | SelectField;

const options = <N extends string>(names: readonly N[], info: Record<N, OptionInfo>) =>
  names.map((value) => ({ value, info: info[value] }));

export const FIELD_GROUPS: { title: string; fields: Field[] }[] = [
  {
    title: 'Data',
    fields: [
      {
        kind: 'select',
        key: 'dataset',
        label: 'Dataset',
        path: 'dataset.name',
        hint: '',
        options: options(DATASET_NAMES, DATASET_INFO),
      },
      {
        kind: 'number',
        key: 'noise',
        label: 'Noise',
        path: 'dataset.noise',
        step: '0.05',
        hint: 'Std. dev. of jitter added to each point.',
      },
    ],
  },
  {
    title: 'Model',
    fields: [
      {
        kind: 'number',
        key: 'depth',
        label: 'Depth',
        path: 'model.depth',
        step: '1',
        hint: 'Hidden layers.',
      },
      {
        kind: 'number',
        key: 'width',
        label: 'Width',
        path: 'model.width',
        step: '1',
        hint: 'Units per hidden layer.',
      },
      {
        kind: 'select',
        key: 'activation',
        label: 'Activation',
        path: 'model.activation',
        hint: '',
        options: options(ACTIVATION_NAMES, ACTIVATION_INFO),
      },
      {
        kind: 'select',
        key: 'norm',
        label: 'Normalization',
        path: 'model.norm',
        hint: '',
        options: options(NORM_NAMES, NORM_INFO),
      },
    ],
  },
  {
    title: 'Regularization',
    fields: [
      {
        kind: 'number',
        key: 'l2',
        label: 'L2',
        path: 'regularization.l2',
        step: '0.0001',
        hint: 'Penalty λ·Σw² on weights.',
      },
      {
        kind: 'number',
        key: 'dropout',
        label: 'Dropout',
        path: 'regularization.dropout',
        step: '0.05',
        hint: 'Probability of zeroing a hidden unit.',
      },
    ],
  },
  {
    title: 'Optimization',
    fields: [
      {
        kind: 'select',
        key: 'optimizer',
        label: 'Optimizer',
        path: 'optimizer.name',
        hint: '',
        options: options(OPTIMIZER_NAMES, OPTIMIZER_INFO),
      },
      {
        kind: 'number',
        key: 'lr',
        label: 'Learning rate',
        path: 'optimizer.lr',
        step: '0.001',
        hint: 'Absurd values are allowed: watch it diverge.',
      },
      {
        kind: 'number',
        key: 'batchSize',
        label: 'Batch size',
        path: 'training.batchSize',
        step: '1',
        hint: '',
      },
      {
        kind: 'number',
        key: 'steps',
        label: 'Steps',
        path: 'training.steps',
        step: '100',
        hint: 'Optimizer steps in the run.',
      },
      {
        kind: 'number',
        key: 'seed',
        label: 'Seed',
        path: 'seed',
        step: '1',
        hint: 'Seeds data, initialization and dropout.',
      },
    ],
  },
];

export const FIELDS: Field[] = FIELD_GROUPS.flatMap((g) => g.fields);
const FIELD_BY_PATH = new Map(FIELDS.map((f) => [f.path, f]));

export function configToDraft(c: ExperimentConfig): Draft {
  return {
    dataset: c.dataset.name,
    noise: String(c.dataset.noise),
    depth: String(c.model.depth),
    width: String(c.model.width),
    activation: c.model.activation,
    norm: c.model.norm,
    l2: String(c.regularization.l2),
    dropout: String(c.regularization.dropout),
    optimizer: c.optimizer.name,
    lr: String(c.optimizer.lr),
    batchSize: String(c.training.batchSize),
    steps: String(c.training.steps),
    seed: String(c.seed),
  };
}

export type DraftResult =
  { ok: true; config: ExperimentConfig } | { ok: false; errors: Partial<Record<FieldKey, string>> };

/**
 * Applies the draft on top of `base` (which supplies fields the form does not show) and validates
 * the result with the schema. Errors come back per field, as sentences that name the field.
 */
export function draftToConfig(draft: Draft, base: ExperimentConfig): DraftResult {
  const errors: Partial<Record<FieldKey, string>> = {};
  const num = (key: FieldKey): number => {
    const text = draft[key].trim();
    if (text === '') {
      errors[key] = `${labelOf(key)}: enter a number`;
      return NaN;
    }
    return Number(text);
  };
  const candidate = {
    ...base,
    seed: num('seed'),
    dataset: { ...base.dataset, name: draft.dataset, noise: num('noise') },
    model: {
      ...base.model,
      depth: num('depth'),
      width: num('width'),
      activation: draft.activation,
      norm: draft.norm,
    },
    regularization: { ...base.regularization, l2: num('l2'), dropout: num('dropout') },
    optimizer: { ...base.optimizer, name: draft.optimizer, lr: num('lr') },
    training: { ...base.training, batchSize: num('batchSize'), steps: num('steps') },
  };
  const parsed = parseConfig(candidate);
  if (parsed.ok && Object.keys(errors).length === 0) return { ok: true, config: parsed.config };
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      const field = FIELD_BY_PATH.get(e.path);
      // A field already reported as empty keeps that clearer message.
      if (field && !errors[field.key]) errors[field.key] = readableFieldError(e, field.label);
    }
  }
  return { ok: false, errors };
}

export function labelOf(key: FieldKey): string {
  return FIELDS.find((f) => f.key === key)!.label;
}

/** The label for a schema path, or the path itself for fields the form does not show. */
export function labelOfPath(path: string): string {
  return FIELD_BY_PATH.get(path)?.label ?? path;
}

/**
 * Rewrites a schema error as "Label: reason" in plain words, e.g. "Width: must be at least 1".
 * Unknown phrasings pass through unchanged, only re-labelled.
 */
export function readableFieldError(e: FieldError, label = labelOfPath(e.path)): string {
  const raw = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
  return `${label}: ${plainReason(raw)}`;
}

const REASONS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Too small: expected number to be >=(.+)$/, (m) => `must be at least ${m[1]}`],
  [/^Too small: expected number to be >(.+)$/, (m) => `must be greater than ${m[1]}`],
  [/^Too big: expected number to be <=(.+)$/, (m) => `must be at most ${m[1]}`],
  [/^Too big: expected number to be <(.+)$/, (m) => `must be less than ${m[1]}`],
  [/expected int, received/, () => 'must be a whole number'],
  [/expected number, received/, () => 'must be a number'],
  [
    /^Invalid option: expected one of (.+)$/,
    (m) => `must be one of ${m[1]!.replaceAll('|', ', ')}`,
  ],
];

export function plainReason(raw: string): string {
  for (const [re, say] of REASONS) {
    const m = raw.match(re);
    if (m) return say(m);
  }
  return raw;
}
