/**
 * The three models the benchmark trains, as lab configs built from the app's own presets, so the
 * bench measures what a person gets by picking "spiral" or "MNIST" in the lab. Shared by the Node
 * side and the bench page (no DOM, no Node APIs).
 */
import { withArch, withDataset } from '../../src/config/presets';
import { defaultConfig, mustParseConfig, type ConfigInput, type ExperimentConfig } from '../../src/config/schema';

export const WORKLOAD_IDS = ['spiral-mlp', 'mlp-6x256', 'mnist-cnn'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export const WORKLOAD_LABELS: Record<WorkloadId, string> = {
  'spiral-mlp': 'spiral MLP 4×16 tanh',
  'mlp-6x256': 'MNIST MLP 6×256 relu',
  'mnist-cnn': 'MNIST CNN 3×16 BN',
};

export interface Workload {
  id: WorkloadId;
  label: string;
  config: ExperimentConfig;
}

/** Every diagnostic switched off: what remains is loss, accuracy and gradient norms per record. */
export const DIAGNOSTICS_OFF: NonNullable<ConfigInput['diagnostics']> = {
  layerStats: false,
  gradHistograms: false,
  calibration: false,
  sharpnessEvery: 0,
  monitor: false,
};

/** Runs never end inside a benchmark: the loop is timed in windows, not run to completion. */
const ENDLESS = 1_000_000;

function endless(c: ExperimentConfig): ExperimentConfig {
  return mustParseConfig({ ...c, training: { ...c.training, steps: ENDLESS } });
}

export function workload(id: WorkloadId): Workload {
  const base = defaultConfig();
  switch (id) {
    case 'spiral-mlp':
      // The lab's default: 4×16 tanh MLP on 600 spiral points, batch 32, a record every 20 steps.
      return { id, label: WORKLOAD_LABELS[id], config: endless(base) };
    case 'mlp-6x256': {
      // The MNIST preset with a plain MLP instead of the CNN (withArch keeps the CNN's BatchNorm,
      // which tfjs-layers' dense twin would not have): the "big dense" case.
      const c = withArch(withDataset(base, 'mnist'), 'mlp');
      const config = endless({ ...c, model: { ...c.model, depth: 6, width: 256, activation: 'relu', norm: 'none' } });
      return { id, label: WORKLOAD_LABELS[id], config };
    }
    case 'mnist-cnn':
      // The lab's MNIST preset: 3 conv layers of 16 channels, BatchNorm, max-pool, Adam.
      return { id, label: WORKLOAD_LABELS[id], config: endless(withDataset(base, 'mnist')) };
  }
}

export function withDiagnosticsOff(c: ExperimentConfig): ExperimentConfig {
  return mustParseConfig({ ...c, diagnostics: { ...c.diagnostics, ...DIAGNOSTICS_OFF } });
}

/** Steps after which the loop's cost pattern repeats: records and sharpness measurements. */
export function costPeriod(c: ExperimentConfig): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const r = c.training.recordEvery;
  const s = c.diagnostics.sharpnessEvery;
  return s > 0 ? (r * s) / gcd(r, s) : r;
}

/** One line describing the workload's shape, for the report. */
export function describe(w: Workload): string {
  const c = w.config;
  const m = c.model;
  const shape = m.arch === 'cnn' ? `${m.depth} conv × ${m.channels} ch, ${m.norm} norm` : `${m.depth}×${m.width} ${m.activation}`;
  return (
    `${c.dataset.name} (${c.dataset.size} examples), ${m.arch} ${shape}, ${c.optimizer.name} lr ${c.optimizer.lr}, ` +
    `batch ${c.training.batchSize}, record every ${c.training.recordEvery}`
  );
}
