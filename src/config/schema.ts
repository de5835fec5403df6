/**
 * The one experiment config. The URL, the UI form, the worker, export files and the CLI all read
 * and write this object, so it lives here, below every layer, and imports nothing but zod.
 * Every field has a default: a partial config is completed by `parseConfig`.
 */
import { z } from 'zod';
import {
  ACTIVATION_NAMES,
  ARCH_DATA,
  ARCH_NAMES,
  ARCH_NORMS,
  BLOCK_NORMS,
  CELL_NAMES,
  DATASET_KIND,
  DATASET_NAMES,
  DEPTH_PROFILES,
  INIT_NAMES,
  LR_SCHEDULES,
  NOISE_SITES,
  NORM_NAMES,
  NORM_PLACEMENTS,
  OPTIMIZER_NAMES,
  PENALTY_SCALINGS,
  POOL_NAMES,
  WARMUP_SHAPES,
} from './options';

/** Integer in [min, max] with a default; zod's messages already name the bound. */
const int = (min: number, max: number, dflt: number) => z.number().int().min(min).max(max).default(dflt);
const num = (min: number, max: number, dflt: number) => z.number().min(min).max(max).default(dflt);

export const datasetSchema = z
  .strictObject({
    /** Which data to learn: a seeded 2-D point set, a shipped image set or a seeded sequence task. */
    name: z.enum(DATASET_NAMES).default('spiral'),
    /**
     * Standard deviation of Gaussian jitter added to each point, in input units; for images, to
     * each pixel (pixels are in [0, 1]); sequences ignore it.
     */
    noise: num(0, 2, 0.1),
    /** Number of examples in total (train + validation); image sets cap it at what is shipped. */
    size: int(40, 20000, 600),
    /** Sequence tasks: lengths are drawn uniformly from [minLength, maxLength]; shorter ones are padded. */
    minLength: int(1, 256, 4),
    maxLength: int(2, 256, 12),
    /** Fraction of the points held out for validation. */
    valFraction: num(0.05, 0.9, 0.3),
  })
  .prefault({});

export const modelSchema = z
  .strictObject({
    arch: z.enum(ARCH_NAMES).default('mlp'),
    /** Number of hidden layers (MLP), conv layers (CNN), stacked recurrent layers or Transformer blocks. */
    depth: int(1, 64, 4),
    /** Units per hidden layer (MLP), hidden-state size (RNN) or model width d (Transformer). */
    width: int(1, 512, 16),
    /** CNN: channels of every conv layer. */
    channels: int(1, 256, 16),
    /** CNN: square kernel side (odd, 'same' padding). */
    kernelSize: z.union([z.literal(1), z.literal(3), z.literal(5), z.literal(7)]).default(3),
    /** CNN: 2×2 pooling after each conv layer while the image is at least 4 pixels wide. */
    pool: z.enum(POOL_NAMES).default('max'),
    /** RNN: the recurrent cell. */
    cell: z.enum(CELL_NAMES).default('gru'),
    /** Transformer: attention heads; must divide the width. */
    heads: int(1, 16, 2),
    /** Transformer: where each block normalizes (pre-LN or post-LN); `norm: none` removes the norms. */
    blockNorm: z.enum(BLOCK_NORMS).default('pre'),
    activation: z.enum(ACTIVATION_NAMES).default('tanh'),
    /** Normalization of each hidden layer (WeightNorm reparameterizes the weights instead). */
    norm: z.enum(NORM_NAMES).default('none'),
    /**
     * Normalize the first hidden layer too. Off by default: on a 2-D input, LayerNorm/RMSNorm of
     * the first layer divide out the input's magnitude (the spiral's radius), so the network
     * would see only the direction of each point.
     */
    normFirstLayer: z.boolean().default(false),
    /** Normalize the linear output before the activation (classic) or the activation's output. */
    normPlacement: z.enum(NORM_PLACEMENTS).default('before'),
    /** BatchNorm / Batch Renorm running-average momentum. */
    normMomentum: num(0, 0.9999, 0.99),
    /** ε added to the variance (or mean square) before the square root. */
    normEpsilon: num(1e-8, 1, 1e-3),
    /** GroupNorm: number of groups; must divide the width. */
    groups: int(1, 512, 4),
    /** Batch Renorm: clip bounds of the correction factors r ∈ [1/rmax, rmax] and d ∈ [−dmax, dmax]. */
    renormRmax: num(1, 100, 3),
    renormDmax: num(0, 100, 5),
    /**
     * Residual MLP: after the first layer, each hidden layer is a pre-norm block
     * h ← h + W·act(norm(h)) + b, so the identity path carries signal and gradient through depth.
     */
    residual: z.boolean().default(false),
    /** Weight initialization; `auto` is He for ReLU-like activations and Glorot otherwise. */
    init: z.enum(INIT_NAMES).default('auto'),
    /** Standard deviation for `init: "normal"`. */
    initStd: num(1e-6, 10, 0.01),
    /** Start every residual block's weights at zero, so each block begins as the identity. */
    zeroInitResidual: z.boolean().default(false),
  })
  .prefault({});

