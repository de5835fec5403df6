/**
 * Names and plain-language descriptions of every choice. The engine's registries are keyed by
 * these names (so a missing implementation is a type error), and the UI shows the descriptions
 * without importing the engine.
 */

export const DATASET_NAMES = [
  'spiral',
  'circles',
  'xor',
  'gaussians',
  'mnist',
  'fashion-mnist',
  'parity',
  'adding',
  'recall',
] as const;
export const DATA_KINDS = ['points', 'images', 'sequences'] as const;
export const ARCH_NAMES = ['mlp', 'cnn', 'rnn', 'transformer'] as const;
export const CELL_NAMES = ['vanilla', 'gru'] as const;
export const POOL_NAMES = ['max', 'avg', 'none'] as const;
export const BLOCK_NORMS = ['pre', 'post'] as const;
export const ACTIVATION_NAMES = ['relu', 'tanh', 'sigmoid', 'gelu'] as const;
export const NORM_NAMES = ['none', 'batch', 'layer', 'rms', 'group', 'instance', 'weight', 'renorm'] as const;
export const NORM_PLACEMENTS = ['before', 'after'] as const;
export const INIT_NAMES = ['auto', 'he', 'glorot', 'lecun', 'normal'] as const;
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop'] as const;
export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export const WARMUP_SHAPES = ['linear', 'cosine'] as const;
export const PENALTY_SCALINGS = ['uniform', 'fan-in'] as const;
export const DEPTH_PROFILES = ['uniform', 'increasing', 'decreasing'] as const;
export const NOISE_SITES = ['input', 'hidden'] as const;

export type DatasetName = (typeof DATASET_NAMES)[number];
export type DataKind = (typeof DATA_KINDS)[number];
export type ArchName = (typeof ARCH_NAMES)[number];
export type CellName = (typeof CELL_NAMES)[number];
export type PoolName = (typeof POOL_NAMES)[number];
export type BlockNorm = (typeof BLOCK_NORMS)[number];
export type ActivationName = (typeof ACTIVATION_NAMES)[number];
export type NormName = (typeof NORM_NAMES)[number];
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
export type NormPlacement = (typeof NORM_PLACEMENTS)[number];
export type InitName = (typeof INIT_NAMES)[number];
export type LrSchedule = (typeof LR_SCHEDULES)[number];
export type WarmupShape = (typeof WARMUP_SHAPES)[number];
export type PenaltyScaling = (typeof PENALTY_SCALINGS)[number];
export type DepthProfile = (typeof DEPTH_PROFILES)[number];
export type NoiseSite = (typeof NOISE_SITES)[number];

export interface OptionInfo {
  label: string;
  description: string;
}

export const DATASET_INFO: Record<DatasetName, OptionInfo> = {
  spiral: { label: 'Spiral', description: 'Two interleaved spiral arms: needs a curved boundary.' },
  circles: { label: 'Circles', description: 'A disc inside a ring.' },
  xor: { label: 'XOR', description: 'Four quadrants, opposite corners share a class.' },
  gaussians: { label: 'Gaussians', description: 'Two Gaussian blobs: nearly linearly separable.' },
  mnist: { label: 'MNIST digits', description: 'Handwritten digits 0–9, 28×28 grey images (a shipped subset).' },
  'fashion-mnist': {
    label: 'Fashion-MNIST',
    description: 'Zalando clothing photos in 10 classes, 28×28 grey (a shipped subset): harder than digits.',
  },
  parity: {
    label: 'Parity',
    description: 'Is the number of 1s in a variable-length bit string odd? Every bit matters to the end.',
  },
  adding: {
    label: 'Adding problem',
    description: 'Two marked digits hide among others; the answer is their sum (0–8). A long-range dependency.',
  },
  recall: {
    label: 'First-token recall',
    description: 'Name the first token after a variable-length stretch of distractors: pure memory over time.',
  },
};

/** What kind of examples each dataset holds: 2-D points, images, or token sequences. */
export const DATASET_KIND: Record<DatasetName, DataKind> = {
  spiral: 'points',
  circles: 'points',
  xor: 'points',
  gaussians: 'points',
  mnist: 'images',
  'fashion-mnist': 'images',
  parity: 'sequences',
  adding: 'sequences',
  recall: 'sequences',
};

export const ARCH_INFO: Record<ArchName, OptionInfo> = {
  mlp: { label: 'MLP', description: 'A stack of fully connected layers (images are flattened).' },
  cnn: {
    label: 'CNN',
    description: 'Convolutions with pooling and a global-average head: weights shared across the image.',
  },
  rnn: {
    label: 'Recurrent (RNN/GRU)',
    description: 'Reads a sequence one token at a time into a hidden state; gradients flow back through time.',
  },
  transformer: {
    label: 'Transformer',
    description: 'Self-attention blocks over the whole sequence, with residual paths and norms.',
  },
};

/** The data each architecture accepts. */
export const ARCH_DATA: Record<ArchName, readonly DataKind[]> = {
  mlp: ['points', 'images'],
  cnn: ['images'],
  rnn: ['sequences'],
  transformer: ['sequences'],
};

