/**
 * Architecture registry: the builder of each model and the kernels its TRAINING needs beyond the
 * dense ones, so a backend that lacks one is never chosen for it (WASM has no conv backprop).
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import { ACTIVATIONS } from './activations';
import { buildCnn } from './cnn';
import type { Dataset } from './datasets';
import { buildMlp } from './mlp';
import { buildRnn } from './rnn';
import { buildTransformer } from './transformer';
import type { LabModel, ModelConfig } from './model';

type DataShape = Pick<Dataset, 'inputShape' | 'inputDim' | 'numClasses' | 'vocabSize'>;

interface ArchEntry {
  build(model: ModelConfig, data: DataShape, seed: number): LabModel;
  /** Kernels (tfjs names) whose absence on a backend means this model cannot train there. */
  kernels: string[];
}

/** Sequence models read token ids; the dataset must say how many there are. */
function sequenceShape(arch: string, d: DataShape) {
  if (d.vocabSize === undefined) throw new Error(`model.arch: "${arch}" needs a sequence dataset (token ids)`);
  return { inputShape: d.inputShape, numClasses: d.numClasses, vocabSize: d.vocabSize };
}

export const ARCHITECTURES: Record<ArchName, ArchEntry> = {
  mlp: { build: (m, d, seed) => buildMlp(m, d.inputDim, d.numClasses, seed), kernels: [] },
  cnn: {
    build: (m, d, seed) => buildCnn(m, d, seed),
    // No Conv2DBackpropFilter here: without it the CNN convolves by im2col (see conv.ts).
    kernels: ['PadV2', 'Slice', 'Concat', 'MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad'],
  },
  rnn: { build: (m, d, seed) => buildRnn(m, sequenceShape('rnn', d), seed), kernels: ['OneHot'] },
  transformer: {
    build: (m, d, seed) => buildTransformer(m, sequenceShape('transformer', d), seed),
    kernels: ['OneHot', 'BatchMatMul', 'Softmax'],
  },
};

export function buildModel(config: ExperimentConfig, data: DataShape, seed: number): LabModel {
  return ARCHITECTURES[config.model.arch].build(config.model, data, seed);
}

/** The kernels `arch` needs that `backend` (a registered tfjs backend name) does not have. */
export function missingKernels(arch: ArchName, backend: string): string[] {
  return ARCHITECTURES[arch].kernels.filter((k) => tf.getKernel(k, backend) === undefined);
}

/**
 * Fixed histogram range for a model's reported activations, or null to use each tensor's own min
 * and max. Bounded activations only bound what the model reports for MLPs and CNNs: a GRU's state
 * is always in (−1, 1), and a Transformer reports its unbounded residual stream.
 */
export function histogramRange(model: ModelConfig): [number, number] | null {
  if (model.arch === 'transformer') return null;
  if (model.arch === 'rnn' && model.cell === 'gru') return [-1, 1];
  return ACTIVATIONS[model.activation].range;
}
