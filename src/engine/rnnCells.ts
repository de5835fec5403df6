/**
 * Recurrent cells and the per-time-step normalization they share. A layer keeps its gates
 * concatenated on the last axis (units last, as every weight in the lab): Wx [in, G·H],
 * Wh [H, G·H], b [G·H], and one NormParams of G·H units, G = 1 (vanilla) or 3 (GRU: z, r, n).
 *
 * Vanilla:  h' = act(N(x·Wx + h·Wh + b))
 * GRU:      z  = σ(N_z(x·Wz + h·Uz + bz))
 *           r  = σ(N_r(x·Wr + h·Ur + br))
 *           n  = tanh(N_n(x·Wn + r⊙(h·Un) + bn))
 *           h' = (1−z)⊙n + z⊙h
 *
 * Where the GRU normalizes: each gate's whole pre-activation, separately, at every step (as
 * TensorFlow's LayerNormBasicLSTMCell does per gate). N_z, N_r, N_n use the z, r and n slices of
 * the layer's γ, β and running statistics; LayerNorm/RMSNorm take each gate's statistics over its own
 * H units, so a large reset pre-activation cannot rescale the update gate (one LayerNorm over the
 * concatenated 3H would mix them); BatchNorm is per unit anyway. For LayerNorm this is GroupNorm with
 * 3 groups over the concatenation, and it keeps one NormParams per layer, which is what a
 * ParamGroup holds. The candidate is normalized after r is applied, because x·Wn and r⊙(h·Un) are
 * only summed there. The state h' itself is not normalized: the interpolation keeps it in (−1, 1).
 */
import * as tf from '@tensorflow/tfjs';
import type { CellName } from '../config/options';
import type { BatchMoments, NormParams } from './norms';

export interface RecurrentLayer {
  name: string;
  /** Input weights [in, G·H] (the first layer's rows are token embeddings, read through one-hot). */
  wx: tf.Variable<tf.Rank.R2>;
  /** Recurrent weights [H, G·H]. */
  wh: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
  norm: NormParams;
}

export interface StepContext {
  /** Normalizes gate `gate`'s pre-activation [B, H] at this time step. */
  normalize(a: tf.Tensor2D, gate: number): tf.Tensor2D;
  act: (x: tf.Tensor) => tf.Tensor;
}

export interface CellSpec {
  gates: number;
  /** Prefix of the layer names (`rnn1`, `gru1`, …). */
  prefix: string;
  /**
   * One step. `xb` = x_t·Wx + b [B, G·H], computed for all steps at once before the recurrence;
   * returns the candidate state h' [B, H] (the caller applies the padding mask).
   */
  step(xb: tf.Tensor2D, h: tf.Tensor2D, layer: RecurrentLayer, ctx: StepContext): tf.Tensor2D;
}

export const CELLS: Record<CellName, CellSpec> = {
  vanilla: {
    gates: 1,
    prefix: 'rnn',
    step: (xb, h, layer, ctx) =>
      ctx.act(ctx.normalize(tf.add(xb, tf.matMul(h, layer.wh)), 0)) as tf.Tensor2D,
  },
  gru: {
    gates: 3,
    prefix: 'gru',
    step: (xb, h, layer, ctx) => {
      const [xz, xr, xn] = tf.split(xb, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const [hz, hr, hn] = tf.split(tf.matMul(h, layer.wh), 3, 1) as [
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      const z = tf.sigmoid(ctx.normalize(tf.add(xz, hz), 0));
      const r = tf.sigmoid(ctx.normalize(tf.add(xr, hr), 1));
      const n = tf.tanh(ctx.normalize(tf.add(xn, tf.mul(r, hn)), 2));
      return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
    },
  },
};

/**
 * Gate `gate`'s slice of a layer's norm parameters. The slices are tensors, not variables, but the
 * norms only read them, and the gradient of a slice reaches the whole variable.
 */
export function gateNormParams(
  p: NormParams,
  gate: number,
  units: number,
  gates: number,
): NormParams {
  if (gates === 1) return p;
  const view: NormParams = {};
  for (const key of ['gamma', 'beta', 'runningMean', 'runningVar'] as const) {
    const v = p[key];
    if (v) view[key] = tf.slice(v, [gate * units], [units]) as tf.Variable;
  }
  return view;
}

/**
 * Running statistics are shared by every time step (lengths vary, so per-step statistics as in
 * Cooijmans et al. 2016 would be thin at the late steps). The batch moments of one forward are the
 * per-step moments averaged with weights = real tokens at that step: steps of pure padding weigh
 * nothing, and each real token counts once, as in a BatchNorm over all real tokens. The variance is
 * the average of the per-step variances (what training normalized with), not the pooled variance,
 * which would add the spread of the per-step means.
 */
export class MomentLog {
  private readonly entries: { gate: number; moments: BatchMoments; count: tf.Tensor }[] = [];

  add(gate: number, moments: BatchMoments, count: tf.Tensor): void {
    this.entries.push({ gate, moments, count });
  }

  /** Averaged moments [G·H], gates concatenated like the parameters; undefined if nothing was logged. */
  average(gates: number): BatchMoments | undefined {
    if (this.entries.length === 0) return undefined;
    const parts = Array.from({ length: gates }, (_, g) => {
      const es = this.entries.filter((e) => e.gate === g);
      const counts = tf.stack(es.map((e) => e.count));
      const w = tf.expandDims(tf.div(counts, tf.maximum(tf.sum(counts), 1)), 1);
      const weighted = (pick: (m: BatchMoments) => tf.Tensor) =>
        tf.sum(tf.mul(tf.stack(es.map((e) => pick(e.moments))), w), 0);
      return { mean: weighted((m) => m.mean), variance: weighted((m) => m.variance) };
    });
    if (gates === 1) return parts[0];
    return {
      mean: tf.concat(parts.map((p) => p.mean)),
      variance: tf.concat(parts.map((p) => p.variance)),
    };
  }
}
