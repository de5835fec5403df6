/**
 * The MLP, written on tfjs-core ops with parameters in plain objects so every layer can report its
 * activations and each normalization stays a short function. Built from the config and a seed;
 * initial weights are drawn in JS so every backend starts from the same numbers.
 *
 * Plain layer:     h ← act(norm(W·h + b))        (placement "before")
 *                  h ← norm(act(W·h + b))        (placement "after")
 * Residual block:  h ← h + W·act(norm(h)) + b    (pre-norm, pre-activation; layers 2…depth)
 */
import * as tf from '@tensorflow/tfjs';
import type { InitName } from '../config/options';
import { ACTIVATIONS } from './activations';
import { affine } from './dense';
import { disposeGroups, trainableOf, type ForwardOptions, type LabModel, type ModelConfig, type ParamGroup } from './model';
import { NORMS, type BatchMoments } from './norms';
import { deriveSeed } from './random';
import { seededNormal, variableOf } from './variables';

export { trainableOf, type ForwardOptions, type ModelConfig };

export interface DenseLayer extends ParamGroup {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
  /** A residual block adds its output to its input. */
  residual: boolean;
  /** Whether the model's normalization applies to this layer (see `normFirstLayer`). */
  normalized: boolean;
}

/** The MLP keeps its layers by role (tests and the residual logic need them) and is a LabModel. */
export interface Mlp extends LabModel {
  hidden: DenseLayer[];
  output: DenseLayer;
}

export interface MlpForwardResult {
  logits: tf.Tensor2D;
  /** Each hidden layer's activation output (before dropout and noise). */
  activations: tf.Tensor2D[];
  /** Batch moments per hidden layer, where the norm keeps running statistics. */
  moments: (BatchMoments | undefined)[];
}

/** Standard deviation of the initial weights for a layer. */
export function initStd(init: InitName, fanIn: number, fanOut: number, activationInit: 'he' | 'glorot', std: number): number {
  const kind = init === 'auto' ? activationInit : init;
  switch (kind) {
    case 'he':
      return Math.sqrt(2 / fanIn);
    case 'glorot':
      return Math.sqrt(2 / (fanIn + fanOut));
    case 'lecun':
      return Math.sqrt(1 / fanIn);
    case 'normal':
      return std;
  }
}

export function randomMatrix(fanIn: number, fanOut: number, std: number, seed: number): tf.Variable<tf.Rank.R2> {
  return seededNormal([fanIn, fanOut], std, seed);
}

export function buildMlp(model: ModelConfig, inputDim: number, numClasses: number, seed: number): Mlp {
  const act = ACTIVATIONS[model.activation];
  const norm = NORMS[model.norm];
  const hidden: DenseLayer[] = [];
  let fanIn = inputDim;
  for (let i = 0; i < model.depth; i++) {
    const residual = model.residual && i > 0;
    const normalized = model.norm !== 'none' && (i > 0 || model.normFirstLayer);
    const zeroInit = residual && model.zeroInitResidual;
    // WeightNorm needs a direction v even when the block starts at zero: its length g starts at 0.
    const zeroByGain = zeroInit && normalized && norm.reweight !== undefined;
    const std = zeroInit && !zeroByGain ? 0 : initStd(model.init, fanIn, model.width, act.init, model.initStd);
    const w = randomMatrix(fanIn, model.width, std, deriveSeed(seed, `w${i}`));
    const normParams = normalized ? norm.create(model.width, w) : {};
    if (zeroByGain) normParams.g!.assign(tf.zeros([model.width]));
    // A residual block normalizes its input (width units); a plain layer its output (also width).
    const b = variableOf(() => tf.zeros<tf.Rank.R1>([model.width]));
    hidden.push({
      name: `hidden${i + 1}`,
      w,
      b,
      weights: [w],
      biases: [b],
      norm: normParams,
      fanIn,
      hidden: true,
      weightNormed: normalized && norm.reweight !== undefined,
      residual,
      normalized,
    });
    fanIn = model.width;
  }
  const wOut = randomMatrix(fanIn, numClasses, initStd('glorot', fanIn, numClasses, 'glorot', 0), deriveSeed(seed, 'wout'));
  const bOut = variableOf(() => tf.zeros<tf.Rank.R1>([numClasses]));
  const output: DenseLayer = {
    name: 'output',
    w: wOut,
    b: bOut,
    weights: [wOut],
    biases: [bOut],
    norm: {},
    fanIn,
    hidden: false,
    residual: false,
    normalized: false,
  };
  const groups = [...hidden, output];
  const m: Mlp = {
    hidden,
    output,
    config: model,
    groups,
    activationNames: hidden.map((l) => l.name),
    // Images arrive as [batch, H, W, 1]: the MLP sees them flattened.
    forward: (input, opts) => {
      const x = input.x.rank === 2 ? (input.x as tf.Tensor2D) : tf.reshape(input.x, [input.x.shape[0]!, -1]) as tf.Tensor2D;
      const f = forward(m, x, opts);
      const moments = f.moments.flatMap((mo, i) => (mo ? [{ norm: hidden[i]!.norm, moments: mo }] : []));
      return { logits: f.logits, activations: f.activations, moments };
    },
    dispose: () => disposeGroups(groups),
  };
  return m;
}

