/**
 * What each choice of a select does (a norm, an optimizer, a cell…), for the form's info
 * popovers; keyed by config path, then by choice name. Field-level entries are in techniqueInfo.ts.
 */
import type {
  ActivationName,
  ArchName,
  BlockNorm,
  CellName,
  DatasetName,
  InitName,
  LrSchedule,
  NormName,
  OptimizerName,
} from '../config/options';
import type { FieldPath } from './formFields';
import type { TechniqueInfo } from './techniqueInfo';

export const NORM_CHOICE_INFO: Record<NormName, TechniqueInfo> = {
  none: {
    what: 'No normalization: activation scales drift from layer to layer.',
    when: 'Shallow nets, or as the baseline that shows what normalization fixes.',
  },
  batch: {
    what: 'Standardizes each unit over the batch, then applies a learned gain γ and shift β. Training uses the batch statistics, evaluation the running averages.',
    formula: 'y = γ·(x − μ_B)/√(σ²_B + ε) + β',
    when: 'Deep nets with batches of 16 or more; allows larger learning rates. Struggles with tiny or non-iid batches.',
    source: 'Ioffe & Szegedy, 2015 (Batch normalization)',
  },
  layer: {
    what: 'Standardizes each example over its own units: independent of the batch, the same in training and evaluation. In a recurrent net it normalizes the summed inputs of each gate at every time step; in a Transformer, each token vector; in a CNN, all units of one image.',
    formula:
      'y = γ·(x − μ)/√(σ² + ε) + β,  μ, σ² over the units of one example (RNN: at each step)',
    when: 'Any batch size; the standard in Transformers and recurrent nets.',
    source: 'Ba, Kiros & Hinton, 2016 (Layer normalization; layer-normalized RNNs)',
  },
  rms: {
    what: 'Divides each example by the root-mean-square of its units: LayerNorm without centring and without shift, a little cheaper.',
    formula: 'y = γ·x/√(mean(x²) + ε)',
    when: 'Where LayerNorm works; common in modern Transformers.',
    source: 'Zhang & Sennrich, 2019 (Root mean square layer normalization)',
  },
  group: {
    what: 'Standardizes each example within groups of consecutive units: between LayerNorm (one group) and per-unit statistics.',
    formula: 'y = γ·(x − μ_g)/√(σ²_g + ε) + β,  μ_g, σ²_g over each group of one example',
    when: 'Small batches, where BatchNorm fails. Groups must divide the width.',
    source: 'Wu & He, 2018 (Group normalization)',
  },
  weight: {
    what: "Reparameterizes each unit's weights as a direction v and a length g, learned separately; g starts at ‖v‖ so the net starts unchanged. No statistics at all.",
    formula: 'w = g·v/‖v‖',
    when: 'When batch statistics are unreliable or too noisy (small batches, streams); cheap.',
    source: 'Salimans & Kingma, 2016 (Weight normalization)',
  },
  instance: {
    what: "Standardizes each channel of each image over its own pixels, then applies a learned gain γ and shift β per channel. Independent of the batch, the same in training and evaluation; it removes each image's contrast per channel.",
    formula:
      'y = γ·(x − μ_nc)/√(σ²_nc + ε) + β,  μ_nc, σ²_nc over the H×W pixels of image n, channel c',
    when: 'Conv nets with tiny batches, or where the contrast of an image should not matter (style transfer). It also discards information a classifier may need.',
    source: 'Ulyanov, Vedaldi & Lempitsky, 2016 (Instance normalization)',
  },
  renorm: {
    what: 'BatchNorm corrected towards the running statistics by clipped factors r and d, held constant in the gradient, so training computes what evaluation will.',
    formula:
      'x̂ = (x − μ_B)/σ_B·r + d,  r = clip(σ_B/σ, 1/rmax, rmax),  d = clip((μ_B − μ)/σ, ±dmax);  y = γ·x̂ + β',
    when: "Small or non-iid batches, where BatchNorm's training and evaluation disagree.",
    source: 'Ioffe, 2017 (Batch renormalization)',
  },
};

