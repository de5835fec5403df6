/**
 * A small Transformer encoder for token-sequence classification, on tfjs-core ops.
 *
 *   x₀ = onehot(tokens)·E + P[:T]                                     [B, T, d]
 *   pre-LN  (GPT-2; Xiong et al. 2020):  x ← x + Attn(N1(x));  x ← x + MLP(N2(x));  final N before pooling
 *   post-LN (Vaswani et al. 2017):       x ← N1(x + Attn(x));  x ← N2(x + MLP(x))
 *   norm "none":                         x ← x + Attn(x);      x ← x + MLP(x)
 *   MLP(x) = act(x·W1 + b1)·W2 + b2  (d → 2d → d);   logits = maskedMean_t(x)·Wout + bout
 *
 * The embedding is a one-hot matMul rather than tf.gather: gather's gradient (UnsortedSegmentSum)
 * has no WASM kernel, the matMul's gradient runs everywhere. N acts per token (units on the last
 * axis), so padding never enters a statistic, and padded keys get no attention: the logits of a
 * sequence do not depend on what its padding holds.
 */
import * as tf from '@tensorflow/tfjs';
import { affine } from './dense';
import { ARCH_NORMS } from '../config/options';
import { ACTIVATIONS } from './activations';
import { selfAttention, dense, type AttentionParams } from './attention';
import { initStd } from './mlp';
import {
  disposeGroups,
  type ForwardOptions,
  type ForwardResult,
  type LabModel,
  type ModelConfig,
  type ModelInput,
  type ParamGroup,
} from './model';
import { NORMS, type NormParams } from './norms';
import { deriveSeed } from './random';
import { seededNormal, variableOf } from './variables';

/**
 * Learned positions start small (GPT-2 uses 0.01–0.02): position begins as a slight perturbation of
 * each token's unit-scale embedding and grows only as far as the task needs it. Learned rather
 * than sinusoidal so the table is an ordinary trainable weight that penalties and charts see.
 */
export const POSITION_INIT_STD = 0.02;

/** The MLP widens the stream by this factor (4 in GPT-2; 2 keeps the lab's models small). */
const MLP_EXPANSION = 2;

type Weight = tf.Variable<tf.Rank.R2>;
type Bias = tf.Variable<tf.Rank.R1>;

interface Block {
  attn: AttentionParams<Weight, Bias>;
  mlp: { w1: Weight; b1: Bias; w2: Weight; b2: Bias };
  /** N1 (before or after the attention) and N2 (the MLP's). */
  n1: NormParams;
  n2: NormParams;
}

export interface TransformerData {
  /** [T]: the padded sequence length, which fixes the positional table. */
  inputShape: number[];
  numClasses: number;
  vocabSize: number;
}

function randomMatrix(rows: number, cols: number, std: number, seed: number): Weight {
  return seededNormal([rows, cols], std, seed);
}

const zeros = (n: number): Bias => variableOf(() => tf.zeros<tf.Rank.R1>([n]));

function checkShapes(model: ModelConfig, data: TransformerData): number {
  const time = data.inputShape[0];
  if (data.inputShape.length !== 1 || !time || time < 1) {
    throw new Error(
      `transformer: inputShape must be [sequenceLength], got [${data.inputShape.join(', ')}]`,
    );
  }
  if (!Number.isInteger(data.vocabSize) || data.vocabSize < 1) {
    throw new Error(`transformer: vocabSize must be a positive integer, got ${data.vocabSize}`);
  }
  if (model.width % model.heads !== 0) {
    throw new Error(`model.heads: ${model.heads} heads do not divide the width ${model.width}`);
  }
  if (!ARCH_NORMS.transformer.includes(model.norm)) {
    throw new Error(
      `model.norm: "${model.norm}" is not available for the transformer (${ARCH_NORMS.transformer.join(', ')})`,
    );
  }
  return time;
}

