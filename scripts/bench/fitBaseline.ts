/**
 * The baseline: the same architecture as a tfjs-layers `tf.sequential`, trained by `model.fit` on
 * the same training examples, batch size and optimizer settings. It is the strongest plain fit:
 * `yieldEvery: 'never'` (the lab loop does not yield either), no callbacks, no metrics, no
 * validation, loss only — what someone would write without the lab's diagnostics.
 *
 * Only the shapes the bench uses are supported (MLP without norms; CNN with BatchNorm or none);
 * anything else is refused with the field that does not fit, rather than compared unfairly.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../src/config/schema';
import type { Dataset } from '../../src/engine/datasets';
import { median } from './stats';

/** Mirrors engine/cnn.ts: pooling stops once the feature map is this small. */
const MIN_POOL_SIZE = 4;

type Act = 'relu' | 'tanh' | 'sigmoid';

function activationOf(c: ExperimentConfig): Act {
  const a = c.model.activation;
  if (a === 'gelu') throw new Error('fit baseline: model.activation "gelu" has no tfjs-layers twin');
  return a;
}

function initOf(c: ExperimentConfig): 'heNormal' | 'glorotNormal' {
  const init = c.model.init === 'auto' ? (c.model.activation === 'relu' ? 'he' : 'glorot') : c.model.init;
  return init === 'he' ? 'heNormal' : 'glorotNormal';
}

function buildMlp(c: ExperimentConfig, data: Dataset): tf.Sequential {
  if (c.model.norm !== 'none' || c.model.residual) {
    throw new Error('fit baseline: only a plain MLP (model.norm "none", no residual) is supported');
  }
  const model = tf.sequential();
  for (let i = 0; i < c.model.depth; i++) {
    model.add(
      tf.layers.dense({
        units: c.model.width,
        activation: activationOf(c),
        kernelInitializer: initOf(c),
        ...(i === 0 ? { inputShape: [data.inputDim] } : {}),
      }),
    );
  }
  model.add(tf.layers.dense({ units: data.numClasses, kernelInitializer: 'glorotNormal' }));
  return model;
}

function buildCnn(c: ExperimentConfig, data: Dataset): tf.Sequential {
  const m = c.model;
  if (m.norm !== 'none' && m.norm !== 'batch') throw new Error(`fit baseline: CNN norm "${m.norm}" is not supported`);
  if (m.normPlacement !== 'before') throw new Error('fit baseline: only model.normPlacement "before" is supported');
  const model = tf.sequential();
  let size = Math.min(data.inputShape[0]!, data.inputShape[1]!);
  for (let i = 0; i < m.depth; i++) {
    model.add(
      tf.layers.conv2d({
        filters: m.channels,
        kernelSize: m.kernelSize,
        padding: 'same',
        kernelInitializer: initOf(c),
        ...(i === 0 ? { inputShape: data.inputShape } : {}),
      }),
    );
    if (m.norm === 'batch') {
      model.add(tf.layers.batchNormalization({ axis: -1, momentum: m.normMomentum, epsilon: m.normEpsilon }));
    }
    model.add(tf.layers.activation({ activation: activationOf(c) }));
    if (m.pool !== 'none' && size >= MIN_POOL_SIZE) {
      size = Math.floor(size / 2);
      const pool = { poolSize: 2, strides: 2, padding: 'valid' as const };
      model.add(m.pool === 'max' ? tf.layers.maxPooling2d(pool) : tf.layers.averagePooling2d(pool));
    }
  }
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dense({ units: data.numClasses, kernelInitializer: 'glorotNormal' }));
  return model;
}

