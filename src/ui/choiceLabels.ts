/**
 * Labels and one-line descriptions of the choices that `src/config/options.ts` names but does not
 * yet describe. They belong next to the names there (as NORM_INFO and the others do); until they
 * move, the form reads them from here.
 */
import type {
  DepthProfile,
  InitName,
  LrSchedule,
  NoiseSite,
  NormPlacement,
  OptionInfo,
  PenaltyScaling,
  WarmupShape,
} from '../config/options';

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
  input: { label: 'Inputs', description: 'Noise on the input points.' },
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
