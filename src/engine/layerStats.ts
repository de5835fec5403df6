/**
 * Per-layer health measurements, reduced on the device into small tensors that the trainer packs
 * into its one record readback. Each function is what a practitioner would compute by hand:
 * ‖Δw‖/‖w‖, activation mean/std, dead units, saturated values, and the spread of gradient sizes.
 */
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS } from './activations';
import { HISTOGRAM_BINS, histograms } from './diagnostics';
import { flattenTensors } from './flat';
import { type GroupSums, withGroupSums } from './groupSums';
import type { ModelConfig } from './model';
import { maxOverBatch, meanOfSlices, minOverBatch } from './rows';
import type { TensorCache } from './tensorCache';

/** A unit whose output varies by less than this over the batch counts as dead (carries no signal). */
export const DEAD_TOLERANCE = 1e-6;
/** A bounded activation's value within this fraction of its range from either limit is saturated. */
export const SATURATION_MARGIN = 0.01;
/**
 * Gradient histograms bin log₁₀|g| over this fixed range, so columns of the over-time heatmap share
 * one axis: 1e-10 … 1e2 covers vanishing and exploding layers; zeros land in the bottom bin.
 */
export const GRAD_LOG_RANGE: [number, number] = [-10, 2];

/**
 * The output range of the reported activations when they are a bounded nonlinearity's output, or
 * null when saturation does not apply (unbounded activations, norms applied after the activation,
 * a Transformer's residual stream).
 */
export function saturationRange(model: ModelConfig): [number, number] | null {
  if (model.arch === 'transformer') return null;
  if (model.arch === 'rnn')
    return model.cell === 'gru' ? [-1, 1] : ACTIVATIONS[model.activation].range;
  if (model.normPlacement === 'after') return null;
  return ACTIVATIONS[model.activation].range;
}

/**
 * For each activation tensor (units on the last axis): [mean, std, dead fraction] and, when
 * `range` is given, the saturated fraction. Returns [H, 3] or [H, 4].
 */
export function activationStats(acts: tf.Tensor[], range: [number, number] | null): tf.Tensor2D {
  const shape = acts[0]?.shape.join();
  // Same-shaped activations (an MLP's hidden layers) are measured stacked, in one set of kernel
  // launches instead of ~20 per layer; the statistics are the same.
  if (acts.length > 1 && acts.every((a) => a.shape.join() === shape)) {
    const units = acts[0]!.shape[acts[0]!.rank - 1] ?? 1;
    return stackedStats(tf.reshape(tf.stack(acts), [acts.length, -1, units]) as tf.Tensor3D, range);
  }
  return tf.concat(
    acts.map((a) => {
      const units = a.shape[a.rank - 1] ?? 1;
      return stackedStats(tf.reshape(a, [1, -1, units]) as tf.Tensor3D, range);
    }),
  ) as tf.Tensor2D;
}

/** activationStats of [H, values per unit, units]: one row per leading index. */
function stackedStats(x: tf.Tensor3D, range: [number, number] | null): tf.Tensor2D {
  // E[x²] − E[x]² rather than tf.moments, whose x − mean broadcast takes tfjs-cpu's slow
  // element-by-element path (a third of a record's statistics time there). The cancellation
  // loses ~1e-7·mean²/variance of the variance in float32: invisible for activations whose mean
  // is not thousands of standard deviations from zero. Rounding below zero is clamped.
  // Pooling windows, not tfjs reductions: one output per thread (see rows.ts).
  const mean = meanOfSlices(x);
  const variance = tf.relu(tf.sub(meanOfSlices(tf.square(x) as tf.Tensor3D), tf.square(mean)));
  const spread = tf.sub(maxOverBatch(x), minOverBatch(x));
  const dead = tf.mean(tf.cast(tf.lessEqual(spread, DEAD_TOLERANCE), 'float32'), 1);
  const columns = [mean, tf.sqrt(variance), dead];
  if (range) {
    const margin = SATURATION_MARGIN * (range[1] - range[0]);
    const near = tf.logicalOr(
      tf.lessEqual(x, range[0] + margin),
      tf.greaterEqual(x, range[1] - margin),
    );
    columns.push(meanOfSlices(tf.cast(near, 'float32') as tf.Tensor3D));
  }
  return tf.stack(columns, 1) as tf.Tensor2D;
}

/**
 * Per layer, from flat weight vectors (`flattenTensors` of each layer's weights in turn): the
 * squared weight norm ‖w‖² after the step and, given the weights from before it, the update ratio
 * ‖Δw‖/‖w_before‖ (how far one step moved the layer). One matrix product for all of them.
 */
export function weightStats(
  after: tf.Tensor1D,
  before: tf.Tensor1D | null,
  sums: GroupSums,
): { weightSq: tf.Tensor1D; updateRatios: tf.Tensor1D | null } {
  if (!before)
    return { weightSq: tf.reshape(sums.sums([tf.square(after)]), [-1]), updateRatios: null };
  const [weightSq, delta, size] = tf.unstack(
    sums.sums([tf.square(after), tf.square(tf.sub(after, before)), tf.square(before)]),
  ) as tf.Tensor1D[];
  return { weightSq: weightSq!, updateRatios: tf.sqrt(tf.div(delta!, tf.maximum(size!, 1e-30))) };
}

/** ‖Δw‖/‖w_before‖ per layer, over each layer's weight tensors: how far one step moved it. */
export function updateRatios(
  before: tf.Tensor[][],
  after: tf.Tensor[][],
  sums?: GroupSums,
): tf.Tensor1D {
  return withGroupSums(
    before,
    sums,
    (s) =>
      weightStats(flattenTensors(after.flat()), flattenTensors(before.flat()), s).updateRatios!,
  );
}

/** Per layer: histogram of log₁₀|g| over its weights' gradients, [lo, hi, counts…] concatenated. */
export function gradientLogHistograms(grads: tf.Tensor[][], constants?: TensorCache): tf.Tensor1D {
  const perLayer = grads.map((gs) =>
    gs.length === 1 ? tf.reshape(gs[0]!, [-1]) : tf.concat(gs.map((g) => tf.reshape(g, [-1]))),
  );
  // 1e-30 keeps log finite for exact zeros, which then fall into the bottom bin.
  const logAbs = (g: tf.Tensor1D) =>
    tf.div(tf.log(tf.add(tf.abs(g), 1e-30)), Math.LN10) as tf.Tensor1D;
  return histograms(perLayer, GRAD_LOG_RANGE, HISTOGRAM_BINS, logAbs, constants);
}