export const OPTIMIZER_CHOICE_INFO: Record<OptimizerName, TechniqueInfo> = {
  sgd: {
    what: 'Plain gradient descent: every weight steps against its gradient.',
    formula: 'w ← w − η·g',
    when: 'The baseline; the most sensitive to the learning rate and to badly scaled layers.',
    source: 'Robbins & Monro, 1951',
  },
  momentum: {
    what: 'SGD with a velocity that accumulates past gradients, smoothing the path and speeding up along consistent directions.',
    formula: 'u ← β·u + g;  w ← w − η·u   (Nesterov: w ← w − η·(g + β·u))',
    when: 'Classic for vision nets with a schedule; dampens oscillation.',
    source: 'Polyak, 1964; Nesterov, 1983',
  },
  adam: {
    what: 'Per-parameter step sizes from running means of the gradient and its square, with bias correction.',
    formula: 'm ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η·m̂/(√v̂ + ε)',
    when: 'A robust default. Takes L2 only in coupled form: for weight decay choose AdamW.',
    source: 'Kingma & Ba, 2015 (Adam)',
  },
  adamw: {
    what: 'Adam with decoupled weight decay: the decay acts on the weights directly, not through the rescaled gradient.',
    formula: 'Adam step, and w ← w − η·wd·w',
    when: 'Adam with regularization: every weight decays at the same rate, whatever its gradient history.',
    source: 'Loshchilov & Hutter, 2019 (Decoupled weight decay regularization)',
  },
  rmsprop: {
    what: 'Divides each step by a running root-mean-square of recent gradients (with optional momentum).',
    formula: 's ← ρs + (1−ρ)g²;  u ← β·u + η·g/√(s + ε);  w ← w − u',
    when: 'Non-stationary objectives and recurrent nets.',
    source: 'Tieleman & Hinton, 2012 (Lecture 6.5, RMSProp)',
  },
};

export const ACTIVATION_CHOICE_INFO: Record<ActivationName, TechniqueInfo> = {
  relu: {
    what: 'Passes positive inputs, zeroes negative ones. Cheap, does not saturate for x > 0, but a unit stuck below zero is dead.',
    formula: 'relu(x) = max(0, x)',
    when: 'The default for deep nets, with He initialization.',
    source: 'Nair & Hinton, 2010',
  },
  tanh: {
    what: 'Zero-centred squashing into (−1, 1); saturates (gradient ≈ 0) for large |x|.',
    formula: 'tanh(x) = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)',
    when: 'Small nets and recurrent nets, with Glorot initialization.',
  },
  sigmoid: {
    what: 'Squashes into (0, 1): not zero-centred, saturates, gradient at most 1/4.',
    formula: 'σ(x) = 1/(1 + e⁻ˣ)',
    when: 'Rarely in hidden layers: a good way to see vanishing gradients in deep nets.',
  },
  gelu: {
    what: 'A smooth ReLU that weights each input by the probability that a standard normal is below it (tanh approximation).',
    formula: 'gelu(x) ≈ 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))',
    when: 'Transformers and modern MLPs, with He initialization.',
    source: 'Hendrycks & Gimpel, 2016 (Gaussian error linear units)',
  },
};

export const INIT_CHOICE_INFO: Record<InitName, TechniqueInfo> = {
  auto: {
    what: 'He for ReLU and GELU, Glorot for tanh and sigmoid.',
    when: 'Almost always.',
  },
  he: {
    what: 'Keeps the activation variance constant through ReLU layers.',
    formula: 'σ = √(2/fan_in)',
    when: 'ReLU-like activations.',
    source: 'He, Zhang, Ren & Sun, 2015 (Delving deep into rectifiers)',
  },
  glorot: {
    what: 'Balances the variance of the forward signal and the backward gradient.',
    formula: 'σ = √(2/(fan_in + fan_out))',
    when: 'tanh and sigmoid.',
    source: 'Glorot & Bengio, 2010',
  },
  lecun: {
    what: 'Keeps the forward variance constant for activations with unit slope at 0.',
    formula: 'σ = √(1/fan_in)',
    when: 'tanh, SELU.',
    source: 'LeCun, Bottou, Orr & Müller, 1998 (Efficient BackProp)',
  },
  normal: {
    what: 'Every hidden weight drawn with one fixed standard deviation, whatever the layer size.',
    formula: 'W ~ N(0, std²)',
    when: 'To see what a badly scaled start does to a deep net.',
  },
};