export const regularizationSchema = z
  .strictObject({
    /** Coupled L2 penalty λ·Σw² added to the loss; its gradient passes through the optimizer. */
    l2: num(0, 10, 0),
    /** L1 penalty λ·Σ|w| added to the loss (pushes weights to exactly zero). */
    l1: num(0, 10, 0),
    /** Probability of zeroing a hidden unit while training (inverted dropout). */
    dropout: num(0, 0.95, 0),
    /** CNN: drop whole channels (the same mask over every pixel) instead of single activations. */
    spatialDropout: z.boolean().default(false),
    /** Standard deviation of Gaussian noise added while training (0 = off). */
    noiseStd: num(0, 10, 0),
    /** Where the noise goes: on the inputs or on every hidden activation. */
    noiseAt: z.enum(NOISE_SITES).default('input'),
    /** Label smoothing ε: targets become (1−ε)·one-hot + ε/K. */
    labelSmoothing: num(0, 0.5, 0),
    /** Max-norm constraint: each unit's incoming weight vector is rescaled to norm ≤ c (0 = off). */
    maxNorm: num(0, 1e3, 0),
    /** Clip the global gradient norm to this value (0 = off). */
    clipNorm: num(0, 1e6, 0),
    /** Adaptive gradient clipping factor λ: per unit, ‖g‖ ≤ λ·max(‖w‖, 1e-3) (0 = off). */
    agc: num(0, 100, 0),
    /** Per-layer penalty strength: the same everywhere, or proportional to the layer's fan-in. */
    penaltyScaling: z.enum(PENALTY_SCALINGS).default('uniform'),
    /** Per-layer penalty strength over depth: flat, growing with depth, or shrinking with depth. */
    depthProfile: z.enum(DEPTH_PROFILES).default('uniform'),
    /** Penalty warm-up: strengths ramp from 0 to their value over this many steps (0 = off). */
    warmupSteps: int(0, 1_000_000, 0),
    warmupShape: z.enum(WARMUP_SHAPES).default('linear'),
    /** Also penalize and decay biases and normalization gains (off by default, as is usual). */
    penalizeBiasAndNorm: z.boolean().default(false),
  })
  .prefault({});

