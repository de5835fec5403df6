/**
 * The one entry point for data: generated sets are built on the spot, image sets are read through
 * a `FileSource` (fetch in the worker, the file system in the CLI) with progress.
 */
import { DATASET_KIND } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import { makeDataset, type Dataset } from './datasets';
import { loadImageDataset, type FileSource } from './images';

export type { FileSource };

export async function loadDataset(
  config: Pick<ExperimentConfig, 'seed' | 'dataset'>,
  source: FileSource | null,
  onProgress?: (fraction: number) => void,
): Promise<Dataset> {
  if (DATASET_KIND[config.dataset.name] !== 'images') return makeDataset(config);
  if (!source) throw new Error(`dataset.name: "${config.dataset.name}" needs its data file, and no file source was given`);
  return loadImageDataset(config, source, onProgress);
}