export const LR_SCHEDULE_CHOICE_INFO: Record<LrSchedule, TechniqueInfo> = {
  constant: {
    what: 'The learning rate stays at η after warm-up.',
    formula: 'η_t = η',
    when: 'Open-ended runs, and for comparing other settings cleanly.',
  },
  cosine: {
    what: 'The learning rate follows half a cosine from η down to the floor at the last step.',
    formula: 'η_t = η·(f + (1 − f)·(1 + cos πp)/2)',
    when: 'Runs of known length: usually a lower final loss.',
    source: 'Loshchilov & Hutter, 2017 (SGDR)',
  },
};

export const CELL_CHOICE_INFO: Record<CellName, TechniqueInfo> = {
  vanilla: {
    what: 'The hidden state is squashed through the activation at every step. The gradient reaching step t is a product of one Jacobian per later step, so it shrinks or grows geometrically with the distance.',
    formula: 'h_t = act(N(x_t·W_x + h_{t−1}·W_h + b))',
    when: 'Short sequences, or to watch vanishing gradients through time (the gradient-through-time chart).',
    source: 'Elman, 1990 (Finding structure in time)',
  },
  gru: {
    what: 'Gates decide, per unit, how much of the state to keep and how much to overwrite. Where the update gate keeps the state, the gradient passes back through time almost unchanged.',
    formula:
      'z = σ(N(x·W_z + h·U_z + b_z));  r = σ(N(x·W_r + h·U_r + b_r));  n = tanh(N(x·W_n + r⊙(h·U_n) + b_n));  h′ = (1 − z)⊙n + z⊙h',
    when: 'Long sequences and long-range dependencies (the adding problem, recall).',
    source: 'Cho et al., 2014 (Learning phrase representations using RNN encoder–decoder)',
  },
};

export const BLOCK_NORM_CHOICE_INFO: Record<BlockNorm, TechniqueInfo> = {
  pre: {
    what: 'Each sublayer reads a normalized copy of the stream and adds its output back: the residual path itself is never normalized, and a final norm comes before the output layer.',
    formula: 'x ← x + Attn(N₁(x));  x ← x + MLP(N₂(x))',
    when: 'The default of modern Transformers (GPT-2 on): gradients are well scaled at the start, so warm-up is optional.',
    source: 'Xiong et al., 2020 (On layer normalization in the Transformer architecture)',
  },
  post: {
    what: 'The norm sits on the residual path, after each sum, as in the original Transformer.',
    formula: 'x ← N₁(x + Attn(x));  x ← N₂(x + MLP(x))',
    when: 'To reproduce the original design, and to see why it needs learning-rate warm-up: without it, large rates diverge early.',
    source: 'Vaswani et al., 2017; Xiong et al., 2020',
  },
};

