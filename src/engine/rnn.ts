/**
 * The recurrent model: `depth` stacked recurrent layers (vanilla or GRU, see rnnCells.ts) over
 * variable-length token sequences, and a dense classifier on the top layer's final state.
 *
 *   x_t = onehot(token_t)                      (the first layer's Wx rows are the embedding)
 *   h'_t = cell(x_t, h_{t−1})                  (norms per time step, padding masked out)
 *   h_t = m_t·h'_t + (1 − m_t)·h_{t−1}         (m_t = 1 for a real token, 0 for padding)
 *   logits = h_T·Wo + bo
 *
 * The masked update carries the state unchanged through padding, so h_T is the state after the
 * last real token and a sequence gives the same logits however far it is padded.
 */
import * as tf from '@tensorflow/tfjs';
import { affine } from './dense';
import { ARCH_NORMS } from '../config/options';
import { ACTIVATIONS } from './activations';
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
import { NORMS } from './norms';
import { deriveSeed } from './random';
import {
  CELLS,
  MomentLog,
  gateNormParams,
  type RecurrentLayer,
  type StepContext,
} from './rnnCells';
import { gradientTap } from './taps';
import { seededNormal, variableOf } from './variables';

export interface RnnData {
  /** [T]: informational; the model reads T from each batch, so any padding length works. */
  inputShape: number[];
  numClasses: number;
  vocabSize: number;
}

/** Initial weights drawn in JS, so every backend starts from the same numbers. */
function seededMatrix(rows: number, cols: number, std: number, seed: number): tf.Variable<tf.Rank.R2> {
  return seededNormal([rows, cols], std, seed);
}

function addNoise<T extends tf.Tensor>(x: T, std: number, seed: number): T {
  return tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seed));
}

