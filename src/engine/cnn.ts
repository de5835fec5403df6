/**
 * A small convolutional net on tfjs-core ops, NHWC:
 *
 *   conv layer:  h ← pool(act(norm(conv(h, K) + b)))     (placement "before")
 *                h ← pool(norm(act(conv(h, K) + b)))     (placement "after")
 *   head:        logits = mean over H, W of h, then a dense layer (global-average pooling)
 *
 * Kernels are [k, k, cIn, cOut] with 'same' padding, so "per unit" means per output channel (the
 * last axis), which is what every norm, penalty and clip in the lab expects. The global-average
 * head has only channels × classes weights: little to overfit, so the norms and regularizers of
 * the conv stack are what a learner sees acting.
 */
import * as tf from '@tensorflow/tfjs';
import { affine } from './dense';
import { ACTIVATIONS } from './activations';
import { conv2dSame } from './conv';
import { randomMatrix, initStd } from './mlp';
import { disposeGroups, type ForwardOptions, type LabModel, type ModelConfig, type ParamGroup } from './model';
import { NORMS, type NormParams } from './norms';
import { deriveSeed } from './random';
import { seededNormal, variableOf } from './variables';

/** Pooling stops once the feature map is this small, so deep stacks keep some spatial extent. */
const MIN_POOL_SIZE = 4;

interface ConvLayer extends ParamGroup {
  kernel: tf.Variable<tf.Rank.R4>;
  bias: tf.Variable<tf.Rank.R1>;
  pooled: boolean;
}

function randomKernel(k: number, cIn: number, cOut: number, std: number, seed: number): tf.Variable<tf.Rank.R4> {
  return seededNormal([k, k, cIn, cOut], std, seed);
}

export function buildCnn(model: ModelConfig, data: { inputShape: number[]; numClasses: number }, seed: number): LabModel {
  const [height, width, channelsIn] = data.inputShape as [number, number, number];
  const act = ACTIVATIONS[model.activation];
  const norm = NORMS[model.norm];
  const k = model.kernelSize;
  const C = model.channels;
  const convs: ConvLayer[] = [];
  let cIn = channelsIn;
  let size = Math.min(height, width);
  for (let i = 0; i < model.depth; i++) {
    const fanIn = k * k * cIn;
    const std = initStd(model.init, fanIn, k * k * C, act.init, model.initStd);
    const kernel = randomKernel(k, cIn, C, std, deriveSeed(seed, `conv${i}`));
    const bias = variableOf(() => tf.zeros<tf.Rank.R1>([C]));
    const normParams: NormParams = model.norm === 'none' ? {} : norm.create(C, kernel);
    const pooled = model.pool !== 'none' && size >= MIN_POOL_SIZE;
    if (pooled) size = Math.floor(size / 2);
    convs.push({
      name: `conv${i + 1}`,
      kernel,
      bias,
      weights: [kernel],
      biases: [bias],
      norm: normParams,
      fanIn,
      hidden: true,
      weightNormed: norm.reweight !== undefined,
      pooled,
    });
    cIn = C;
  }
  const wOut = randomMatrix(C, data.numClasses, initStd('glorot', C, data.numClasses, 'glorot', 0), deriveSeed(seed, 'wout'));
  const bOut = variableOf(() => tf.zeros<tf.Rank.R1>([data.numClasses]));
  const output: ParamGroup = { name: 'output', weights: [wOut], biases: [bOut], norm: {}, fanIn: C, hidden: false };
  const groups: ParamGroup[] = [...convs, output];

  const forward: LabModel['forward'] = (input, opts: ForwardOptions) => {
    const seed0 = opts.seed ?? 1;
    const rate = opts.training ? (opts.dropout ?? 0) : 0;
    const noise = opts.training ? (opts.noiseStd ?? 0) : 0;
    const addNoise = (t: tf.Tensor, s: number) => tf.add(t, tf.randomNormal(t.shape, 0, noise, 'float32', s));
    let h = input.x as tf.Tensor4D;
    if (noise > 0 && opts.noiseAt === 'input') h = addNoise(h, seed0) as tf.Tensor4D;
    const activations: tf.Tensor[] = [];
    const moments: { norm: NormParams; moments: { mean: tf.Tensor; variance: tf.Tensor } }[] = [];
    convs.forEach((layer, i) => {
      const kernel = (norm.reweight ? norm.reweight(layer.kernel, layer.norm) : layer.kernel) as tf.Tensor4D;
      const z = tf.add(conv2dSame(h, kernel), layer.bias);
      const normalize = (t: tf.Tensor) => {
        const r = norm.apply(t, layer.norm, opts.training, model);
        if (r.moments) moments.push({ norm: layer.norm, moments: r.moments });
        return r.y;
      };
      const a = (model.normPlacement === 'after' ? normalize(act.fn(z)) : act.fn(normalize(z))) as tf.Tensor4D;
      activations.push(a);
      let out: tf.Tensor4D = a;
      if (layer.pooled) {
        out = model.pool === 'max' ? tf.maxPool(out, 2, 2, 'valid') : tf.avgPool(out, 2, 2, 'valid');
      }
      if (rate > 0) {
        // Spatial dropout: one keep/drop draw per (example, channel), broadcast over H and W,
        // because neighbouring pixels are so correlated that dropping single ones barely regularizes.
        const [b, , , c] = out.shape;
        const noiseShape = opts.spatialDropout ? [b, 1, 1, c] : undefined;
        out = tf.dropout(out, rate, noiseShape, seed0 + 2 * i + 1) as tf.Tensor4D;
      }
      if (noise > 0 && opts.noiseAt === 'hidden') out = addNoise(out, seed0 + 2 * i + 2) as tf.Tensor4D;
      h = out;
    });
    const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
    const logits = affine(pooled as tf.Tensor2D, wOut as tf.Tensor2D, bOut as tf.Tensor1D);
    return { logits, activations, moments };
  };

  return {
    config: model,
    groups,
    activationNames: convs.map((c) => c.name),
    forward,
    dispose: () => disposeGroups(groups),
  };
}