export function layers(m: Mlp): DenseLayer[] {
  return [...m.hidden, m.output];
}

/** Training-time Gaussian noise: zero mean, so E[x + noise] = x. */
function addNoise(x: tf.Tensor2D, std: number, seed: number): tf.Tensor2D {
  return tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seed)) as tf.Tensor2D;
}

export function forward(m: Mlp, x: tf.Tensor2D, opts: ForwardOptions): MlpForwardResult {
  const cfg = m.config;
  const act = ACTIVATIONS[cfg.activation];
  const norm = NORMS[cfg.norm];
  const seed = opts.seed ?? 1;
  const noise = opts.training ? (opts.noiseStd ?? 0) : 0;
  const rate = opts.training ? (opts.dropout ?? 0) : 0;
  const activations: tf.Tensor2D[] = [];
  const moments: (BatchMoments | undefined)[] = [];

  let h: tf.Tensor2D = noise > 0 && opts.noiseAt === 'input' ? addNoise(x, noise, seed) : x;
  m.hidden.forEach((layer, i) => {
    const w = (layer.normalized && norm.reweight ? norm.reweight(layer.w, layer.norm) : layer.w) as tf.Tensor2D;
    const linear = (t: tf.Tensor2D) => affine(t, w, layer.b as tf.Tensor1D);
    const normalize = (t: tf.Tensor2D) => {
      if (!layer.normalized) {
        moments.push(undefined);
        return t;
      }
      const r = norm.apply(t, layer.norm, opts.training, cfg);
      moments.push(r.moments);
      return r.y as tf.Tensor2D;
    };
    let a: tf.Tensor2D;
    let out: tf.Tensor2D;
    if (layer.residual) {
      a = act.fn(normalize(h)) as tf.Tensor2D;
      out = a; // the block's branch input; dropout and noise act on it before the projection
    } else if (cfg.normPlacement === 'after') {
      a = normalize(act.fn(linear(h)) as tf.Tensor2D);
      out = a;
    } else {
      a = act.fn(normalize(linear(h))) as tf.Tensor2D;
      out = a;
    }
    activations.push(a);
    // tf.dropout is inverted dropout: kept units are scaled by 1/(1−rate), so E[output] = a.
    if (rate > 0) out = tf.dropout(out, rate, undefined, seed + 2 * i + 1) as tf.Tensor2D;
    if (noise > 0 && opts.noiseAt === 'hidden') out = addNoise(out, noise, seed + 2 * i + 2);
    h = layer.residual ? (tf.add(h, linear(out)) as tf.Tensor2D) : out;
  });
  const logits = affine(h, m.output.w as tf.Tensor2D, m.output.b as tf.Tensor1D);
  return { logits, activations, moments };
}

export function disposeMlp(m: Mlp): void {
  m.dispose();
}
