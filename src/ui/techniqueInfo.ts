/**
 * What every config field and every technique choice does, for the form's info popovers: a
 * plain-language explanation, the formula as the engine computes it (see src/engine and the
 * README's technique table), when to reach for it, and where it comes from. One table, keyed by
 * config path; choices of a select are keyed by path and then by choice name.
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

export interface TechniqueInfo {
  /** What it does, in plain words. */
  what: string;
  /** The formula, in the engine's notation (η learning rate, g gradient, w weights, t step). */
  formula?: string;
  /** When to use it, and typical values. */
  when: string;
  /** The paper (or book) it comes from. */
  source?: string;
}

export const FIELD_INFO: Record<FieldPath, TechniqueInfo> = {
  seed: {
    what: 'Seeds the data set, the initial weights, the batch order, dropout masks and noise. The same seed and config give the same run.',
    when: 'Change it to see how much of a result is luck: compare a few seeds before trusting a difference.',
  },
  'dataset.name': {
    what: 'What to learn: a seeded two-class point set in the plane, a shipped set of 28×28 grey images (10 classes), or a seeded task on variable-length token sequences. Choosing one of another kind also brings sizes that suit it, and an architecture that can read it.',
    when: 'Points show the decision boundary; images are where convolutions and their norms matter; sequences show gradients vanishing or exploding through time.',
  },
  'dataset.noise': {
    what: "Gaussian jitter added to each point's coordinates, in input units, or to each pixel of an image (pixels are in [0, 1]). Sequence tasks ignore it.",
    formula: 'x ← x + N(0, σ²)',
    when: 'More noise makes the classes overlap: the net overfits sooner and regularization pays off.',
  },
  'dataset.size': {
    what: 'How many examples there are in total, before the split into training and validation. Point sets and sequence tasks generate them; image sets take the first ones of the shipped 6,000 (600 per class).',
    when: 'Few examples (100–300 points, 500 images) overfit quickly: a good setting for watching regularizers work.',
  },
  'dataset.minLength': {
    what: 'The shortest sequence. Each sequence has a length drawn uniformly from [min, max]; the padding after it is masked out, so the model sees only the real tokens.',
    formula: 'L ~ U{min, …, max}',
    when: 'Equal to the max length for fixed-length data; a wide range asks the model to generalize over lengths. The adding problem needs at least 2.',
  },
  'dataset.maxLength': {
    what: 'The longest sequence, and the padded length T: the time axis a recurrent model unrolls over and the gradient-through-time chart shows.',
    formula: 'T = max length',
    when: 'Longer sequences are where plain RNNs lose the gradient (try 30–50 on parity or adding) and gated cells or attention keep it.',
    source: 'Hochreiter & Schmidhuber, 1997 (long time lags: the adding problem)',
  },
  'dataset.valFraction': {
    what: 'Share of the examples held out for validation; they are never trained on.',
    formula: 'n_val = max(1, round(f·N))',
    when: '0.2–0.3 is usual; a larger share gives a steadier validation loss but less training data.',
  },
  'model.arch': {
    what: 'The network architecture: fully connected layers (MLP), convolutions (CNN), a recurrent net that reads one token at a time, or a small Transformer. Choosing one brings a shape that suits it and, when the current data does not fit it, a data set it can read.',
    when: 'MLP for points (and flattened images), CNN for images, RNN or Transformer for sequences.',
  },
  'model.depth': {
    what: 'Number of hidden layers (MLP), conv layers (CNN), stacked recurrent layers (RNN) or Transformer blocks. In a deep plain net, signals and gradients shrink or grow layer by layer.',
    when: 'Raise it to 8–16 in an MLP to see the instability that normalization and residual blocks fix; 1–2 recurrent layers and 2–4 Transformer blocks are plenty here.',
  },
  'model.width': {
    what: 'Units in each hidden layer (MLP), the size of the hidden state (RNN), or the model width d of every token vector (Transformer).',
    when: 'Wider nets fit more and overfit more; GroupNorm needs its groups to divide the width, attention its heads.',
  },
  'model.channels': {
    what: 'Feature maps in every conv layer: how many different local patterns each layer can detect.',
    formula: 'kernel K: [k, k, C_in, C];  the head reads the C channel means',
    when: '8–32 for 28×28 digits; more channels fit more and cost more. GroupNorm needs its groups to divide the channels.',
  },
  'model.kernelSize': {
    what: "Side of each square convolution kernel, with 'same' padding so the image keeps its size. A unit sees a k×k patch of the layer below.",
    formula: 'y[i, j, c] = b[c] + Σ_{|u|,|v| ≤ ⌊k/2⌋} Σ_c′ K[u, v, c′, c]·x[i + u, j + v, c′]',
    when: '3×3 is standard: two stacked 3×3 layers see 5×5 with fewer weights. 1×1 only mixes channels.',
    source:
      'LeCun et al., 1998 (Gradient-based learning applied to document recognition); Simonyan & Zisserman, 2015 (3×3 stacks)',
  },
  'model.pool': {
    what: 'After each conv layer, a 2×2 window with stride 2 halves the height and width (while the image is at least 4 pixels wide), so deeper layers see more of the image and cost less.',
    formula: 'max: y = max of 2×2;  avg: y = mean of 2×2',
    when: 'Max pooling is the usual choice; without pooling every layer works on all 28×28 pixels, which is slow.',
  },
  'model.cell': {
    what: 'The recurrent cell that updates the hidden state from each token: a vanilla RNN layer, or a gated recurrent unit (GRU).',
    when: 'The vanilla cell shows gradients vanishing through time on long sequences; the GRU keeps them.',
  },
  'model.heads': {
    what: 'Self-attention is split into this many heads, each attending with its own d/heads-dimensional queries and keys, so tokens can attend to several places at once.',
    formula: 'head_i = softmax(Q_i·K_iᵀ/√(d/h))·V_i;  Attn = concat(head_1…h)·W_O',
    when: '2–4 heads at these widths. The heads must divide the width.',
    source: 'Vaswani et al., 2017 (Attention is all you need)',
  },
  'model.blockNorm': {
    what: 'Where each Transformer block normalizes: before each sublayer, inside the residual branch (pre-LN), or after the residual sum (post-LN, the original design). The normalization itself is the one chosen below; "None" removes it.',
    formula: 'pre-LN: x ← x + f(N(x));  post-LN: x ← N(x + f(x))',
    when: 'Pre-LN trains stably without learning-rate warm-up; post-LN needs warm-up at large learning rates, because its gradients near the output are large at the start.',
    source: 'Xiong et al., 2020 (On layer normalization in the Transformer architecture)',
  },
  'model.activation': {
    what: 'The nonlinearity after each hidden layer.',
    when: 'tanh and sigmoid saturate for large inputs; ReLU units can die; GELU is a smooth ReLU.',
  },
  'model.residual': {
    what: 'After the first layer, each hidden layer becomes a pre-norm residual block: an identity path carries signal and gradient past every layer.',
    formula: 'h ← h + W·act(norm(h)) + b',
    when: 'Deep nets (8 or more layers): with residual blocks they train even without normalization.',
    source: 'He, Zhang, Ren & Sun, 2016 (Identity mappings in deep residual networks)',
  },
  'model.zeroInitResidual': {
    what: "Starts every residual block's weights at zero (under WeightNorm its gain g), so each block begins as the identity and the net starts shallow.",
    formula: 'W_block = 0 at step 0  ⇒  h ← h',
    when: 'Very deep residual nets, or large learning rates early in training. Needs residual blocks.',
    source: 'Goyal et al., 2017 (Accurate, large minibatch SGD); Zhang, Dauphin & Ma, 2019 (Fixup)',
  },
  'model.init': {
    what: "How the hidden layers' initial weights are drawn: W ~ N(0, σ²), with σ from the layer's fan-in and fan-out. The output layer always uses Glorot.",
    formula: 'He σ = √(2/fan_in);  Glorot σ = √(2/(fan_in + fan_out));  LeCun σ = √(1/fan_in)',
    when: 'Auto matches the activation. A bad scale makes deep nets vanish or explode from step 0.',
    source: 'He et al., 2015; Glorot & Bengio, 2010; LeCun et al., 1998',
  },
  'model.initStd': {
    what: 'The standard deviation of every hidden weight when Initialization is "Fixed std".',
    formula: 'W ~ N(0, std²)',
    when: 'Try 0.01 at depth 8 to watch signals vanish, or 1 to watch them explode.',
  },
  'model.norm': {
    what: "How each hidden layer's activations (or, for WeightNorm, weights) are normalized.",
    when: 'Deep nets without residual blocks need one; BatchNorm needs reasonable batches.',
  },
  'model.normPlacement': {
    what: 'Where the norm sits in a plain layer (MLP or conv): on the linear output before the activation, or on the activation itself. Residual blocks are always pre-norm.',
    formula: 'before: h ← act(norm(W·h + b));  after: h ← norm(act(W·h + b))',
    when: '"Before" is the classic choice; "after" gives the next layer zero-mean inputs, which sometimes helps with ReLU.',
    source: 'Ioffe & Szegedy, 2015 (before)',
  },
  'model.normFirstLayer': {
    what: "Also normalize the first hidden layer. Off by default: on a 2-D input, per-example norms (LayerNorm, RMSNorm) divide out the point's distance from the origin, e.g. the spiral's radius.",
    when: 'Turn it on to normalize every layer, mainly with BatchNorm or Batch Renorm.',
  },
  'model.normMomentum': {
    what: 'How slowly the running mean and variance of BatchNorm and Batch Renorm follow the batch statistics. They are used at evaluation.',
    formula: 'μ ← m·μ + (1 − m)·μ_B;  σ² ← m·σ² + (1 − m)·σ²_B',
    when: '0.99 is smooth; lower it (0.9) when evaluation lags behind training in short runs.',
    source: 'Ioffe & Szegedy, 2015',
  },
  'model.normEpsilon': {
    what: 'Added to the variance (RMSNorm: the mean square) before the square root, so an almost constant unit does not divide by nearly zero.',
    formula: 'x̂ = (x − μ)/√(σ² + ε)',
    when: '1e-3 is the tfjs default; raise it if a normalized net turns NaN.',
  },
  'model.groups': {
    what: "GroupNorm's number of groups: each example's units are split into G groups of consecutive units, each standardized on its own.",
    formula: 'group size = width / G',
    when: 'G = 1 is LayerNorm; more groups give more local statistics. G must divide the width.',
    source: 'Wu & He, 2018 (Group normalization)',
  },
  'model.renormRmax': {
    what: 'Batch Renorm: the largest allowed scale correction r towards the running statistics.',
    formula: 'r = clip(σ_B/σ, 1/rmax, rmax)',
    when: 'rmax = 1 (with dmax = 0) is plain BatchNorm; the paper raises it gradually to 3.',
    source: 'Ioffe, 2017 (Batch renormalization)',
  },
  'model.renormDmax': {
    what: 'Batch Renorm: the largest allowed shift correction d towards the running mean.',
    formula: 'd = clip((μ_B − μ)/σ, −dmax, dmax)',
    when: 'dmax = 0 (with rmax = 1) is plain BatchNorm; the paper raises it gradually to 5.',
    source: 'Ioffe, 2017 (Batch renormalization)',
  },
  'regularization.l2': {
    what: "Adds the sum of squared weights to the loss, so large weights cost. Its gradient 2λw passes through the optimizer, so Adam rescales it (AdamW's weight decay does not).",
    formula: 'L = CE + λ·Σw²;  ∇L = ∇CE + 2λ·w',
    when: 'Overfitting on small or noisy data; typical λ 1e-4 to 1e-2.',
    source: 'Krogh & Hertz, 1992 (A simple weight decay can improve generalization)',
  },
  'regularization.l1': {
    what: 'Adds the sum of absolute weights to the loss: a constant pull towards zero that sets many weights exactly to 0.',
    formula: 'L = CE + λ·Σ|w|;  ∇L = ∇CE + λ·sign(w)',
    when: 'When you want sparse, prunable weights; typical λ 1e-5 to 1e-3.',
    source: 'Tibshirani, 1996 (Regression shrinkage and selection via the lasso)',
  },
  'regularization.spatialDropout': {
    what: 'In a CNN, dropout removes whole channels: one mask per image and channel, the same at every pixel. Neighbouring pixels are so correlated that dropping single ones barely regularizes.',
    formula: 'h[n, i, j, c] ← h[n, i, j, c]·m[n, c]/(1 − p),  m ~ Bernoulli(1 − p)',
    when: 'Conv nets with dropout; use a smaller p than for dense layers (0.1–0.2).',
    source: 'Tompson et al., 2015 (Efficient object localization using convolutional networks)',
  },
  'regularization.dropout': {
    what: 'While training, each hidden unit is zeroed with probability p and the rest are scaled up, so the expected activation is unchanged. Evaluation uses every unit.',
    formula: 'h ← h·m/(1 − p),  m ~ Bernoulli(1 − p)',
    when: 'Wide nets that overfit; typical p 0.1 to 0.5. It mixes poorly with BatchNorm (the variance shifts between training and evaluation).',
    source: 'Srivastava et al., 2014 (Dropout)',
  },
  'regularization.noiseStd': {
    what: 'Adds zero-mean Gaussian noise while training, on the inputs or on every hidden activation. Evaluation is noise-free.',
    formula: 'x ← x + N(0, σ²)',
    when: 'Small data sets: input noise acts like a smoothness (Tikhonov, L2-like) penalty; typical σ 0.05 to 0.3.',
    source: 'Bishop, 1995 (Training with noise is equivalent to Tikhonov regularization)',
  },
  'regularization.noiseAt': {
    what: "Where the Gaussian noise goes: on the inputs (points, pixels, or one-hot tokens), or on every hidden layer's output.",
    when: 'Inputs for a smoother decision boundary; hidden layers for a dropout-like effect.',
  },
  'regularization.labelSmoothing': {
    what: 'Mixes the one-hot targets with the uniform distribution, so the net stops pushing its logits towards infinity.',
    formula: 'y = (1 − ε)·onehot + ε/K   (K classes)',
    when: 'Overconfident nets and better calibration; typical ε 0.05 to 0.1. The loss can no longer reach 0.',
    source: 'Szegedy et al., 2016 (Rethinking the Inception architecture)',
  },
  'regularization.maxNorm': {
    what: "After every update, each unit's incoming weight vector is rescaled to norm at most c (under WeightNorm its gain g is clipped). 0 = off.",
    formula: 'w_u ← w_u·min(1, c/‖w_u‖)',
    when: 'With dropout and large learning rates; the dropout paper uses c ≈ 3 to 4.',
    source: 'Srebro & Shraibman, 2005; Srivastava et al., 2014',
  },
  'regularization.clipNorm': {
    what: 'If the norm of all gradients together exceeds c, all are scaled down to norm c; the direction is kept. 0 = off. The gradient-norm chart shows the norms before clipping.',
    formula: 'g ← g·min(1, c/‖g‖),  ‖g‖ over every parameter',
    when: 'Loss spikes, exploding gradients, large learning rates, recurrent nets.',
    source:
      'Pascanu, Mikolov & Bengio, 2013 (On the difficulty of training recurrent neural networks)',
  },
  'regularization.agc': {
    what: "Adaptive gradient clipping: each unit's gradient is capped relative to the norm of its weights, in the hidden layers (the output layer is left alone). 0 = off.",
    formula: 'g_u ← g_u·min(1, λ·max(‖w_u‖, 10⁻³)/‖g_u‖)',
    when: 'Training without normalization at large learning rates or batch sizes; typical λ 0.01 to 0.16.',
    source:
      'Brock, De, Smith & Simonyan, 2021 (High-performance large-scale image recognition without normalization)',
  },
  'regularization.penaltyScaling': {
    what: "Per-layer multiplier of L2, L1 and weight decay: the same everywhere, or proportional to the layer's fan-in, which measures weights against their 1/√fan-in initial scale.",
    formula: 'fan-in: s_l = fan_in_l / width',
    when: 'Fan-in scaling penalizes layers in proportion to how large their weights are relative to init; on a point set the first layer (fan-in 2) gets a small penalty.',
  },
  'regularization.depthProfile': {
    what: 'Per-layer multiplier of L2, L1 and weight decay over depth: flat, or growing or shrinking linearly over layers l = 1…L (output included), with mean 1 so λ keeps its size.',
    formula: 'increasing: s_l = 2l/(L + 1);  decreasing: s_l = 2(L + 1 − l)/(L + 1)',
    when: 'Experiments: regularize the deep layers more (they fit the labels) or the shallow ones more.',
  },
  'regularization.warmupSteps': {
    what: 'L2, L1 and weight-decay strengths ramp from 0 to their value over the first N steps, so the net can fit before it is held back. 0 = off.',
    formula: 'λ_t = λ·f(t/N) for t < N, λ after',
    when: 'Strong penalties that would otherwise stall the start of training.',
  },
  'regularization.warmupShape': {
    what: 'The shape of the penalty warm-up ramp.',
    formula: 'linear: f(p) = p;  cosine: f(p) = (1 − cos πp)/2',
    when: 'Cosine starts more gently and eases into the full strength.',
  },
  'regularization.penalizeBiasAndNorm': {
    what: 'Also apply L2, L1 and weight decay to biases and normalization gains and shifts (γ, β, WeightNorm g). Off by default: shrinking them fights the normalization rather than overfitting.',
    when: 'Rarely: to reproduce older setups that decayed every parameter.',
  },
  'optimizer.name': {
    what: 'The update rule that turns gradients into weight changes.',
    when: 'Adam is a robust default; SGD and momentum show the effect of scale and normalization most clearly.',
  },
  'optimizer.lr': {
    what: 'The step size η of every update (after warm-up and schedule).',
    formula: 'w ← w − η·step',
    when: 'The first knob to tune: too large diverges (the loss goes NaN), too small crawls. Adam ≈ 1e-3 to 1e-2, SGD ≈ 0.01 to 0.5.',
  },
  'optimizer.momentum': {
    what: 'The velocity decay β of Momentum and RMSProp: how much of the previous step carries over.',
    formula: 'u ← β·u + g',
    when: '0.9 is standard; higher smooths more but overshoots more.',
    source: 'Polyak, 1964',
  },
  'optimizer.nesterov': {
    what: 'Nesterov momentum: the step is taken from the look-ahead point the velocity is heading to.',
    formula: 'w ← w − η·(g + β·u)',
    when: 'Usually a little faster and steadier than plain momentum.',
    source: 'Nesterov, 1983; Sutskever et al., 2013',
  },
  'optimizer.beta1': {
    what: "Adam's decay of the running mean of gradients (first moment).",
    formula: 'm ← β₁·m + (1 − β₁)·g',
    when: '0.9 is standard; lower reacts faster to changes.',
    source: 'Kingma & Ba, 2015 (Adam)',
  },
  'optimizer.beta2': {
    what: "Adam's decay of the running mean of squared gradients (second moment).",
    formula: 'v ← β₂·v + (1 − β₂)·g²',
    when: '0.999 is standard; 0.98 to 0.99 is steadier with noisy gradients.',
    source: 'Kingma & Ba, 2015 (Adam)',
  },
  'optimizer.rho': {
    what: "RMSProp's decay of its running mean of squared gradients.",
    formula: 's ← ρ·s + (1 − ρ)·g²',
    when: '0.9 is standard.',
    source: 'Tieleman & Hinton, 2012 (Lecture 6.5, RMSProp)',
  },
  'optimizer.epsilon': {
    what: "Added to the denominator of Adam and RMSProp, so weights with tiny gradients do not take huge steps. Explicit because WebGL would lower tfjs's default.",
    formula: 'Adam: η·m̂/(√v̂ + ε);  RMSProp: η·g/√(s + ε)',
    when: 'Raise it (1e-6 to 1e-3) if updates blow up for rarely changing weights.',
  },
  'optimizer.weightDecay': {
    what: 'Decoupled weight decay: weights shrink directly each step, outside the gradient, so adaptive optimizers do not rescale it. Plain Adam refuses it: use AdamW, or L2 for the coupled form. With SGD it equals L2 with wd = 2λ.',
    formula: 'w ← w − η·wd·w   (before the optimizer step)',
    when: 'Regularizing Adam-type optimizers (AdamW); typical wd 1e-4 to 0.1.',
    source: 'Loshchilov & Hutter, 2019 (Decoupled weight decay regularization)',
  },
  'optimizer.warmupSteps': {
    what: 'The learning rate ramps linearly up to η over the first N steps. 0 = off.',
    formula: 'η_t = η·(t + 1)/N  for t < N',
    when: 'Large learning rates, Adam, deep nets: avoids early blow-ups while moments and statistics settle.',
    source: 'Goyal et al., 2017 (Accurate, large minibatch SGD)',
  },
  'optimizer.schedule': {
    what: 'After warm-up, the learning rate stays constant or follows half a cosine down to the floor at the last step.',
    formula: 'η_t = η·(f + (1 − f)·(1 + cos πp)/2),  p = (t − N)/(T − N − 1)',
    when: 'Cosine usually ends at a lower loss in a run of known length.',
    source: 'Loshchilov & Hutter, 2017 (SGDR)',
  },
  'optimizer.minLrFraction': {
    what: 'Where cosine decay ends, as a fraction f of the learning rate.',
    formula: 'η_T = f·η',
    when: '0 decays fully; 0.01 to 0.1 keeps learning a little at the end.',
  },
  'training.batchSize': {
    what: 'Examples per optimizer step; the gradient is their mean.',
    formula: 'g = (1/B)·Σᵢ ∇ℓᵢ',
    when: 'Small batches give noisier gradients (a mild regularizer) and noisy BatchNorm statistics: try Batch Renorm, LayerNorm or GroupNorm there.',
  },
  'training.steps': {
    what: 'Optimizer steps in the run; also the length T of the cosine schedule.',
    when: 'Applies live: raise it to keep training a running model.',
  },
  'training.recordEvery': {
    what: 'A history record (losses, accuracy, gradient norms, histograms) is taken every this many steps.',
    when: 'Larger values train a little faster and draw sparser charts.',
  },
};

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
