/**
 * Names and plain-language descriptions of every choice. The engine's registries are keyed by
 * these names (so a missing implementation is a type error), and the UI shows the descriptions
 * without importing the engine.
 */

export const DATASET_NAMES = ['spiral', 'circles', 'xor', 'gaussians'] as const;
export const ARCH_NAMES = ['mlp'] as const;
export const ACTIVATION_NAMES = ['relu', 'tanh', 'sigmoid', 'gelu'] as const;
export const NORM_NAMES = ['none', 'batch', 'layer'] as const;
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;

export type DatasetName = (typeof DATASET_NAMES)[number];
export type ArchName = (typeof ARCH_NAMES)[number];
export type ActivationName = (typeof ACTIVATION_NAMES)[number];
export type NormName = (typeof NORM_NAMES)[number];
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface OptionInfo {
  label: string;
  description: string;
}

export const DATASET_INFO: Record<DatasetName, OptionInfo> = {
  spiral: { label: 'Spiral', description: 'Two interleaved spiral arms: needs a curved boundary.' },
  circles: { label: 'Circles', description: 'A disc inside a ring.' },
  xor: { label: 'XOR', description: 'Four quadrants, opposite corners share a class.' },
  gaussians: { label: 'Gaussians', description: 'Two Gaussian blobs: nearly linearly separable.' },
};

export const ARCH_INFO: Record<ArchName, OptionInfo> = {
  mlp: { label: 'MLP', description: 'A stack of fully connected layers.' },
};

export const ACTIVATION_INFO: Record<ActivationName, OptionInfo> = {
  relu: { label: 'ReLU', description: 'max(0, x): cheap, but units can die (stay at zero).' },
  tanh: { label: 'tanh', description: 'Zero-centred squashing to (−1, 1); saturates for large |x|.' },
  sigmoid: { label: 'sigmoid', description: 'Squashes to (0, 1); not zero-centred, saturates.' },
  gelu: { label: 'GELU', description: 'Smooth ReLU: x·Φ(x), used in Transformers.' },
};

export const NORM_INFO: Record<NormName, OptionInfo> = {
  none: { label: 'None', description: 'No normalization: activations drift with depth.' },
  batch: {
    label: 'BatchNorm',
    description:
      'Standardizes each unit over the batch while training; uses running averages at evaluation.',
  },
  layer: {
    label: 'LayerNorm',
    description: 'Standardizes each example over its units: independent of batch size.',
  },
};

export const OPTIMIZER_INFO: Record<OptimizerName, OptionInfo> = {
  sgd: { label: 'SGD', description: 'Plain gradient descent: w ← w − lr·g.' },
  momentum: { label: 'Momentum', description: 'SGD with a velocity (β = 0.9) that smooths steps.' },
  adam: { label: 'Adam', description: 'Per-parameter step sizes from running gradient moments.' },
};