export function buildTransformer(
  model: ModelConfig,
  data: TransformerData,
  seed: number,
): LabModel {
  const maxTime = checkShapes(model, data);
  const d = model.width;
  const hiddenUnits = MLP_EXPANSION * d;
  const act = ACTIVATIONS[model.activation];
  const norm = NORMS[model.norm];
  const w = (name: string, rows: number, cols: number, std: number) =>
    randomMatrix(rows, cols, std, deriveSeed(seed, name));
  // A one-hot row has a single entry 1, so fan-in 1 and unit std keep each token's embedding at
  // unit variance per component (LeCun's rule), the scale every later init assumes.
  const embedStd = model.init === 'normal' ? model.initStd : 1;
  // Projections are linear (Glorot = LeCun for d×d); the MLP follows the activation's family.
  const projStd = initStd(model.init, d, d, 'glorot', model.initStd);
  // zeroInitResidual: each branch's last matrix starts at 0, so every block begins as the identity.
  const outStd = (fanIn: number, family: 'he' | 'glorot') =>
    model.zeroInitResidual ? 0 : initStd(model.init, fanIn, d, family, model.initStd);

  const embed = {
    e: w('embed', data.vocabSize, d, embedStd),
    p: w('position', maxTime, d, POSITION_INIT_STD),
  };
  const blocks: Block[] = Array.from({ length: model.depth }, (_, i) => {
    const k = i + 1;
    const attn = {
      wq: w(`wq${k}`, d, d, projStd),
      wk: w(`wk${k}`, d, d, projStd),
      wv: w(`wv${k}`, d, d, projStd),
      wo: w(`wo${k}`, d, d, outStd(d, 'glorot')),
      bq: zeros(d),
      bk: zeros(d),
      bv: zeros(d),
      bo: zeros(d),
    };
    const mlp = {
      w1: w(
        `w1_${k}`,
        d,
        hiddenUnits,
        initStd(model.init, d, hiddenUnits, act.init, model.initStd),
      ),
      b1: zeros(hiddenUnits),
      w2: w(`w2_${k}`, hiddenUnits, d, outStd(hiddenUnits, act.init)),
      b2: zeros(d),
    };
    return { attn, mlp, n1: norm.create(d, attn.wo), n2: norm.create(d, mlp.w2) };
  });
  const finalNorm: NormParams = model.blockNorm === 'pre' ? norm.create(d, embed.e) : {};
  const head = {
    w: w('wout', d, data.numClasses, initStd('glorot', d, data.numClasses, 'glorot', 0)),
    b: zeros(data.numClasses),
  };

  // fanIn is d for every hidden group, the MLP's included (its W2 really reads 2d inputs): one
  // number per group, and d is what the residual stream feeding each sublayer carries.
  const group = (name: string, weights: Weight[], biases: Bias[], params: NormParams, fanIn = d) =>
    ({
      name,
      weights,
      biases,
      norm: params,
      fanIn,
      hidden: name !== 'output',
    }) satisfies ParamGroup;
  const groups: ParamGroup[] = [
    group('embed', [embed.e, embed.p], [], {}, data.vocabSize),
    ...blocks.flatMap(({ attn: a, mlp, n1, n2 }, i) => [
      group(`attn${i + 1}`, [a.wq, a.wk, a.wv, a.wo], [a.bq, a.bk, a.bv, a.bo], n1),
      group(`mlp${i + 1}`, [mlp.w1, mlp.w2], [mlp.b1, mlp.b2], n2),
    ]),
    group('output', [head.w], [head.b], finalNorm),
  ];
  const activationNames = blocks.flatMap((_, i) => [`attn${i + 1}`, `mlp${i + 1}`]);

  function forward(input: ModelInput, opts: ForwardOptions): ForwardResult {
    const [batch, time] = input.x.shape as [number, number];
    if (input.x.rank !== 2 || time > maxTime) {
      throw new Error(
        `transformer: tokens must be [batch, T ≤ ${maxTime}], got [${input.x.shape.join(', ')}]`,
      );
    }
    const { training } = opts;
    const seed = opts.seed ?? 1;
    const rate = training ? (opts.dropout ?? 0) : 0;
    const noiseStd = training ? (opts.noiseStd ?? 0) : 0;
    const result = tf.tidy(() => {
      const mask = input.mask ? tf.cast(input.mask, 'float32') : tf.ones([batch, time]);
      const normed = (x: tf.Tensor, p: NormParams) => norm.apply(x, p, training, model, mask).y;
      const noisy = (x: tf.Tensor, site: string) =>
        tf.add(
          x,
          tf.randomNormal(x.shape, 0, noiseStd, 'float32', deriveSeed(seed, `noise-${site}`)),
        );
      // Dropout and noise act on a sublayer's output before it joins the residual stream.
      const branch = (x: tf.Tensor, site: string) => {
        let y = rate > 0 ? tf.dropout(x, rate, undefined, deriveSeed(seed, `dropout-${site}`)) : x;
        if (noiseStd > 0 && opts.noiseAt === 'hidden') y = noisy(y, site);
        return y;
      };
      const sublayer = (
        x: tf.Tensor,
        p: NormParams,
        f: (t: tf.Tensor) => tf.Tensor,
        site: string,
      ) => {
        if (model.blockNorm === 'pre') return tf.add(x, branch(f(normed(x, p)), site));
        return normed(tf.add(x, branch(f(x), site)), p);
      };

      // int32 then cast: the WASM OneHot kernel ignores a float32 dtype and writes int bits (≈ 0).
      const oneHot = tf.cast(
        tf.oneHot(tf.reshape(tf.cast(input.x, 'int32'), [-1]), data.vocabSize),
        'float32',
      );
      const tokens = tf.reshape(tf.matMul(oneHot, embed.e), [batch, time, d]);
      let x: tf.Tensor = tf.add(tokens, tf.slice(embed.p, [0, 0], [time, d]));
      if (noiseStd > 0 && opts.noiseAt === 'input') x = noisy(x, 'input');

      const activations: tf.Tensor[] = [];
      blocks.forEach(({ attn, mlp, n1, n2 }, i) => {
        const site = (kind: string) => `${kind}${i + 1}`;
        x = sublayer(x, n1, (t) => selfAttention(t, attn, model.heads, mask).y, site('attn'));
        activations.push(x);
        const feedForward = (t: tf.Tensor) =>
          dense(act.fn(dense(t, mlp.w1, mlp.b1)), mlp.w2, mlp.b2);
        x = sublayer(x, n2, feedForward, site('mlp'));
        activations.push(x);
      });
      if (model.blockNorm === 'pre') x = normed(x, finalNorm);

      const m = tf.expandDims(mask, -1);
      const count = tf.maximum(tf.sum(mask, 1, true), 1);
      const pooled = tf.div(tf.sum(tf.mul(x, m), 1), count);
      const logits = affine(pooled as tf.Tensor2D, head.w as tf.Tensor2D, head.b as tf.Tensor1D);
      return { logits, activations };
    });
    // No running statistics: LayerNorm and RMSNorm are per token, the same in training and evaluation.
    return { ...result, moments: [] };
  }

  return { config: model, groups, activationNames, forward, dispose: () => disposeGroups(groups) };
}
