/**
 * Sensible starting points when a person switches to a dataset or an architecture the current
 * settings do not fit (a 16-unit MLP on 600 MNIST images is not what anyone wants to see).
 * Pure config transforms, shared by the UI and the tests.
 */
import { ARCH_DATA, ARCH_NORMS, DATASET_KIND, type ArchName, type DataKind, type DatasetName } from './options';
import { mustParseConfig, type ExperimentConfig } from './schema';

type Section<K extends keyof ExperimentConfig> = Partial<ExperimentConfig[K]>;

interface Preset {
  dataset?: Section<'dataset'>;
  model?: Section<'model'>;
  optimizer?: Section<'optimizer'>;
  training?: Section<'training'>;
  regularization?: Section<'regularization'>;
}

/** Per kind of data: sizes and run lengths that train in a browser tab in about a minute or two. */
const KIND_PRESETS: Record<DataKind, Preset> = {
  points: { dataset: { size: 600, noise: 0.1 }, training: { steps: 500, batchSize: 32, recordEvery: 20 } },
  images: { dataset: { size: 6000, noise: 0, valFraction: 0.2 }, training: { steps: 600, batchSize: 32, recordEvery: 20 } },
  sequences: {
    dataset: { size: 2000, minLength: 4, maxLength: 12, valFraction: 0.2 },
    training: { steps: 600, batchSize: 32, recordEvery: 20 },
  },
};

/** Per architecture: a shape that learns its default data well. */
const ARCH_PRESETS: Record<ArchName, Preset> = {
  mlp: { model: { arch: 'mlp', depth: 4, width: 16, activation: 'tanh', norm: 'none', residual: false } },
  // examples/mnist-cnn.json: ≥ 95 % on the MNIST subset in 600 steps. Momentum 0.9 lets the running
  // statistics keep up with fast-moving weights: with 0.99, at step 300 the training-batch loss was
  // 0.30 while the evaluation-mode loss (running statistics) was 0.99, 67 % accuracy.
  cnn: {
    model: { arch: 'cnn', depth: 3, channels: 16, kernelSize: 3, pool: 'max', activation: 'relu', norm: 'batch', normMomentum: 0.9 },
    optimizer: { lr: 0.005, schedule: 'cosine' },
  },
  rnn: { model: { arch: 'rnn', cell: 'gru', depth: 1, width: 32, activation: 'tanh', norm: 'layer' } },
  transformer: {
    model: { arch: 'transformer', depth: 2, width: 32, heads: 2, blockNorm: 'pre', activation: 'gelu', norm: 'layer' },
    optimizer: { warmupSteps: 50 },
  },
};

const DEFAULT_ARCH: Record<DataKind, ArchName> = { points: 'mlp', images: 'cnn', sequences: 'transformer' };

/** Section-wise merge; validated once at the end, since half-way states may mix data and arch. */
function merge(c: ExperimentConfig, p: Preset): ExperimentConfig {
  return {
    ...c,
    dataset: { ...c.dataset, ...p.dataset },
    model: { ...c.model, ...p.model },
    optimizer: { ...c.optimizer, ...p.optimizer },
    training: { ...c.training, ...p.training },
    regularization: { ...c.regularization, ...p.regularization },
  };
}

/**
 * The config after choosing dataset `name`. Within the same kind of data only the name changes;
 * a new kind brings that kind's sizes and the architecture made for it.
 */
export function withDataset(c: ExperimentConfig, name: DatasetName): ExperimentConfig {
  const kind = DATASET_KIND[name];
  if (kind === DATASET_KIND[c.dataset.name]) return mustParseConfig({ ...c, dataset: { ...c.dataset, name } });
  // A new kind of data brings the architecture made for it (the MLP can read images, but a learner
  // who picks MNIST wants to see a CNN); switching back to the MLP afterwards keeps the images.
  const arch = DEFAULT_ARCH[kind];
  const next = merge({ ...c, dataset: { ...c.dataset, name } }, KIND_PRESETS[kind]);
  return mustParseConfig(arch === c.model.arch ? next : merge(next, ARCH_PRESETS[arch]));
}

/**
 * The config after choosing architecture `arch`: its preset shape, the norm kept when the new
 * architecture has it, and a dataset it can read when the current one does not fit.
 */
export function withArch(c: ExperimentConfig, arch: ArchName): ExperimentConfig {
  if (arch === c.model.arch) return c;
  const kind = DATASET_KIND[c.dataset.name];
  let next = c;
  if (!ARCH_DATA[arch].includes(kind)) {
    const newKind = ARCH_DATA[arch][0]!;
    const name = (Object.keys(DATASET_KIND) as DatasetName[]).find((n) => DATASET_KIND[n] === newKind)!;
    next = merge({ ...c, dataset: { ...c.dataset, name } }, KIND_PRESETS[newKind]);
  }
  const preset = ARCH_PRESETS[arch];
  const keepNorm = ARCH_NORMS[arch].includes(c.model.norm) && c.model.norm !== 'none';
  return mustParseConfig(merge(next, keepNorm ? { ...preset, model: { ...preset.model, norm: c.model.norm } } : preset));
}