export const optimizerSchema = z
  .strictObject({
    name: z.enum(OPTIMIZER_NAMES).default('adam'),
    /** Learning rate. Absurd values are allowed on purpose: divergence is something to see. */
    lr: z.number().gt(0).max(1e6).default(0.01),
    /** Momentum β for `momentum` and `rmsprop` (velocity); Adam's β₁ is `beta1`. */
    momentum: num(0, 0.9999, 0.9),
    /** Nesterov look-ahead for `momentum`. */
    nesterov: z.boolean().default(false),
    beta1: num(0, 0.9999, 0.9),
    beta2: num(0, 0.99999, 0.999),
    /** RMSProp decay ρ of the squared-gradient average. */
    rho: num(0, 0.9999, 0.9),
    /** ε in Adam/RMSProp denominators, explicit because WebGL would otherwise lower it to 1e-4. */
    epsilon: num(1e-12, 1, 1e-7),
    /**
     * Decoupled weight decay (SGDW / AdamW style): w ← w − lr·wd·w after the update, outside the
     * gradient. Not allowed with `adam`, whose decay would be coupled: use `adamw`, or regularization.l2.
     */
    weightDecay: num(0, 10, 0),
    /** Learning-rate warm-up: linear ramp from 0 over this many steps (0 = off). */
    warmupSteps: int(0, 1_000_000, 0),
    /** After warm-up: constant, or cosine decay to `minLrFraction`·lr at the last step. */
    schedule: z.enum(LR_SCHEDULES).default('constant'),
    minLrFraction: num(0, 1, 0),
  })
  .prefault({});

export const trainingSchema = z
  .strictObject({
    /** Optimizer steps in a run. */
    steps: int(1, 1_000_000, 500),
    batchSize: int(1, 4096, 32),
    /** A history record (loss, accuracy, gradient norms, histograms) is taken every this many steps. */
    recordEvery: int(1, 10_000, 20),
  })
  .prefault({});

/**
 * What the lab measures beyond loss, and how often. Everything here applies live and can be
 * switched off; the cost of the defaults is measured by `npm run bench`.
 */
export const diagnosticsSchema = z
  .strictObject({
    /**
     * Per layer on every record: update/weight ratio ‖Δw‖/‖w‖, activation mean and std, dead units
     * (constant over the whole batch, e.g. a ReLU that is zero on every example) and saturated
     * values (a tanh/sigmoid output within 1% of its limits).
     */
    layerStats: z.boolean().default(true),
    /** Histogram of each layer's gradient magnitudes (log₁₀|g|) on every record, drawn over time. */
    gradHistograms: z.boolean().default(true),
    /** Expected calibration error and a reliability diagram on the validation set. */
    calibration: z.boolean().default(true),
    /**
     * Top Hessian eigenvalue ("sharpness") by power iteration on finite-difference Hessian-vector
     * products every this many steps, on a fixed training batch (0 = off).
     */
    sharpnessEvery: int(0, 1_000_000, 0),
    /**
     * Power iterations per measurement, each two gradient evaluations. Each measurement starts from
     * the previous eigenvector, so a few suffice; the first (cold) one runs three times as many.
     */
    sharpnessIterations: int(1, 100, 3),
    /** The fixed batch the Hessian is taken on: the first this many training examples. */
    sharpnessBatch: int(1, 20000, 64),
    /** Health monitor: rules that flag exploding/vanishing gradients, NaN, dead units, spikes… */
    monitor: z.boolean().default(true),
  })
  .prefault({});

/** Opt-in controllers that change training while it runs; every action is logged as an event. */
export const adaptiveSchema = z
  .strictObject({
    /** Clip the global gradient norm at a running percentile of its own recent values. */
    clip: z.boolean().default(false),
    /** Which percentile of the recent global gradient norms is the clipping threshold. */
    clipPercentile: num(50, 100, 90),
    /** How many recent steps the percentile is taken over (no clipping until the window is full). */
    clipWindow: int(10, 1000, 50),
    /** Raise the L2 penalty while validation − training loss is above `gapTarget`, lower it below. */
    decayControl: z.boolean().default(false),
    /** Generalization gap (validation − training loss) the decay controller aims for. */
    gapTarget: num(0, 10, 0.1),
    /** Cut the learning rate when the training loss spikes above `spikeFactor` × its running average. */
    lrBackoff: z.boolean().default(false),
    spikeFactor: num(1.05, 100, 1.5),
    /** Each back-off multiplies the learning rate by this. */
    backoffFactor: num(0.01, 0.99, 0.5),
    /** On a non-finite loss, restore the last finite checkpoint and cut the learning rate. */
    rewind: z.boolean().default(false),
  })
  .prefault({});

