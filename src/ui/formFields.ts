/**
 * The form's one table: every config field, its visible label, its control, the group it sits in,
 * and when it is relevant. `configForm.ts` reads and writes configs through this table, and
 * `techniqueInfo.ts` explains each row; nothing else lists the fields.
 */
import {
  ACTIVATION_INFO,
  ACTIVATION_NAMES,
  ARCH_INFO,
  ARCH_NAMES,
  ARCH_NORMS,
  BLOCK_NORM_INFO,
  BLOCK_NORMS,
  CELL_INFO,
  CELL_NAMES,
  DATASET_INFO,
  DATASET_KIND,
  DATASET_NAMES,
  DEPTH_PROFILE_INFO,
  DEPTH_PROFILES,
  INIT_INFO,
  INIT_NAMES,
  LR_SCHEDULE_INFO,
  LR_SCHEDULES,
  NOISE_SITE_INFO,
  NOISE_SITES,
  NORM_INFO,
  NORM_NAMES,
  NORM_PLACEMENT_INFO,
  NORM_PLACEMENTS,
  OPTIMIZER_INFO,
  OPTIMIZER_NAMES,
  PENALTY_SCALING_INFO,
  PENALTY_SCALINGS,
  POOL_INFO,
  POOL_NAMES,
  WARMUP_SHAPE_INFO,
  WARMUP_SHAPES,
  type ArchName,
  type DataKind,
  type DatasetName,
  type OptionInfo,
} from '../config/options';
import { withArch, withDataset } from '../config/presets';
import type { ExperimentConfig } from '../config/schema';

/** Dotted paths of the config's leaves, e.g. `model.depth`; the schema reports errors by these. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends Record<string, unknown>
    ? Leaves<T[K], `${P}${K}.`>
    : `${P}${K}`;
}[keyof T & string];

export type FieldPath = Leaves<ExperimentConfig>;

/** The form's values as the controls hold them: text for inputs, "true"/"false" for checkboxes. */
export type Draft = Record<FieldPath, string>;

interface FieldBase {
  path: FieldPath;
  /** Visible label text; tests find controls by exactly this text. */
  label: string;
  /**
   * A short line under the control (selects show the chosen option's description instead); a
   * function when it depends on other choices, e.g. what "depth" counts in each architecture.
   */
  hint?: string | ((d: Draft) => string);
  /** Shown only when this holds for the draft; hidden fields keep their values. */
  isRelevant?: (d: Draft) => boolean;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  /** `step` attribute of the input (also tells the browser which values are typical). */
  step: string;
}

export interface SelectOption {
  value: string;
  info: OptionInfo;
}

export interface SelectField extends FieldBase {
  kind: 'select';
  /** Every choice (the info popover and the label lookup use these). */
  options: SelectOption[];
  /** The choices offered for the current draft, when they depend on it (a subset of `options`). */
  optionsFor?: (d: Draft) => SelectOption[];
  /** The config holds a number (the select's values are its digits). */
  isNumeric?: boolean;
  /**
   * Picking a value changes more than this field: the config after the choice (e.g. a dataset
   * brings sizes that suit it, and an architecture that can read it).
   */
  choose?: (c: ExperimentConfig, value: string) => ExperimentConfig;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
}

export type Field = NumberField | SelectField | BooleanField;

export interface FieldGroup {
  title: string;
  /** Rarely used groups start collapsed (a <details>), unless one of their fields is set. */
  isCollapsible?: boolean;
  fields: Field[];
}

const options = <N extends string>(names: readonly N[], info: Record<N, OptionInfo>) =>
  names.map((value) => ({ value, info: info[value] }));

const num = (path: FieldPath, label: string, step: string, more: Partial<NumberField> = {}) =>
  ({ kind: 'number', path, label, step, ...more }) satisfies NumberField;
const bool = (path: FieldPath, label: string, more: Partial<BooleanField> = {}) =>
  ({ kind: 'boolean', path, label, ...more }) satisfies BooleanField;
const select = <N extends string>(
  path: FieldPath,
  label: string,
  names: readonly N[],
  info: Record<N, OptionInfo>,
  more: Partial<SelectField> = {},
) =>
  ({ kind: 'select', path, label, options: options(names, info), ...more }) satisfies SelectField;

/** The architecture and the kind of data a draft has chosen. */
const archOf = (d: Draft) => d['model.arch'] as ArchName;
const kindOf = (d: Draft): DataKind => DATASET_KIND[d['dataset.name'] as DatasetName] ?? 'points';

type Rule = (d: Draft) => boolean;
const all =
  (...rules: Rule[]): Rule =>
  (d) =>
    rules.every((r) => r(d));
const archIn =
  (...names: ArchName[]): Rule =>
  (d) =>
    names.includes(archOf(d));