export const ARCH_CHOICE_INFO: Record<ArchName, TechniqueInfo> = {
  mlp: {
    what: 'Fully connected layers: every unit reads every unit of the layer below. Images are flattened to 784 inputs.',
    formula: 'h ← act(norm(W·h + b))',
    when: 'Point sets, and as a baseline on images.',
  },
  cnn: {
    what: 'Convolution layers share one small kernel across the whole image, pooling halves it, and a global average over the pixels feeds the output layer.',
    formula: 'h ← pool(act(norm(conv(h, K) + b)));  logits = mean_ij(h)·W + b',
    when: 'Images: far fewer weights than an MLP, and translation-aware.',
    source: 'LeCun et al., 1998 (Gradient-based learning applied to document recognition)',
  },
  rnn: {
    what: 'Reads the sequence one token at a time into a hidden state; the last real state predicts the label. Training back-propagates through every time step.',
    formula: 'h_t = cell(x_t, h_{t−1});  logits = h_L·W + b',
    when: 'Sequences: watch the gradient through time shrink with the vanilla cell and hold with the GRU.',
    source: 'Elman, 1990; Cho et al., 2014 (GRU)',
  },
  transformer: {
    what: 'Self-attention lets every token read every other token directly, in blocks with residual paths and norms; the mean over the real tokens predicts the label.',
    formula: 'x ← x + Attn(N(x));  x ← x + MLP(N(x))  (pre-LN)',
    when: 'Sequences with long-range dependencies; the place to compare pre-LN and post-LN.',
    source: 'Vaswani et al., 2017 (Attention is all you need)',
  },
};

export const DATASET_CHOICE_INFO: Record<DatasetName, TechniqueInfo> = {
  spiral: {
    what: 'Two interleaved spiral arms in the plane, two classes.',
    when: 'Needs a curved boundary: rewards depth and shows overfitting clearly.',
  },
  circles: {
    what: 'A disc of one class inside a ring of the other.',
    when: 'A simple nonlinear boundary.',
  },
  xor: {
    what: 'Four quadrants; opposite corners share a class.',
    when: 'The classic problem a linear model cannot solve.',
  },
  gaussians: {
    what: 'Two Gaussian blobs, two classes.',
    when: 'Nearly linearly separable: a baseline where any model works.',
  },
  mnist: {
    what: 'Handwritten digits 0–9 as 28×28 grey images: 6,000 shipped with the lab (600 per class), loaded (4.7 MB) when a model is built.',
    when: 'The standard first image set: easy enough that a small CNN learns it in a few hundred steps.',
    source: 'LeCun, Cortes & Burges (the MNIST database); LeCun et al., 1998',
  },
  'fashion-mnist': {
    what: "Zalando's clothing photos in 10 classes, 28×28 grey: the same format as MNIST, harder to classify (shirts, pullovers and coats look alike).",
    when: 'When MNIST is too easy to show a difference between techniques.',
    source: 'Xiao, Rasul & Vollgraf, 2017 (Fashion-MNIST)',
  },
  parity: {
    what: 'Bit strings of variable length; the label is whether the number of 1s is odd. Every bit matters, to the very last one.',
    formula: 'y = (Σ_t x_t) mod 2',
    when: 'A hard test of memory through time: a single flipped bit anywhere flips the label.',
  },
  adding: {
    what: 'Digits 0–4, two of them marked (one in each half of the sequence); the label is the sum of the two marked digits (9 classes). The two facts to combine sit far apart.',
    formula: 'y = x_i + x_j,  i, j the marked positions',
    when: 'The classic long-range-dependency test: plain RNNs fail as the sequences grow; gated cells and attention succeed.',
    source: 'Hochreiter & Schmidhuber, 1997 (Long short-term memory)',
  },
  recall: {
    what: 'The first token is the answer (one of 4); a variable-length run of distractors follows. The label is the first token.',
    formula: 'y = x_1',
    when: 'Pure memory over time: a recurrent net must carry the first token to the end; attention can look it up directly.',
  },
};

/** Choices that are techniques in their own right get their own explanation. */
export const CHOICE_INFO: Partial<Record<FieldPath, Record<string, TechniqueInfo>>> = {
  'dataset.name': DATASET_CHOICE_INFO,
  'model.arch': ARCH_CHOICE_INFO,
  'model.cell': CELL_CHOICE_INFO,
  'model.blockNorm': BLOCK_NORM_CHOICE_INFO,
  'model.norm': NORM_CHOICE_INFO,
  'optimizer.name': OPTIMIZER_CHOICE_INFO,
  'model.activation': ACTIVATION_CHOICE_INFO,
  'model.init': INIT_CHOICE_INFO,
  'optimizer.schedule': LR_SCHEDULE_CHOICE_INFO,
};
