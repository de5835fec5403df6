/**
 * The one experiment config. The URL, the UI form, the worker, export files and the CLI all read
 * and write this object, so it lives here, below every layer, and imports nothing but zod.
 * Every field has a default: a partial config is completed by `parseConfig`.
 */
import { z } from 'zod';
import {
  ACTIVATION_NAMES,
  DATASET_NAMES,
  NORM_NAMES,
  OPTIMIZER_NAMES,
  ARCH_NAMES,
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
    /** Normalization applied after each hidden linear layer, before its activation. */
    norm: z.enum(NORM_NAMES).default('none'),
  })
  .prefault({});

export const regularizationSchema = z
  .strictObject({
    /** Coupled L2 penalty λ·Σw² added to the loss (weights only, not biases or norm gains). */
    l2: num(0, 10, 0),
    /** Probability of zeroing a hidden unit while training (inverted dropout). */
    dropout: num(0, 0.95, 0),
  })
  .prefault({});

export const optimizerSchema = z
  .strictObject({
    name: z.enum(OPTIMIZER_NAMES).default('adam'),
    /** Learning rate. Absurd values are allowed on purpose: divergence is something to see. */
    lr: z.number().gt(0).max(1e6).default(0.01),
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

export const configSchema = z.strictObject({
  /** Seeds data, initialization and dropout masks. 0 is avoided because tfjs treats it as "no seed". */
  seed: int(1, 2 ** 31 - 1, 1),
  dataset: datasetSchema,
  model: modelSchema,
  regularization: regularizationSchema,
  optimizer: optimizerSchema,
  training: trainingSchema,
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