const kindIn =
  (...kinds: DataKind[]): Rule =>
  (d) =>
    kinds.includes(kindOf(d));
const normIn =
  (...names: string[]): Rule =>
  (d) =>
    names.includes(d['model.norm']);
const optimizerIn =
  (...names: string[]): Rule =>
  (d) =>
    names.includes(d['optimizer.name']);
const byArch =
  (text: Record<ArchName, string>) =>
  (d: Draft): string =>
    text[archOf(d)] ?? '';

const isOn =
  (path: FieldPath): Rule =>
  (d) =>
    d[path] === 'true';
/** Shown unless the draft says exactly 0 (a value being typed still shows its companions). */
const isSharpnessOn: Rule = (d) => {
  const text = d['diagnostics.sharpnessEvery'].trim();
  return text === '' || Number(text) !== 0;
};

/** The norms each architecture offers, as select options (one constant array per architecture). */
const NORM_OPTIONS: Record<ArchName, SelectOption[]> = Object.fromEntries(
  ARCH_NAMES.map((a) => [a, options(ARCH_NORMS[a], NORM_INFO)]),
) as Record<ArchName, SelectOption[]>;

const KERNEL_SIZES = ['1', '3', '5', '7'] as const;
const KERNEL_INFO: Record<(typeof KERNEL_SIZES)[number], OptionInfo> = {
  '1': { label: '1×1', description: 'Mixes channels at each pixel: no spatial context.' },
  '3': { label: '3×3', description: 'The usual choice: stacked 3×3 layers see ever wider.' },
  '5': {
    label: '5×5',
    description: 'Sees more of the image per layer, at about 3× the cost of 3×3.',
  },
  '7': {
    label: '7×7',
    description: 'A wide view per layer; slow, and rarely better than two 3×3.',
  },
};

