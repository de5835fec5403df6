/**
 * Seeded 2-D classification sets (two classes). Pure JS arrays: the same seed gives the same
 * points in the browser and the CLI, on every backend.
 */
import { DATASET_KIND, type DataKind, type DatasetName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import { deriveSeed, makeRng, normal, type Rng } from './random';
import { splitOrder, takeRows } from './split';
import { makeSequenceDataset } from './sequences';

/**
 * Any data the lab trains on: row-major examples, integer labels. Points and images are float32
 * features; sequences are int32 token ids padded to `inputShape[0]`, with a mask of real tokens.
 */
export interface Dataset {
  kind: DataKind;
  /** Row-major examples: [n, ...inputShape]. */
  xTrain: Float32Array | Int32Array;
  yTrain: Int32Array;
  xVal: Float32Array | Int32Array;
  yVal: Int32Array;
  /** One example's shape: [2] for points, [28, 28, 1] for images, [maxLength] for token sequences. */
  inputShape: number[];
  /** Product of `inputShape` (what an MLP sees after flattening). */
  inputDim: number;
  numClasses: number;
  /** Class names for labels shown to a person (digits, clothing), when they are not just numbers. */
  classNames?: string[];
  /** Square plotting window [lo, hi] that holds the points (points only: decision-boundary views). */
  extent: [number, number] | null;
  /** Sequences: 1 for a real token, 0 for padding, [n, maxLength]; tokens are `vocabSize` ids. */
  maskTrain?: Float32Array;
  maskVal?: Float32Array;
  vocabSize?: number;
}

/** Draws one point of class `label` (before noise), given a uniform source. */
type PointSampler = (label: number, rng: Rng) => [number, number];

type PointSetName = 'spiral' | 'circles' | 'xor' | 'gaussians';

const SAMPLERS: Record<PointSetName, PointSampler> = {
  spiral: (label, rng) => {
    // Two arms of an Archimedean spiral, offset by half a turn.
    const r = rng() * 5;
    const t = 0.7 * Math.PI * r + label * Math.PI;
    return [r * Math.sin(t), r * Math.cos(t)];
  },
  circles: (label, rng) => {
    const r = label === 0 ? rng() * 2 : 3 + rng() * 2;
    const t = rng() * 2 * Math.PI;
    return [r * Math.sin(t), r * Math.cos(t)];
  },
  xor: (_label, rng) => {
    // The label is decided by the quadrant below; this sampler is only used through `xorPoint`.
    return [rng() * 10 - 5, rng() * 10 - 5];
  },
  gaussians: (label, rng) => {
    const c = label === 0 ? 2 : -2;
    return [c + normal(rng), c + normal(rng)];
  },
};

const EXTENT: [number, number] = [-6, 6];

function samplePoint(name: PointSetName, label: number, rng: Rng): [number, number, number] {
  if (name === 'xor') {
    // The label follows from the quadrant; a small margin off the axes keeps zero noise learnable.
    for (;;) {
      const [x, y] = SAMPLERS.xor(label, rng);
      if (Math.abs(x) >= 0.3 && Math.abs(y) >= 0.3) return [x, y, x * y > 0 ? 0 : 1];
    }
  }
  const [x, y] = SAMPLERS[name](label, rng);
  return [x, y, label];
}

export function isPointSet(name: DatasetName): name is PointSetName {
  return name in SAMPLERS;
}

/** Builds the train/validation split of a 2-D point set from `config.seed`. */
export function makePointDataset(config: Pick<ExperimentConfig, 'seed' | 'dataset'>): Dataset {
  const { name: setName, noise, size, valFraction } = config.dataset;
  if (!isPointSet(setName)) throw new Error(`dataset.name: "${setName}" is not a 2-D point set`);
  const name: PointSetName = setName;
  const rng = makeRng(deriveSeed(config.seed, `data:${name}`));
  const xs = new Float32Array(size * 2);
  const ys = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const [x, y, label] = samplePoint(name, i % 2, rng);
    xs[2 * i] = x + noise * normal(rng);
    xs[2 * i + 1] = y + noise * normal(rng);
    ys[i] = label;
  }
  const { train, val } = splitOrder(size, valFraction, rng);
  return {
    xTrain: takeRows(xs, 2, train),
    yTrain: takeRows(ys, 1, train),
    xVal: takeRows(xs, 2, val),
    yVal: takeRows(ys, 1, val),
    kind: 'points',
    inputShape: [2],
    numClasses: 2,
    inputDim: 2,
    extent: EXTENT,
  };
}

/**
 * The data for `config`, built synchronously: point sets and sequence tasks are generated from the
 * seed. Image sets come from shipped files and go through `loadDataset` (see images.ts).
 */
export function makeDataset(config: Pick<ExperimentConfig, 'seed' | 'dataset'>): Dataset {
  const kind = DATASET_KIND[config.dataset.name];
  if (kind === 'points') return makePointDataset(config);
  if (kind === 'sequences') return makeSequenceDataset(config);
  throw new Error(`dataset.name: "${config.dataset.name}" is read from a file; load it with loadDataset`);
}