function optimizerOf(c: ExperimentConfig): tf.Optimizer {
  const o = c.optimizer;
  // Epsilons are explicit: WebGL would otherwise lower them (TFJS-NOTES), as the lab avoids too.
  switch (o.name) {
    case 'adam':
      return tf.train.adam(o.lr, o.beta1, o.beta2, o.epsilon);
    case 'sgd':
      return tf.train.sgd(o.lr);
    case 'momentum':
      return tf.train.momentum(o.lr, o.momentum, o.nesterov);
    case 'rmsprop':
      return tf.train.rmsprop(o.lr, o.rho, o.momentum, o.epsilon);
    case 'adamw':
      throw new Error('fit baseline: optimizer "adamw" has no tfjs-layers twin');
  }
}

export class FitBaseline {
  private readonly model: tf.Sequential;
  private readonly x: tf.Tensor;
  private readonly y: tf.Tensor;
  private readonly batchSize: number;
  private readonly optimizer: tf.Optimizer;
  /** ms per batch of each window run (fit's per-step cost). */
  private readonly stepTimes: number[] = [];
  /** The current epoch's shuffled example order, and how far into it the windows have drawn. */
  private readonly order: Int32Array;
  private cursor = Infinity;

  constructor(config: ExperimentConfig, data: Dataset) {
    if (data.kind === 'sequences') throw new Error('fit baseline: sequence models are not supported');
    this.batchSize = Math.min(config.training.batchSize, data.yTrain.length);
    // Whole batches only: the lab never takes a short batch, so neither does its baseline.
    const n = Math.floor(data.yTrain.length / this.batchSize) * this.batchSize;
    const isMlp = config.model.arch === 'mlp';
    if (!isMlp && config.model.arch !== 'cnn') throw new Error(`fit baseline: model.arch "${config.model.arch}" is not supported`);
    const shape = isMlp ? [n, data.inputDim] : [n, ...data.inputShape];
    this.x = tf.tensor(data.xTrain.subarray(0, n * data.inputDim), shape, 'float32');
    this.y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.yTrain.subarray(0, n), 'int32'), data.numClasses));
    this.order = Int32Array.from({ length: n }, (_, i) => i);
    this.model = isMlp ? buildMlp(config, data) : buildCnn(config, data);
    this.optimizer = optimizerOf(config);
    this.model.compile({
      optimizer: this.optimizer,
      // Linear logits and softmax cross-entropy, as the lab computes its loss.
      loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
    });
  }

  /**
   * Trains `steps` batches through one `model.fit` call with no callbacks; wall time in ms, after
   * the device has finished. A per-batch callback would make fit read the loss back after every
   * batch (tfjs-layers resolves the logs for it), a sync the lab does not pay; so the examples of
   * exactly `steps` batches are drawn first (untimed; the epoch's shuffled order, as fit's own
   * shuffle would give) and fit trains one epoch over them.
   */
  async run(steps: number): Promise<number> {
    const n = steps * this.batchSize;
    const [x, y] = tf.tidy(() => {
      const idx = tf.tensor1d(this.nextIndices(n), 'int32');
      return [tf.gather(this.x, idx), tf.gather(this.y, idx)];
    });
    try {
      const start = performance.now();
      await this.model.fit(x, y, { batchSize: this.batchSize, epochs: 1, shuffle: true, verbose: 0, yieldEvery: 'never' });
      await this.sync();
      const ms = performance.now() - start;
      this.stepTimes.push(ms / steps);
      return ms;
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  /** The next `n` example indices of a sequence of shuffled epochs. */
  private nextIndices(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (this.cursor >= this.order.length) {
        tf.util.shuffle(this.order);
        this.cursor = 0;
      }
      out[i] = this.order[this.cursor++]!;
    }
    return out;
  }

  /** Median ms per batch over the windows run so far (each window synced at its end). */
  stepMs(): number {
    return median(this.stepTimes);
  }

  async sync(): Promise<void> {
    const w = this.model.getWeights();
    await w[w.length - 1]!.data();
  }

  dispose(): void {
    this.model.dispose();
    // An optimizer passed in as an object is not owned (nor disposed) by the model.
    this.optimizer.dispose();
    this.x.dispose();
    this.y.dispose();
  }
}
