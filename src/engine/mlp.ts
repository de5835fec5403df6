/**
 * The MLP, written on tfjs-core ops with parameters in plain objects so every layer can report its
 * activations and each normalization stays a short function. Built from the config and a seed;
 * initial weights are drawn in JS so every backend starts from the same numbers.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import { ACTIVATIONS } from './activations';
import { NORMS, type BatchMoments, type NormParams } from './norms';
import { deriveSeed, makeRng, normal } from './random';
import { variableOf } from './variables';

export interface DenseLayer {
  name: string;
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
  norm: NormParams;
}

export interface Mlp {
  hidden: DenseLayer[];
  output: DenseLayer;
  config: ExperimentConfig['model'];
}

export interface ForwardOptions {
  training: boolean;
  dropout?: number;
  /** Base seed for this step's dropout masks (one per layer is derived from it). */
  dropoutSeed?: number;
}

export interface ForwardResult {
  logits: tf.Tensor2D;
  /** Post-activation output of each hidden layer (before dropout). */
  activations: tf.Tensor2D[];
  /** Batch moments per hidden layer, where the norm keeps running statistics. */
  moments: (BatchMoments | undefined)[];
}

function initWeights(fanIn: number, fanOut: number, kind: 'he' | 'glorot', seed: number) {
  const std = kind === 'he' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
  const rng = makeRng(seed);
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = std * normal(rng);
  return variableOf(() => tf.tensor2d(values, [fanIn, fanOut]));
}

export function buildMlp(
  model: ExperimentConfig['model'],
  inputDim: number,
  numClasses: number,
  seed: number,
): Mlp {
  const act = ACTIVATIONS[model.activation];
  const hidden: DenseLayer[] = [];
  let fanIn = inputDim;
  for (let i = 0; i < model.depth; i++) {
    hidden.push({
      name: `hidden${i + 1}`,
      w: initWeights(fanIn, model.width, act.init, deriveSeed(seed, `w${i}`)),
      b: variableOf(() => tf.zeros<tf.Rank.R1>([model.width])),
      norm: NORMS[model.norm].create(model.width),
    });
    fanIn = model.width;
  }
  const output: DenseLayer = {
    name: 'output',
    w: initWeights(fanIn, numClasses, 'glorot', deriveSeed(seed, 'wout')),
    b: variableOf(() => tf.zeros<tf.Rank.R1>([numClasses])),
    norm: {},
  };
  return { hidden, output, config: model };
}

export function layers(m: Mlp): DenseLayer[] {
  return [...m.hidden, m.output];
}

/** Trainable variables of one layer: weights, bias and norm gain/shift. */
export function trainableOf(layer: DenseLayer): tf.Variable[] {
  const { gamma, beta } = layer.norm;
  return [layer.w, layer.b, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
}

/** The weight matrices that penalties such as L2 act on (not biases, not norm gains). */
export function penalizedWeights(m: Mlp): tf.Variable[] {
  return layers(m).map((l) => l.w);
}

export function forward(m: Mlp, x: tf.Tensor2D, opts: ForwardOptions): ForwardResult {
  const act = ACTIVATIONS[m.config.activation];
  const norm = NORMS[m.config.norm];
  const activations: tf.Tensor2D[] = [];
  const moments: (BatchMoments | undefined)[] = [];
  let h: tf.Tensor2D = x;
  m.hidden.forEach((layer, i) => {
    const z = tf.add(tf.matMul(h, layer.w), layer.b) as tf.Tensor2D;
    const normed = norm.apply(z, layer.norm, opts.training);
    moments.push(normed.moments);
    const a = act.fn(normed.y) as tf.Tensor2D;
    activations.push(a);
    const rate = opts.dropout ?? 0;
    // tf.dropout is inverted dropout: kept units are scaled by 1/(1−rate), so E[output] = a.
    h = opts.training && rate > 0 ? (tf.dropout(a, rate, undefined, (opts.dropoutSeed ?? 1) + i) as tf.Tensor2D) : a;
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