export const FIELD_GROUPS: FieldGroup[] = [
  {
    title: 'Data',
    fields: [
      select('dataset.name', 'Dataset', DATASET_NAMES, DATASET_INFO, {
        choose: (c, name) => withDataset(c, name as DatasetName),
      }),
      num('dataset.noise', 'Noise', '0.05', {
        hint: (d) =>
          kindOf(d) === 'images'
            ? 'Std. dev. of jitter added to each pixel (pixels are in [0, 1]).'
            : 'Std. dev. of jitter added to each point.',
        // Tokens have no jitter.
        isRelevant: kindIn('points', 'images'),
      }),
      num('dataset.size', 'Examples', '100', {
        hint: (d) =>
          kindOf(d) === 'images'
            ? 'Training + validation images; at most 6,000 are shipped.'
            : 'Training + validation examples.',
      }),
      num('dataset.minLength', 'Min length', '1', {
        hint: 'Sequence lengths are drawn uniformly from [min, max].',
        isRelevant: kindIn('sequences'),
      }),
      num('dataset.maxLength', 'Max length', '1', {
        hint: 'Shorter sequences are padded to this length (the time axis).',
        isRelevant: kindIn('sequences'),
      }),
      num('dataset.valFraction', 'Validation fraction', '0.05'),
    ],
  },
  {
    title: 'Model',
    fields: [
      select('model.arch', 'Architecture', ARCH_NAMES, ARCH_INFO, {
        choose: (c, arch) => withArch(c, arch as ArchName),
      }),
      num('model.depth', 'Depth', '1', {
        hint: byArch({
          mlp: 'Hidden layers.',
          cnn: 'Conv layers.',
          rnn: 'Stacked recurrent layers.',
          transformer: 'Transformer blocks (attention + MLP).',
        }),
      }),
      num('model.width', 'Width', '1', {
        hint: byArch({
          mlp: 'Units per hidden layer.',
          cnn: '',
          rnn: 'Size of the hidden state.',
          transformer: 'Model width d: every token is a d-vector.',
        }),
        isRelevant: archIn('mlp', 'rnn', 'transformer'),
      }),
      num('model.channels', 'Channels', '1', {
        hint: 'Feature maps in every conv layer.',
        isRelevant: archIn('cnn'),
      }),
      select('model.kernelSize', 'Kernel size', KERNEL_SIZES, KERNEL_INFO, {
        isNumeric: true,
        isRelevant: archIn('cnn'),
      }),
      select('model.pool', 'Pooling', POOL_NAMES, POOL_INFO, { isRelevant: archIn('cnn') }),
      select('model.cell', 'Cell', CELL_NAMES, CELL_INFO, { isRelevant: archIn('rnn') }),
      num('model.heads', 'Heads', '1', {
        hint: 'Attention heads; must divide the width.',
        isRelevant: archIn('transformer'),
      }),
      select('model.blockNorm', 'Block norm', BLOCK_NORMS, BLOCK_NORM_INFO, {
        isRelevant: archIn('transformer'),
      }),
      select('model.activation', 'Activation', ACTIVATION_NAMES, ACTIVATION_INFO, {
        // A GRU has its own fixed nonlinearities (sigmoid gates, tanh candidate).
        isRelevant: (d) => !(archOf(d) === 'rnn' && d['model.cell'] === 'gru'),
      }),
      bool('model.residual', 'Residual blocks', { isRelevant: archIn('mlp') }),
      bool('model.zeroInitResidual', 'Zero-init residual', {
        isRelevant: all(archIn('mlp'), (d) => d['model.residual'] === 'true'),
      }),
      select('model.init', 'Initialization', INIT_NAMES, INIT_INFO),
      num('model.initStd', 'Init std', '0.01', { isRelevant: (d) => d['model.init'] === 'normal' }),
    ],
  },
  {
    title: 'Normalization',
    fields: [
      select('model.norm', 'Normalization', NORM_NAMES, NORM_INFO, {
        optionsFor: (d) => NORM_OPTIONS[archOf(d)] ?? NORM_OPTIONS.mlp,
      }),
      select('model.normPlacement', 'Placement', NORM_PLACEMENTS, NORM_PLACEMENT_INFO, {
        // WeightNorm acts on the weights, so there is no activation to be before or after; the
        // recurrent cell and the Transformer block fix where their norms sit.
        isRelevant: all(
          archIn('mlp', 'cnn'),
          normIn('batch', 'layer', 'rms', 'group', 'instance', 'renorm'),
        ),
      }),
      bool('model.normFirstLayer', 'Normalize first layer', {
        isRelevant: all(archIn('mlp'), (d) => d['model.norm'] !== 'none'),
      }),
      num('model.normMomentum', 'Norm momentum', '0.01', {
        isRelevant: normIn('batch', 'renorm'),
      }),
      num('model.normEpsilon', 'Norm epsilon', 'any', {
        isRelevant: normIn('batch', 'layer', 'rms', 'group', 'instance', 'renorm'),
      }),
      num('model.groups', 'Groups', '1', {
        hint: (d) => (archOf(d) === 'cnn' ? 'Must divide the channels.' : 'Must divide the width.'),
        isRelevant: normIn('group'),
      }),
      num('model.renormRmax', 'Renorm rmax', '0.5', { isRelevant: normIn('renorm') }),
      num('model.renormDmax', 'Renorm dmax', '0.5', { isRelevant: normIn('renorm') }),
    ],
  },
  {
    title: 'Regularization',
    fields: [
      num('regularization.l2', 'L2', '0.0001', { hint: 'Penalty λ·Σw² on weights.' }),
      num('regularization.l1', 'L1', '0.0001'),
      num('regularization.dropout', 'Dropout', '0.05', {
        hint: 'Probability of zeroing a hidden unit.',
      }),
      bool('regularization.spatialDropout', 'Spatial dropout', {
        hint: 'Drop whole channels instead of single activations.',
        isRelevant: archIn('cnn'),
      }),
      num('regularization.noiseStd', 'Noise std', '0.05'),
      select('regularization.noiseAt', 'Noise at', NOISE_SITES, NOISE_SITE_INFO),
      num('regularization.labelSmoothing', 'Label smoothing', '0.05'),
    ],
  },
  {
    title: 'Constraints & clipping',
    isCollapsible: true,
    fields: [
      num('regularization.maxNorm', 'Max-norm', '0.5'),
      num('regularization.clipNorm', 'Clip norm', '0.5'),
      num('regularization.agc', 'AGC', '0.01'),
    ],
  },
  {
    title: 'Penalty shaping',
    isCollapsible: true,
    fields: [
      select(
        'regularization.penaltyScaling',
        'Penalty scaling',
        PENALTY_SCALINGS,
        PENALTY_SCALING_INFO,
      ),
      select('regularization.depthProfile', 'Depth profile', DEPTH_PROFILES, DEPTH_PROFILE_INFO),
      num('regularization.warmupSteps', 'Penalty warm-up steps', '100'),
      select(
        'regularization.warmupShape',
        'Penalty warm-up shape',
        WARMUP_SHAPES,
        WARMUP_SHAPE_INFO,
      ),
      bool('regularization.penalizeBiasAndNorm', 'Penalize bias & norm gains'),
    ],
  },
  {
    title: 'Optimization',
    fields: [
      select('optimizer.name', 'Optimizer', OPTIMIZER_NAMES, OPTIMIZER_INFO),
      num('optimizer.lr', 'Learning rate', '0.001', {
        hint: 'Absurd values are allowed: watch it diverge.',
      }),
      num('optimizer.momentum', 'Momentum', '0.01', {
        isRelevant: optimizerIn('momentum', 'rmsprop'),
      }),
      bool('optimizer.nesterov', 'Nesterov', { isRelevant: optimizerIn('momentum') }),
      num('optimizer.beta1', 'Beta1', '0.01', { isRelevant: optimizerIn('adam', 'adamw') }),
      num('optimizer.beta2', 'Beta2', '0.001', { isRelevant: optimizerIn('adam', 'adamw') }),
      num('optimizer.rho', 'Rho', '0.01', { isRelevant: optimizerIn('rmsprop') }),
      num('optimizer.epsilon', 'Epsilon', 'any', {
        isRelevant: optimizerIn('adam', 'adamw', 'rmsprop'),
      }),
      // Plain Adam refuses decoupled decay; its error still shows the field (see `isFieldShown`).
      num('optimizer.weightDecay', 'Weight decay', '0.001', {
        hint: 'Decoupled: w ← w − lr·wd·w.',
        isRelevant: optimizerIn('sgd', 'momentum', 'adamw', 'rmsprop'),
      }),
    ],
  },
  {
    title: 'Learning-rate schedule',
    isCollapsible: true,
    fields: [
      num('optimizer.warmupSteps', 'LR warm-up steps', '100'),
      select('optimizer.schedule', 'LR schedule', LR_SCHEDULES, LR_SCHEDULE_INFO),
      num('optimizer.minLrFraction', 'Min LR fraction', '0.05', {
        isRelevant: (d) => d['optimizer.schedule'] === 'cosine',
      }),
    ],
  },
  {
    title: 'Training',
    fields: [
      num('training.batchSize', 'Batch size', '1'),
      num('training.steps', 'Steps', '100', { hint: 'Optimizer steps in the run.' }),
      num('training.recordEvery', 'Record every', '1', { hint: 'Steps between chart records.' }),
      num('seed', 'Seed', '1', { hint: 'Seeds data, initialization and dropout.' }),
    ],
  },
  {
    title: 'Diagnostics',
    isCollapsible: true,
    fields: [
      bool('diagnostics.monitor', 'Health monitor', {
        hint: 'Flags NaN, exploding or vanishing gradients, dead units, spikes (Events tab).',
      }),
      bool('diagnostics.layerStats', 'Layer statistics', {
        hint: 'Update/weight ratio, activation mean and std, dead and saturated units.',
      }),
      bool('diagnostics.gradHistograms', 'Gradient histograms', {
        hint: 'log₁₀|g| of every layer over time (Layers tab).',
      }),
      bool('diagnostics.calibration', 'Calibration', {
        hint: 'ECE and reliability diagram on the validation set.',
      }),
      num('diagnostics.sharpnessEvery', 'Sharpness every', '10', {
        hint: 'Steps between top-Hessian-eigenvalue measurements; 0 = off.',
      }),
      num('diagnostics.sharpnessIterations', 'Sharpness iterations', '1', {
        hint: 'Power iterations per measurement (two gradients each).',
        isRelevant: isSharpnessOn,
      }),
      num('diagnostics.sharpnessBatch', 'Sharpness batch', '32', {
        hint: 'The first this many training examples, the same every time.',
        isRelevant: isSharpnessOn,
      }),
    ],
  },
  {
    title: 'Adaptive stabilization',
    isCollapsible: true,
    fields: [
      bool('adaptive.clip', 'Adaptive clipping', {
        hint: 'Clip the gradient norm at a percentile of its recent values.',
      }),
      num('adaptive.clipPercentile', 'Clip percentile', '5', { isRelevant: isOn('adaptive.clip') }),
      num('adaptive.clipWindow', 'Clip window', '10', {
        hint: 'Recent steps the percentile is taken over.',
        isRelevant: isOn('adaptive.clip'),
      }),
      bool('adaptive.decayControl', 'Decay controller', {
        hint: 'Steers the L2 penalty to hold the validation − training gap.',
      }),
      num('adaptive.gapTarget', 'Gap target', '0.05', {
        hint: 'Validation − training loss to aim for.',
        isRelevant: isOn('adaptive.decayControl'),
      }),
      bool('adaptive.lrBackoff', 'LR back-off', {
        hint: 'Cuts the learning rate when the loss spikes.',
      }),
      num('adaptive.spikeFactor', 'Spike factor', '0.1', {
        hint: 'A spike: loss above this × its running average.',
        isRelevant: isOn('adaptive.lrBackoff'),
      }),
      num('adaptive.backoffFactor', 'Back-off factor', '0.05', {
        hint: 'Each back-off multiplies the learning rate by this.',
        isRelevant: isOn('adaptive.lrBackoff'),
      }),
      bool('adaptive.rewind', 'Rewind on NaN', {
        hint: 'Restore the last finite weights and cut the learning rate.',
      }),
    ],
  },
];

export const FIELDS: Field[] = FIELD_GROUPS.flatMap((g) => g.fields);
