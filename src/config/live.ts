/**
 * Which config changes apply to a running model and which need new weights. Shared by the worker
 * (which acts on it) and the UI (which asks before a change that would reset the run).
 */
import type { ExperimentConfig } from './schema';

/** Config sections or fields whose change needs a new model (fresh weights and optimizer state). */
export const REBUILD_FIELDS = ['seed', 'dataset', 'model', 'optimizer.name'] as const;

function rebuildKey(c: ExperimentConfig): string {
  return JSON.stringify([c.seed, c.dataset, c.model, c.optimizer.name]);
}

/** True when going from `a` to `b` changes the data, the architecture, the seed or the optimizer. */
export function needsRebuild(a: ExperimentConfig, b: ExperimentConfig): boolean {
  return rebuildKey(a) !== rebuildKey(b);
}
