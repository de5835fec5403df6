/**
 * Seeded variable-length sequence tasks. Each example is a run of L token ids, L drawn uniformly
 * from [minLength, maxLength], right-padded with token 0 to T = maxLength; the mask marks the real
 * tokens, so a model that honours it sees exactly the L tokens whatever the padding.
 *
 * | task   | tokens (vocab)                                  | label (classes)                     |
 * |--------|-------------------------------------------------|-------------------------------------|
 * | parity | bits 0/1 (2)                                    | number of 1s mod 2 (2, balanced)    |
 * | adding | digit v∈0..4 and marker bit: v + 5·marked (10)  | sum of the two marked digits (9)    |
 * | recall | answer a∈0..3, then L−1 distractors 4..7 (8)    | a, the first token (4, balanced)    |
 *
 * Adding follows Hochreiter & Schmidhuber (1997) in classification form: one marker in the first
 * half of the sequence, one in the second half, so the two facts to combine sit far apart.
 * Padding reuses token 0 (a real "0" bit, digit 0 unmarked, answer 0): only the mask tells them apart.
 */
import type { DatasetName } from '../config/options';
import type { ExperimentConfig } from '../config/schema';
import type { Dataset } from './datasets';
import { deriveSeed, makeRng, type Rng } from './random';
import { splitOrder, takeRows } from './split';

export type SequenceTaskName = Extract<DatasetName, 'parity' | 'adding' | 'recall'>;

export interface SequenceTask {
  vocabSize: number;
  numClasses: number;
  /** Shortest sequence the task is defined for. */
  minLength: number;
  /**
   * Writes `tokens.length` tokens and returns the label. `index` lets balanced tasks cycle the
   * label (the split is shuffled afterwards), so class frequencies are fair at any size.
   */
  sample(tokens: Int32Array, index: number, rng: Rng): number;
}

const randInt = (rng: Rng, n: number) => Math.floor(rng() * n);

const ADDING_DIGITS = 5;
const RECALL_ANSWERS = 4;

export const SEQUENCE_TASKS: Record<SequenceTaskName, SequenceTask> = {
  parity: {
    vocabSize: 2,
    numClasses: 2,
    minLength: 1,
    sample: (tokens, index, rng) => {
      const label = index % 2;
      let ones = 0;
      for (let t = 0; t < tokens.length; t++) {
        tokens[t] = randInt(rng, 2);
        ones += tokens[t]!;
      }
      // Flipping one uniform bit of a uniform string is uniform over strings of the other parity,
      // so the class is fixed without biasing any position.
      if (ones % 2 !== label) {
        const t = randInt(rng, tokens.length);
        tokens[t] = 1 - tokens[t]!;
      }
      return label;
    },
  },
  adding: {
    vocabSize: 2 * ADDING_DIGITS,
    numClasses: 2 * ADDING_DIGITS - 1,
    minLength: 2,
    sample: (tokens, _index, rng) => {
      const L = tokens.length;
      for (let t = 0; t < L; t++) tokens[t] = randInt(rng, ADDING_DIGITS);
      const half = Math.floor(L / 2);
      const first = randInt(rng, half);
      const second = half + randInt(rng, L - half);
      const label = tokens[first]! + tokens[second]!;
      tokens[first] = tokens[first]! + ADDING_DIGITS;
      tokens[second] = tokens[second]! + ADDING_DIGITS;
      return label;
    },
  },
  recall: {
    vocabSize: 2 * RECALL_ANSWERS,
    numClasses: RECALL_ANSWERS,
    minLength: 1,
    sample: (tokens, index, rng) => {
      const label = index % RECALL_ANSWERS;
      tokens[0] = label;
      for (let t = 1; t < tokens.length; t++)
        tokens[t] = RECALL_ANSWERS + randInt(rng, RECALL_ANSWERS);
      return label;
    },
  },
};

export function isSequenceTask(name: string): name is SequenceTaskName {
  return Object.hasOwn(SEQUENCE_TASKS, name);
}

/** Builds the train/validation split of a sequence task from `config.seed`. */
export function makeSequenceDataset(config: Pick<ExperimentConfig, 'seed' | 'dataset'>): Dataset {
  const { name, size, valFraction, minLength, maxLength } = config.dataset;
  if (!isSequenceTask(name)) throw new Error(`dataset.name: "${name}" is not a sequence task`);
  const task = SEQUENCE_TASKS[name];
  if (minLength < task.minLength) {
    throw new Error(
      `dataset.minLength: "${name}" needs sequences of at least ${task.minLength} tokens (got ${minLength})`,
    );
  }
  if (minLength > maxLength) {
    throw new Error(
      `dataset.minLength: ${minLength} is larger than dataset.maxLength (${maxLength})`,
    );
  }
  const T = maxLength;
  const rng = makeRng(deriveSeed(config.seed, `data:${name}`));
  const tokens = new Int32Array(size * T);
  const mask = new Float32Array(size * T);
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const L = minLength + randInt(rng, maxLength - minLength + 1);
    labels[i] = task.sample(tokens.subarray(i * T, i * T + L), i, rng);
    mask.fill(1, i * T, i * T + L);
  }
  const { train, val } = splitOrder(size, valFraction, rng);
  return {
    kind: 'sequences',
    xTrain: takeRows(tokens, T, train),
    yTrain: takeRows(labels, 1, train),
    maskTrain: takeRows(mask, T, train),
    xVal: takeRows(tokens, T, val),
    yVal: takeRows(labels, 1, val),
    maskVal: takeRows(mask, T, val),
    inputShape: [T],
    inputDim: T,
    numClasses: task.numClasses,
    vocabSize: task.vocabSize,
    extent: null,
  };
}
