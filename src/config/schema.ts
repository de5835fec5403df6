/**
 * The one experiment config. The URL, the UI form, the worker, export files and the CLI all read
 * and write this object, so it lives here, below every layer, and imports nothing but zod.
 * Every field has a default: a partial config is completed by `parseConfig`.
 */
import { z } from 'zod';
import {
  ACTIVATION_NAMES,
  ARCH_NAMES,
  DATASET_NAMES,
  DEPTH_PROFILES,
  INIT_NAMES,
  LR_SCHEDULES,
  NOISE_SITES,
  NORM_NAMES,
  NORM_PLACEMENTS,
  OPTIMIZER_NAMES,
  PENALTY_SCALINGS,
  WARMUP_SHAPES,
} from './options';

/** Integer in [min, max] with a default; zod's messages already name the bound. */
const int = (min: number, max: number, dflt: number) => z.number().int().min(min).max(max).default(dflt);
const num = (min: number, max: number, dflt: number) => z.number().min(min).max(max).default(dflt);

export const datasetSchema = z
  .strictObject({
    /** Which seeded 2-D point set to learn. */
    name: z.enum(DATASET_NAMES).default('spiral'),
    /** Standard deviation of Gaussian jitter added to each point, in input units. */
    noise: num(0, 2, 0.1),
    /** Number of points generated in total (train + validation). */
    size: int(40, 20000, 600),
    /** Fraction of the points held out for validation. */
    valFraction: num(0.05, 0.9, 0.3),
  })
  .prefault({});

export const modelSchema = z
  .strictObject({
    arch: z.enum(ARCH_NAMES).default('mlp'),
    /** Number of hidden layers. */
    depth: int(1, 64, 4),
    /** Units per hidden layer. */
    width: int(1, 512, 16),
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
    recordEvery: int(1, 10_000, 10),
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
  })
  .superRefine((c, ctx) => {
    // Rules that involve two fields; each names the field to change.
    if (c.model.norm === 'group' && c.model.width % c.model.groups !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['model', 'groups'],
        message: `GroupNorm needs groups to divide the width (${c.model.width} is not divisible by ${c.model.groups})`,
      });
    }
    if (c.optimizer.name === 'adam' && c.optimizer.weightDecay > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['optimizer', 'weightDecay'],
        message:
          'decoupled weight decay needs optimizer "adamw" (with "adam", use regularization.l2 for the coupled form)',
      });
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