export const configSchema = z
  .strictObject({
    /** Seeds data, initialization and dropout masks. 0 is avoided because tfjs treats it as "no seed". */
    seed: int(1, 2 ** 31 - 1, 1),
    dataset: datasetSchema,
    model: modelSchema,
    regularization: regularizationSchema,
    optimizer: optimizerSchema,
    training: trainingSchema,
    diagnostics: diagnosticsSchema,
    adaptive: adaptiveSchema,
  })
  .superRefine((c, ctx) => {
    // Rules that involve two fields; each names the field to change.
    const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const { arch, norm } = c.model;
    const kind = DATASET_KIND[c.dataset.name];
    if (!ARCH_DATA[arch].includes(kind)) {
      issue(['model', 'arch'], `architecture "${arch}" cannot read ${kind} ("${c.dataset.name}"); it takes ${ARCH_DATA[arch].join(' or ')}`);
    }
    if (!ARCH_NORMS[arch].includes(norm)) {
      issue(['model', 'norm'], `normalization "${norm}" is not available for "${arch}"; choose one of ${ARCH_NORMS[arch].join(', ')}`);
    }
    const units = arch === 'cnn' ? c.model.channels : c.model.width;
    if (norm === 'group' && units % c.model.groups !== 0) {
      const what = arch === 'cnn' ? 'channels' : 'width';
      issue(['model', 'groups'], `GroupNorm needs groups to divide the ${what} (${units} is not divisible by ${c.model.groups})`);
    }
    if (arch === 'transformer' && c.model.width % c.model.heads !== 0) {
      issue(['model', 'heads'], `heads must divide the width (${c.model.width} is not divisible by ${c.model.heads})`);
    }
    if (kind === 'sequences' && c.dataset.minLength > c.dataset.maxLength) {
      issue(['dataset', 'minLength'], `minLength (${c.dataset.minLength}) is larger than maxLength (${c.dataset.maxLength})`);
    }
    if (c.dataset.name === 'adding' && c.dataset.minLength < 2) {
      issue(['dataset', 'minLength'], 'the adding problem needs sequences of at least 2 tokens (two are marked)');
    }
    if (c.optimizer.name === 'adam' && c.optimizer.weightDecay > 0) {
      issue(
        ['optimizer', 'weightDecay'],
        'decoupled weight decay needs optimizer "adamw" (with "adam", use regularization.l2 for the coupled form)',
      );
    }
  });

export type ExperimentConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** One bad field: a dotted path such as `model.depth` and a sentence a person can act on. */
export interface FieldError {
  path: string;
  message: string;
}

export type ParseResult =
  | { ok: true; config: ExperimentConfig }
  | { ok: false; errors: FieldError[] };

function describeIssue(issue: z.core.$ZodIssue): FieldError[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    // One entry per key so a form or CLI can point at each.
    return issue.keys.map((k) => {
      const full = path ? `${path}.${k}` : k;
      return { path: full, message: `unknown key "${full}"` };
    });
  }
  const where = path || '(config)';
  return [{ path: where, message: `${where}: ${issue.message}` }];
}

/** Validates and completes a (partial) config. Reports every bad field, never throws. */
export function parseConfig(input: unknown): ParseResult {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.flatMap(describeIssue) };
}

/** The config with every default filled in. */
export function defaultConfig(): ExperimentConfig {
  return configSchema.parse({});
}

/** Parse or throw an Error whose message lists every bad field (for callers that cannot recover). */
export function mustParseConfig(input: unknown): ExperimentConfig {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(`Invalid config:\n  ${r.errors.map((e) => e.message).join('\n  ')}`);
  return r.config;
}