/** The normalizations each architecture implements. */
export const ARCH_NORMS: Record<ArchName, readonly NormName[]> = {
  mlp: ['none', 'batch', 'layer', 'rms', 'group', 'weight', 'renorm'],
  cnn: ['none', 'batch', 'layer', 'rms', 'group', 'instance', 'weight', 'renorm'],
  rnn: ['none', 'batch', 'layer', 'rms'],
  transformer: ['none', 'layer', 'rms'],
};

export const CELL_INFO: Record<CellName, OptionInfo> = {
  vanilla: { label: 'Vanilla RNN', description: 'h ← act(norm(x·Wx + h·Wh + b)): gradients vanish or explode over time.' },
  gru: { label: 'GRU', description: 'Gated updates keep an additive path through time, so memory lasts longer.' },
};

export const POOL_INFO: Record<PoolName, OptionInfo> = {
  max: { label: 'Max pool 2×2', description: 'Halves height and width, keeping the strongest response.' },
  avg: { label: 'Average pool 2×2', description: 'Halves height and width by averaging.' },
  none: { label: 'No pooling', description: 'Every layer keeps the full 28×28 resolution (slow).' },
};

export const BLOCK_NORM_INFO: Record<BlockNorm, OptionInfo> = {
  pre: { label: 'Pre-LN', description: 'x + f(norm(x)): the residual path stays clean; stable without warm-up.' },
  post: {
    label: 'Post-LN',
    description: 'norm(x + f(x)), as in the original Transformer: needs learning-rate warm-up at high rates.',
  },
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
  rms: {
    label: 'RMSNorm',
    description: 'Divides each example by its root-mean-square (no centring): LayerNorm, cheaper.',
  },
  group: {
    label: 'GroupNorm',
    description: 'Standardizes each example within groups of units: between LayerNorm and per-unit.',
  },
  weight: {
    label: 'WeightNorm',
    description: "Reparameterizes each unit's weights as g·v/‖v‖: decouples length from direction.",
  },
  instance: {
    label: 'InstanceNorm',
    description: 'Standardizes each image channel over its own pixels (convolutional nets only).',
  },
  renorm: {
    label: 'Batch Renorm',
    description:
      'BatchNorm corrected towards the running statistics (clipped r, d): holds up under small or non-iid batches.',
  },
};

export const OPTIMIZER_INFO: Record<OptimizerName, OptionInfo> = {
  sgd: { label: 'SGD', description: 'Plain gradient descent: w ← w − lr·g.' },
  momentum: { label: 'Momentum', description: 'SGD with a velocity (momentum β) that smooths steps.' },
  adam: { label: 'Adam', description: 'Per-parameter step sizes from running gradient moments.' },
  adamw: {
    label: 'AdamW',
    description: 'Adam with decoupled weight decay: decay is applied to the weights, not the gradient.',
  },
  rmsprop: {
    label: 'RMSProp',
    description: 'Divides each step by a running RMS of recent gradients.',
  },
};

export const NORM_PLACEMENT_INFO: Record<NormPlacement, OptionInfo> = {
  before: { label: 'Before activation', description: 'act(norm(W·h + b)): the classic placement.' },
  after: {
    label: 'After activation',
    description: 'norm(act(W·h + b)): normalizes what the next layer sees.',
  },
};

export const INIT_INFO: Record<InitName, OptionInfo> = {
  auto: { label: 'Auto', description: 'He for ReLU and GELU, Glorot for tanh and sigmoid.' },
  he: { label: 'He', description: 'std √(2/fan-in): keeps the variance through ReLUs.' },
  glorot: { label: 'Glorot', description: 'std √(2/(fan-in + fan-out)): for tanh and sigmoid.' },
  lecun: { label: 'LeCun', description: 'std √(1/fan-in).' },
  normal: { label: 'Fixed std', description: 'Every hidden weight drawn with the std below.' },
};

export const NOISE_SITE_INFO: Record<NoiseSite, OptionInfo> = {
  input: { label: 'Inputs', description: 'Noise on the inputs: points, pixels, or embedded tokens.' },
  hidden: { label: 'Hidden layers', description: "Noise on every hidden layer's output." },
};

export const PENALTY_SCALING_INFO: Record<PenaltyScaling, OptionInfo> = {
  uniform: { label: 'Uniform', description: 'The same strength in every layer.' },
  'fan-in': { label: 'Fan-in', description: "Each layer's strength ∝ its fan-in." },
};

export const DEPTH_PROFILE_INFO: Record<DepthProfile, OptionInfo> = {
  uniform: { label: 'Flat', description: 'The same strength at every depth.' },
  increasing: { label: 'Increasing', description: 'Deeper layers are penalized more.' },
  decreasing: { label: 'Decreasing', description: 'Shallower layers are penalized more.' },
};

export const WARMUP_SHAPE_INFO: Record<WarmupShape, OptionInfo> = {
  linear: { label: 'Linear', description: 'Strength ramps up in a straight line.' },
  cosine: { label: 'Cosine', description: 'Strength ramps up slowly, then fast, then slowly.' },
};

export const LR_SCHEDULE_INFO: Record<LrSchedule, OptionInfo> = {
  constant: { label: 'Constant', description: 'The learning rate stays put after warm-up.' },
  cosine: {
    label: 'Cosine decay',
    description: 'Half a cosine down to the floor at the last step.',
  },
};
