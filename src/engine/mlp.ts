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
import type { ExperimentConfig } from '../config/schema';
import { ACTIVATIONS } from './activations';
import { NORMS, type BatchMoments, type NormParams } from './norms';
import { deriveSeed, makeRng, normal } from './random';
import { variableOf } from './variables';

export type ModelConfig = ExperimentConfig['model'];

export interface DenseLayer {
  name: string;
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
  norm: NormParams;
  fanIn: number;
  /** A residual block adds its output to its input. */
  residual: boolean;
  /** Whether the model's normalization applies to this layer (see `normFirstLayer`). */
  normalized: boolean;
}

export interface Mlp {
  hidden: DenseLayer[];
  output: DenseLayer;
  config: ModelConfig;
}

export interface ForwardOptions {
  training: boolean;
  dropout?: number;
  /** Base seed for this step's random masks and noise (one per layer is derived from it). */
  seed?: number;
  /** Gaussian noise std and where it goes (training only). */
  noiseStd?: number;
  noiseAt?: 'input' | 'hidden';
}

export interface ForwardResult {
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

function randomMatrix(fanIn: number, fanOut: number, std: number, seed: number) {
  const rng = makeRng(seed);
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = std * normal(rng);
  return variableOf(() => tf.tensor2d(values, [fanIn, fanOut]));
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
    hidden.push({
      name: `hidden${i + 1}`,
      w,
      b: variableOf(() => tf.zeros<tf.Rank.R1>([model.width])),
      norm: normParams,
      fanIn,
      residual,
      normalized,
    });
    fanIn = model.width;
  }
  const output: DenseLayer = {
    name: 'output',
    w: randomMatrix(fanIn, numClasses, initStd('glorot', fanIn, numClasses, 'glorot', 0), deriveSeed(seed, 'wout')),
    b: variableOf(() => tf.zeros<tf.Rank.R1>([numClasses])),
    norm: {},
    fanIn,
    residual: false,
    normalized: false,
  };
  return { hidden, output, config: model };
}

export function layers(m: Mlp): DenseLayer[] {
  return [...m.hidden, m.output];
}

/** Trainable variables of one layer: weights, bias, then norm parameters. */
export function trainableOf(layer: DenseLayer): tf.Variable[] {
  const { gamma, beta, g } = layer.norm;
  return [layer.w, layer.b, ...[gamma, beta, g].filter((v): v is tf.Variable => v !== undefined)];
}

/** Whether a variable is a weight matrix (penalized by default) rather than a bias or a gain. */
export function isWeightMatrix(layer: DenseLayer, v: tf.Variable): boolean {
  return v === layer.w;
}

/** Training-time Gaussian noise: zero mean, so E[x + noise] = x. */
function addNoise(x: tf.Tensor2D, std: number, seed: number): tf.Tensor2D {
  return tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seed)) as tf.Tensor2D;
}

export function forward(m: Mlp, x: tf.Tensor2D, opts: ForwardOptions): ForwardResult {
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
    const w = layer.normalized && norm.reweight ? norm.reweight(layer.w, layer.norm) : layer.w;
    const linear = (t: tf.Tensor2D) => tf.add(tf.matMul(t, w), layer.b) as tf.Tensor2D;
    const normalize = (t: tf.Tensor2D) => {
      if (!layer.normalized) {
        moments.push(undefined);
        return t;
      }
      const r = norm.apply(t, layer.norm, opts.training, cfg);
      moments.push(r.moments);
      return r.y;
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
  const logits = tf.add(tf.matMul(h, m.output.w), m.output.b) as tf.Tensor2D;
  return { logits, activations, moments };
}

export function disposeMlp(m: Mlp): void {
  for (const l of layers(m)) {
    l.w.dispose();
    l.b.dispose();
    for (const v of Object.values(l.norm)) v?.dispose();
  }
}