export function buildRnn(model: ModelConfig, data: RnnData, seed: number): LabModel {
  const allowed = ARCH_NORMS.rnn;
  if (!allowed.includes(model.norm)) {
    throw new Error(
      `model.norm: "${model.norm}" is not available for the recurrent model; choose one of ${allowed.join(', ')}`,
    );
  }
  if (!Number.isInteger(data.vocabSize) || data.vocabSize < 1) {
    throw new Error(
      `vocabSize: the recurrent model needs token data with a vocabulary (got ${data.vocabSize})`,
    );
  }
  const cell = CELLS[model.cell];
  const act = ACTIVATIONS[model.activation];
  const norm = NORMS[model.norm];
  const H = model.width;
  const G = cell.gates;
  // The GRU's own nonlinearities are sigmoid and tanh whatever `activation` says.
  const family = model.cell === 'gru' ? 'glorot' : act.init;
  const std = (fanIn: number) => initStd(model.init, fanIn, H, family, model.initStd);

  const layers: RecurrentLayer[] = [];
  const groups: ParamGroup[] = [];
  let inputs = data.vocabSize;
  for (let i = 0; i < model.depth; i++) {
    const name = `${cell.prefix}${i + 1}`;
    // Recurrent matrices follow the same rule, with fan-in H (each gate's block on its own: fan-out H).
    const wx = seededMatrix(inputs, G * H, std(inputs), deriveSeed(seed, `${name}.wx`));
    const wh = seededMatrix(H, G * H, std(H), deriveSeed(seed, `${name}.wh`));
    const layer: RecurrentLayer = {
      name,
      wx,
      wh,
      b: variableOf(() => tf.zeros<tf.Rank.R1>([G * H])),
      norm: norm.create(G * H, wx),
    };
    layers.push(layer);
    groups.push({
      name,
      weights: [wx, wh],
      biases: [layer.b],
      norm: layer.norm,
      fanIn: inputs + H,
      hidden: true,
    });
    inputs = H;
  }
  const wo = seededMatrix(
    H,
    data.numClasses,
    initStd('glorot', H, data.numClasses, 'glorot', 0),
    deriveSeed(seed, 'output.w'),
  );
  const bo = variableOf(() => tf.zeros<tf.Rank.R1>([data.numClasses]));
  groups.push({ name: 'output', weights: [wo], biases: [bo], norm: {}, fanIn: H, hidden: false });

  function forward(input: ModelInput, opts: ForwardOptions): ForwardResult {
    const [B, T] = input.x.shape as [number, number];
    const seed = opts.seed ?? 1;
    const noise = opts.training ? (opts.noiseStd ?? 0) : 0;
    const rate = opts.training ? (opts.dropout ?? 0) : 0;
    const mask = input.mask ? tf.cast(input.mask, 'float32') : tf.ones([B, T]);
    const maskAt = tf.unstack(mask, 1) as tf.Tensor1D[];
    const keepAt = maskAt.map((m) => tf.expandDims(m, 1));
    const carryAt = keepAt.map((m) => tf.sub(1, m));
    const realTokensAt: (tf.Tensor | undefined)[] = [];

    const tokens = input.x.dtype === 'int32' ? input.x : tf.cast(input.x, 'int32');
    // Int32 one-hot, then a cast: the WASM OneHot kernel ignores a float32 dtype and writes int32
    // bits into the float buffer (every 1 becomes 1.4e-45), silently zeroing the input.
    let seq = tf.cast(tf.oneHot(tokens as tf.Tensor2D, data.vocabSize), 'float32') as tf.Tensor3D;
    if (noise > 0 && opts.noiseAt === 'input')
      seq = addNoise(seq, noise, deriveSeed(seed, 'input.noise'));

    const activations: tf.Tensor[] = [];
    const moments: ForwardResult['moments'] = [];
    let final: tf.Tensor2D | undefined;
    layers.forEach((layer, i) => {
      const top = i === layers.length - 1;
      const inDim = seq.shape[2];
      // The input projection of every step in one matMul; only h·Wh stays inside the loop.
      const proj = tf.add(
        tf.reshape(tf.matMul(tf.reshape(seq, [B * T, inDim]), layer.wx), [B, T, G * H]),
        layer.b,
      );
      const xbAt = tf.unstack(proj, 1) as tf.Tensor2D[];
      const log = new MomentLog();
      const states: tf.Tensor2D[] = [];
      let h: tf.Tensor2D = tf.zeros([B, H]);
      for (let t = 0; t < T; t++) {
        const ctx: StepContext = {
          act: act.fn,
          normalize: (a, gate) => {
            if (model.norm === 'none') return a;
            const r = norm.apply(
              a,
              gateNormParams(layer.norm, gate, H, G),
              opts.training,
              model,
              maskAt[t],
            );
            if (r.moments) log.add(gate, r.moments, (realTokensAt[t] ??= tf.sum(maskAt[t]!)));
            return r.y as tf.Tensor2D;
          },
        };
        let next = cell.step(xbAt[t]!, h, layer, ctx);
        // Tapped before the mask, so padded steps get no gradient and real steps get ∂loss/∂h_t.
        if (top && opts.timeGradSink) next = gradientTap(next, opts.timeGradSink, t) as tf.Tensor2D;
        h = tf.add(tf.mul(keepAt[t]!, next), tf.mul(carryAt[t]!, h));
        states.push(h);
      }
      const stacked = tf.stack(states, 1) as tf.Tensor3D;
      activations.push(stacked);
      const m = log.average(G);
      if (m) moments.push({ norm: layer.norm, moments: m });
      // Dropout and noise act between layers and before the head, never on the recurrent path.
      let out: tf.Tensor = top ? h : stacked;
      if (rate > 0)
        out = tf.dropout(out, rate, undefined, deriveSeed(seed, `${layer.name}.dropout`));
      if (noise > 0 && opts.noiseAt === 'hidden')
        out = addNoise(out, noise, deriveSeed(seed, `${layer.name}.noise`));
      if (top) final = out as tf.Tensor2D;
      else seq = out as tf.Tensor3D;
    });
    const logits = affine(final! as tf.Tensor2D, wo as tf.Tensor2D, bo as tf.Tensor1D);
    return { logits, activations, moments };
  }

  return {
    config: model,
    groups,
    activationNames: layers.map((l) => l.name),
    forward,
    dispose: () => disposeGroups(groups),
  };
}
