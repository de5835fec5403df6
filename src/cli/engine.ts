/**
 * The engine as the CLI commands use it, imported on first use: tfjs takes seconds to load, and
 * --help or a bad file should not wait for it.
 */
import type { ArchName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import type { NodeBackend } from '../engine/node-backend';
import type { RunCallbacks, RunEnv, RunResult } from '../engine/run';

export interface CliEngine {
  backend: NodeBackend;
  /** Why `arch` cannot train on this backend (a line for stderr), or null when it can. */
  unsupported(arch: ArchName): string | null;
  /** Loads the config's data (image sets from disk) and trains it. */
  train(config: ExperimentConfig, cb: RunCallbacks): Promise<RunResult>;
  env(): RunEnv;
}

export async function startEngine(
  name: NodeBackend | 'auto',
  say: (line: string) => void,
): Promise<CliEngine> {
  const { startBackend } = await import('../engine/node-backend');
  const { runExperiment, runEnv } = await import('../engine/run');
  const { missingKernels } = await import('../engine/models');
  const { loadDataset } = await import('../engine/loadData');
  const { diskSource } = await import('./dataFiles');
  const backend = await startBackend(name, say);
  const platform = `node ${process.version} (${process.platform})`;
  const source = diskSource();
  return {
    backend,
    unsupported(arch) {
      const missing = missingKernels(arch, backend);
      if (missing.length === 0) return null;
      return (
        `error: model.arch "${arch}" cannot train on --backend ${backend} ` +
        `(missing kernels: ${missing.join(', ')}); use --backend cpu`
      );
    },
    async train(config, cb) {
      return runExperiment(config, platform, cb, await loadDataset(config, source));
    },
    env: () => runEnv(platform),
  };
}
