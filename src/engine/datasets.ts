/**
 * Seeded 2-D classification sets (two classes). Pure JS arrays: the same seed gives the same
 * points in the browser and the CLI, on every backend.
 */
import type { DatasetName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import { deriveSeed, makeRng, normal, permutation, type Rng } from './random';

export interface Dataset {
  /** Row-major points, 2 numbers each. */
  xTrain: Float32Array;
  yTrain: Int32Array;
  xVal: Float32Array;
  yVal: Int32Array;
  numClasses: number;
  inputDim: number;
  /** Square plotting window [lo, hi] that holds the points (for decision-boundary views). */
  extent: [number, number];
}

/** Draws one point of class `label` (before noise), given a uniform source. */
type PointSampler = (label: number, rng: Rng) => [number, number];

const SAMPLERS: Record<DatasetName, PointSampler> = {
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

function samplePoint(name: DatasetName, label: number, rng: Rng): [number, number, number] {
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

/** Builds the train/validation split for `config.dataset` from `config.seed`. */
export function makeDataset(config: Pick<ExperimentConfig, 'seed' | 'dataset'>): Dataset {
  const { name, noise, size, valFraction } = config.dataset;
  const rng = makeRng(deriveSeed(config.seed, `data:${name}`));
  const xs = new Float32Array(size * 2);
  const ys = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const [x, y, label] = samplePoint(name, i % 2, rng);
    xs[2 * i] = x + noise * normal(rng);
    xs[2 * i + 1] = y + noise * normal(rng);
    ys[i] = label;
  }
  const order = permutation(size, rng);
  const nVal = Math.max(1, Math.round(size * valFraction));
  const nTrain = size - nVal;
  const pick = (from: number, n: number) => {
    const x = new Float32Array(n * 2);
    const y = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[from + k]!;
      x[2 * k] = xs[2 * i]!;
      x[2 * k + 1] = xs[2 * i + 1]!;
      y[k] = ys[i]!;
    }
    return { x, y };
  };
  const train = pick(0, nTrain);
  const val = pick(nTrain, nVal);
  return {
    xTrain: train.x,
    yTrain: train.y,
    xVal: val.x,
    yVal: val.y,
    numClasses: 2,
    inputDim: 2,
    extent: EXTENT,
  };
}
