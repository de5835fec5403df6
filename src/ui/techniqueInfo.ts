/**
 * What every config field and every technique choice does, for the form's info popovers: a
 * plain-language explanation, the formula as the engine computes it (see src/engine and the
 * README's technique table), when to reach for it, and where it comes from. One table, keyed by
 * config path; the choices of a select are described in techniqueChoices.ts.
 */
import type { FieldPath } from './formFields';
import { HEALTH_INFO } from './techniqueInfoHealth';

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
  ...HEALTH_INFO,
};

export { CHOICE_INFO } from './techniqueChoices';
