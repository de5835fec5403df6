/**
 * Seed repeats and sweeps as worker jobs. A sweep is planned by the same `planSweep` the CLI uses,
 * so a grid the browser accepts is a grid the CLI accepts, with the same error messages.
 */
import {
  ACTIVATION_NAMES,
  NORM_NAMES,
  OPTIMIZER_NAMES,
} from '../../config/options';
import { defaultConfig, type ExperimentConfig } from '../../config/schema';
import { cellLabel, MAX_SEEDS, planSweep, type AxisValue } from '../../config/sweep';
import type { BatchJob, RunGroup } from '../../protocol';
import { defaultRunName } from '../runs/recorder';

/** A batch bigger than this would keep the lab busy for a long time; the form says so. */
export const MAX_BATCH_RUNS = 64;

export interface SweepField {
  path: string;
  label: string;
  /** Shown as the values box's placeholder: what a sensible set looks like. */
  example: string;
}

/** The settings worth sweeping from the form; the CLI accepts any config field. */
export const SWEEP_FIELDS: readonly SweepField[] = [
  { path: 'regularization.l2', label: 'L2 strength', example: '0, 0.0001, 0.001, 0.01' },
  { path: 'model.norm', label: 'Normalization', example: NORM_NAMES.slice(0, 4).join(', ') },
  { path: 'optimizer.lr', label: 'Learning rate', example: '0.001, 0.01, 0.1' },
  { path: 'regularization.dropout', label: 'Dropout rate', example: '0, 0.1, 0.3' },
  { path: 'model.depth', label: 'Depth (layers)', example: '2, 4, 8' },
  { path: 'model.width', label: 'Width (units)', example: '8, 16, 64' },
  { path: 'model.activation', label: 'Activation', example: ACTIVATION_NAMES.join(', ') },
  { path: 'model.residual', label: 'Residual connections', example: 'false, true' },
  { path: 'optimizer.name', label: 'Optimizer', example: OPTIMIZER_NAMES.join(', ') },
  { path: 'training.batchSize', label: 'Batch size', example: '8, 32, 128' },
  { path: 'regularization.labelSmoothing', label: 'Label smoothing', example: '0, 0.1' },
  { path: 'regularization.warmupSteps', label: 'Penalty warm-up steps', example: '0, 100' },
  { path: 'regularization.clipNorm', label: 'Gradient clip norm', example: '0, 1' },
];

export type PlanOutcome = { ok: true; jobs: BatchJob[] } | { ok: false; errors: string[] };

/** The default value at a dotted path (to know whether "0.1" means a number). */
function defaultAt(path: string): unknown {
  let node: unknown = defaultConfig();
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/**
 * "0, 1e-3, 0.01" → numbers for a numeric field, booleans for a switch, strings otherwise. A token
 * that does not parse is kept as text, so validation names it instead of silently dropping it.
 */
export function parseAxisValues(path: string, text: string): AxisValue[] {
  const kind = typeof defaultAt(path);
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((t) => {
      if (kind === 'number' && t !== '' && Number.isFinite(Number(t))) return Number(t);
      if (kind === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
      return t;
    });
}

/** `count` consecutive seeds starting at the config's own, so seed 1 of a repeat is the run you saw. */
export function seedsFrom(config: ExperimentConfig, count: number): number[] {
  return Array.from({ length: count }, (_, i) => config.seed + i);
}

export function seedRepeatJobs(config: ExperimentConfig, count: number, id: string): PlanOutcome {
  if (!Number.isInteger(count) || count < 2 || count > MAX_SEEDS)
    return { ok: false, errors: [`seeds: must be a whole number from 2 to ${MAX_SEEDS}`] };
  const seeds = seedsFrom(config, count);
  const label = `${count} seeds · ${defaultRunName(config).replace(/ · seed \d+$/, '')}`;
  return {
    ok: true,
    jobs: seeds.map((seed) => {
      const group: RunGroup = { id, kind: 'seeds', label, axes: [], cell: 0, valueIndex: [], seed, seeds };
      return { config: { ...config, seed }, name: `${label} · seed ${seed}`, group };
    }),
  };
}

export function sweepJobs(
  config: ExperimentConfig,
  axes: { path: string; values: AxisValue[] }[],
  seedCount: number,
  id: string,
): PlanOutcome {
  if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > MAX_SEEDS)
    return { ok: false, errors: [`seeds per cell: must be a whole number from 1 to ${MAX_SEEDS}`] };
  const seeds = seedsFrom(config, seedCount);
  const planned = planSweep({ base: config, axes, seeds });
  if (!planned.ok) return planned;
  const { plan } = planned;
  if (plan.runs.length > MAX_BATCH_RUNS)
    return {
      ok: false,
      errors: [`${plan.runs.length} runs is more than ${MAX_BATCH_RUNS}: use fewer values or seeds`],
    };
  const label = `${axes.map((a) => a.path).join(' × ')} · ${seedCount} seed${seedCount > 1 ? 's' : ''}`;
  return {
    ok: true,
    jobs: plan.runs.map((run) => {
      const group: RunGroup = {
        id,
        kind: 'sweep',
        label,
        axes: plan.spec.axes,
        cell: run.cell,
        valueIndex: plan.cells[run.cell]!,
        seed: run.seed,
        seeds,
      };
      return { config: run.config, name: `${cellLabel(run.values)} · seed ${run.seed}`, group };
    }),
  };
}
