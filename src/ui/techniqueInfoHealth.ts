/**
 * Info popovers of the `diagnostics.*` and `adaptive.*` fields: what each training-health
 * measurement and controller does, its formula and when to use it. Part of FIELD_INFO
 * (techniqueInfo.ts), kept apart because these fields observe or steer training rather than
 * define the model.
 */
import type { FieldPath } from './formFields';
import type { TechniqueInfo } from './techniqueInfo';

type HealthPath = Extract<FieldPath, `diagnostics.${string}` | `adaptive.${string}`>;

export const HEALTH_INFO: Record<HealthPath, TechniqueInfo> = {
  'diagnostics.monitor': {
    what: 'Rules checked on every record: a non-finite loss, exploding or vanishing gradients, many dead units, loss spikes, an oscillating loss, a BatchNorm train/evaluation gap. Each alert has a plain explanation and a suggested remedy, listed on the Events tab and marked on the loss chart. It only reports; it never changes training.',
    when: 'Leave it on; it costs next to nothing.',
  },
  'diagnostics.layerStats': {
    what: "Per layer on every record: the size of the step relative to the weights (update/weight ratio), and each hidden activation's mean and standard deviation, the share of dead units (constant over the whole batch, e.g. a ReLU that is zero on every example) and of saturated values (a tanh/sigmoid output within 1% of its limits).",
    formula: 'r = ‖w_t+1 − w_t‖/‖w_t+1‖;  dead = share of units with max = min over the batch',
    when: 'A rule of thumb puts r near 1e-3 per step: far below, a layer barely learns; near 1e-1 it is rewritten every step. Many dead or saturated units point at a too large learning rate or a bad initialization.',
    source: 'Karpathy, CS231n notes (ratio of weight updates to weight magnitudes)',
  },
  'diagnostics.gradHistograms': {
    what: "A histogram of log₁₀|g| over each layer's weight gradients on every record, drawn as a step × value heatmap (darker = more weights) beside the current histogram.",
    formula: 'bins of log₁₀|∂L/∂w| per layer',
    when: 'Vanishing gradients show as the mass sliding to small exponents in the early layers, exploding ones as it slides up. Turn it off to save a little time per record.',
    source: "TensorBoard's histogram and distribution dashboards",
  },
  'diagnostics.calibration': {
    what: "How far the net's confidence is from its accuracy on the validation set: examples are binned by their top-class probability; each bin's accuracy is compared with its mean confidence (the reliability diagram), and the gaps are averaged, weighted by the bin sizes (ECE).",
    formula: 'ECE = Σ_b (n_b/N)·|acc_b − conf_b|',
    when: 'To see whether probabilities can be trusted: long training and overfitting make nets overconfident (bars below the diagonal); label smoothing usually lowers ECE.',
    source:
      'Guo, Pleiss, Sun & Weinberger, 2017 (On calibration of modern neural networks); Naeini, Cooper & Hauskrecht, 2015',
  },
  'diagnostics.sharpnessEvery': {
    what: 'The top eigenvalue λ_max of the Hessian of the training loss ("sharpness"), by power iteration on Hessian-vector products from finite differences of gradients, on a fixed training batch, every this many steps. Off (0) by default, because it is costly: the Curvature & calibration tab turns it on.',
    formula: 'Hv ≈ (∇L(w + εv) − ∇L(w − εv))/(2ε);  v ← Hv/‖Hv‖;  λ ≈ vᵀHv',
    when: 'Plain gradient descent is stable on a quadratic only while λ_max < 2/η, and in practice sharpness rises until it hovers at 2/η: the edge of stability. Momentum and Adam have other thresholds. Each measurement costs 2 × (iterations + ⌈iterations/3⌉) gradients on the sharpness batch: with the defaults about as much arithmetic as 16 training steps, so every 50 steps makes training about a third slower. Every 50–200 steps is plenty.',
    source:
      'Cohen, Kaur, Li, Kolter & Talwalkar, 2021 (Gradient descent on neural networks typically occurs at the edge of stability)',
  },
  'diagnostics.sharpnessIterations': {
    what: 'Power iterations per sharpness measurement. More iterations come closer to the true top eigenvalue.',
    formula: 'cost = 2 × (iterations + ⌈iterations/3⌉) gradient evaluations on the sharpness batch',
    when: 'A few (about 8) are usually enough; raise it when the sharpness curve is noisy.',
  },
  'diagnostics.sharpnessBatch': {
    what: 'The fixed batch the Hessian is taken on: the first this many training examples, the same every time, so measurements are comparable over the run.',
    when: 'Larger is closer to the full-data Hessian and slower; a few hundred examples is a fair compromise.',
  },
  'adaptive.clip': {
    what: 'Clips the global gradient norm at a running percentile of its own recent values, so the threshold follows the scale of the run instead of being fixed in advance. Nothing is clipped until the window is full. Every clip is logged as an event.',
    formula: 'c_t = P_p(‖g‖ over the last W steps);  g ← g·min(1, c_t/‖g‖)',
    when: 'Spiky losses where a fixed clip norm is hard to choose.',
    source:
      'Seetharaman, Wichern, Pardo & Le Roux, 2020 (AutoClip: adaptive gradient clipping for source separation networks)',
  },
  'adaptive.clipPercentile': {
    what: 'Which percentile p of the recent gradient norms becomes the clipping threshold.',
    formula: 'c_t = P_p(recent ‖g‖)',
    when: '90 clips only the largest tenth of steps; lower values clip more often and more strongly.',
  },
  'adaptive.clipWindow': {
    what: 'How many recent steps the percentile is taken over.',
    formula: 'W steps',
    when: 'Short windows follow a changing gradient scale quickly; long ones give a steadier threshold.',
  },
  'adaptive.decayControl': {
    what: 'A feedback controller on the L2 strength: it raises λ while the generalization gap (validation − training loss) is above the target and lowers it while below. Every change is logged as an event.',
    formula: 'gap = L_val − L_train;  gap > target ⇒ λ up;  gap < target ⇒ λ down',
    when: 'Small or noisy data where the right penalty is not known in advance.',
  },
  'adaptive.gapTarget': {
    what: 'The generalization gap the decay controller aims for, in loss units.',
    formula: 'target for L_val − L_train',
    when: 'A small positive value (0.05–0.2 for cross-entropy); 0 would push the penalty up until the net underfits.',
  },
  'adaptive.lrBackoff': {
    what: 'When the training loss jumps above a multiple of its running average, the learning rate is multiplied by the back-off factor. Every back-off is logged as an event.',
    formula: 'L_t > s·L̄  ⇒  η ← b·η',
    when: 'Learning rates near the edge of stability: a safety net, not a substitute for a good η.',
  },
  'adaptive.spikeFactor': {
    what: 'How far above its running average the loss must jump to count as a spike.',
    formula: 'spike: L_t > s·L̄',
    when: '1.5 catches real spikes; values near 1 react to ordinary minibatch noise.',
  },
  'adaptive.backoffFactor': {
    what: 'Each back-off multiplies the learning rate by this factor.',
    formula: 'η ← b·η',
    when: '0.5 halves the rate; repeated spikes compound.',
  },
  'adaptive.rewind': {
    what: 'On a non-finite loss, restore the weights and optimizer state of the last finite checkpoint and cut the learning rate, instead of stopping the run as diverged. Every rewind is logged as an event.',
    when: 'Long runs at aggressive learning rates, where one blow-up should not end the run.',
  },
};
