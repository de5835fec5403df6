/**
 * A sweep: one base config and one or two axes, each a config field and the values to try. Every
 * combination (× every seed) is one run. `planSweep` validates the whole grid before anything
 * runs, naming the bad axis or value, and returns each run's complete config.
 */
import { z } from 'zod';
import { configSchema, defaultConfig, parseConfig, type ExperimentConfig } from './schema';

export const MAX_AXES = 2;
export const MAX_VALUES = 20;
export const MAX_SEEDS = 20;

/** Invalid combinations listed before "… and N more". */
const MAX_COMBINATION_ERRORS = 10;

const FIELD_PATH = /^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/;

export type AxisValue = number | string | boolean;

const axisSchema = z.strictObject({
  /** Dotted config field, e.g. `regularization.l2`. */
  path: z.string().regex(FIELD_PATH, 'must be a dotted config field such as "regularization.l2"'),
  values: z
    .array(z.union([z.number(), z.string(), z.boolean()]))
    .min(1)
    .max(MAX_VALUES),
});

export const sweepSchema = z.strictObject({
  /** A partial config, completed with defaults like any config file. */
  base: z.record(z.string(), z.unknown()).default({}),
  axes: z.array(axisSchema).min(1).max(MAX_AXES),
  /** Seeds every combination runs with (default: the base config's seed). `--seeds` replaces it. */
  seeds: z.array(z.number().int()).min(1).max(MAX_SEEDS).optional(),
});

export type SweepSpec = z.infer<typeof sweepSchema>;
export type SweepAxis = SweepSpec['axes'][number];

export interface PlannedRun {
  /** Index of the combination (row-major over the axes); runs of one cell share it. */
  cell: number;
  /** Axis path → value of this combination, in axis order. */
  values: Record<string, AxisValue>;
  seed: number;
  config: ExperimentConfig;
}

export interface SweepPlan {
  /** The spec as run: seeds always filled in, so the output can be run again as a sweep file. */
  spec: SweepSpec & { seeds: number[] };
  /** Combinations in row-major order (last axis fastest), each a list of value indices. */
  cells: number[][];
  /** cells × seeds, seeds fastest. */
  runs: PlannedRun[];
}

export type PlanResult = { ok: true; plan: SweepPlan } | { ok: false; errors: string[] };

const show = (v: unknown) => JSON.stringify(v);

/** `base` with `path` set to `value`, the base left untouched. */
function withField(
  base: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const out = structuredClone(base);
  const keys = path.split('.');
  let node = out;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    // A non-object here makes the base itself invalid, which is reported first.
    node = (node[key] = typeof next === 'object' && next !== null ? next : {}) as Record<
      string,
      unknown
    >;
  }
  node[keys.at(-1)!] = value;
  return out;
}

/** Why `path` is not a field a sweep can vary, or null. Defaults hold every field. */
function pathProblem(path: string): string | null {
  if (path === 'seed') return 'seeds are swept with "seeds" (or --seeds), not as an axis';
  let node: unknown = defaultConfig();
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key))
      return `"${path}" is not a config field`;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'object' && node !== null)
    return `"${path}" is a section; name one of its fields (e.g. "${path}.${Object.keys(node)[0]}")`;
  return null;
}

/**
 * A value's own errors (type, range, choice), leaving out the rules between fields: those depend
 * on the other axis (norm "group" may need the groups of another axis) and are checked per
 * combination.
 */
function fieldErrors(input: unknown): string[] {
  const r = configSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues
    .filter((i) => i.code !== 'custom')
    .map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

/** `axes[1].values: Too big: …`, `unknown key "extra"`. */
function describeSpecIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    return `${where ? `${where}: ` : ''}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(show).join(', ')}`;
  }
  return `${where || '(sweep)'}: ${issue.message}`;
}

function product(sizes: number[]): number[][] {
  return sizes.reduce<number[][]>(
    (acc, n) => acc.flatMap((prefix) => Array.from({ length: n }, (_, i) => [...prefix, i])),
    [[]],
  );
}

/**
 * Validates a sweep file's JSON and builds every run's config. Errors name the place to fix:
 * `axes[1].path`, `axes[1].values[2]`, a combination, `base.model.foo` or a seed.
 */
export function planSweep(input: unknown, seedsOverride: number[] | null = null): PlanResult {
  const parsed = sweepSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map(describeSpecIssue) };
  }
  const { base, axes } = parsed.data;

  const baseParsed = parseConfig(base);
  if (!baseParsed.ok)
    return { ok: false, errors: baseParsed.errors.map((e) => `base: ${e.message}`) };
  const seeds = seedsOverride ?? parsed.data.seeds ?? [baseParsed.config.seed];
  const seedWhere = seedsOverride ? '--seeds' : 'seeds';

  const errors: string[] = [];
  const dup = (xs: unknown[]) =>
    xs.findIndex((x, i) => xs.findIndex((y) => show(y) === show(x)) !== i);
  if (axes.length === 2 && axes[0]!.path === axes[1]!.path)
    errors.push(`axes[1].path: "${axes[1]!.path}" is already axes[0]`);
  axes.forEach((axis, a) => {
    const problem = pathProblem(axis.path);
    if (problem) return errors.push(`axes[${a}].path: ${problem}`);
    const d = dup(axis.values);
    if (d >= 0) errors.push(`axes[${a}].values[${d}]: ${show(axis.values[d])} is listed twice`);
    axis.values.forEach((value, v) => {
      errors.push(
        ...fieldErrors(withField(base, axis.path, value)).map(
          (e) => `axes[${a}].values[${v}] = ${show(value)}: ${e}`,
        ),
      );
    });
  });
  const d = dup(seeds);
  if (d >= 0) errors.push(`${seedWhere}: seed ${seeds[d]} is listed twice`);
  for (const seed of seeds) {
    const r = parseConfig({ ...base, seed });
    if (!r.ok) errors.push(...r.errors.map((e) => `${seedWhere}: ${seed}: ${e.message}`));
  }
  if (errors.length > 0) return { ok: false, errors };

  // Each value passed alone; a combination can still break a rule between two fields.
  const cells = product(axes.map((a) => a.values.length));
  const runs: PlannedRun[] = [];
  cells.forEach((indices, cell) => {
    const values = Object.fromEntries(indices.map((v, a) => [axes[a]!.path, axes[a]!.values[v]!]));
    const r = parseConfig(
      Object.entries(values).reduce((cfg, [path, value]) => withField(cfg, path, value), base),
    );
    if (!r.ok) {
      const where = indices.map((v, a) => `axes[${a}].values[${v}]`).join(' × ');
      errors.push(...r.errors.map((e) => `${where} (${cellLabel(values)}): ${e.message}`));
      return;
    }
    // The seed takes part in no rule between fields, and each seed was checked above.
    for (const seed of seeds) runs.push({ cell, values, seed, config: { ...r.config, seed } });
  });
  if (errors.length > MAX_COMBINATION_ERRORS) {
    const more = errors.length - MAX_COMBINATION_ERRORS;
    return {
      ok: false,
      errors: [...errors.slice(0, MAX_COMBINATION_ERRORS), `… and ${more} more`],
    };
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, plan: { spec: { base, axes, seeds }, cells, runs } };
}

/** `regularization.l2=0.001 model.norm=layer` */
export function cellLabel(values: Record<string, AxisValue>): string {
  return Object.entries(values)
    .map(([path, v]) => `${path}=${typeof v === 'string' ? v : show(v)}`)
    .join(' ');
}
