/**
 * Small hand-made runs for the Compare tests: a stored batch whose columns are given per step,
 * and a run meta with an optional seed group. Values are chosen so results can be checked by hand.
 */
import { defaultConfig } from '../../config/schema';
import type { RunMeta, StoredBatch } from './runStore';

type Column = 'lossVal' | 'lossTrain' | 'accuracyVal' | 'sharpness';

/** One batch: `steps`, and any columns given (others are filled with `fill`, default NaN). */
export function storedBatch(
  steps: number[],
  columns: Partial<Record<Column, number[]>> = {},
  gradNorms: number[][] = [],
): StoredBatch {
  const n = steps.length;
  const colOf = (k: Column) => Float32Array.from(columns[k] ?? new Array<number>(n).fill(NaN));
  const layers = gradNorms[0]?.map((_, l) => `layer${l}`) ?? [];
  const none = new Float32Array(0);
  return {
    layers,
    activations: [],
    steps: Float64Array.from(steps),
    lossBatch: new Float32Array(n).fill(NaN),
    lossTrain: colOf('lossTrain'),
    accuracyTrain: new Float32Array(n).fill(NaN),
    lossVal: colOf('lossVal'),
    accuracyVal: colOf('accuracyVal'),
    lr: new Float32Array(n).fill(0.01),
    gradNorms: Float32Array.from(gradNorms.flat()),
    weightNorms: new Float32Array(n * layers.length).fill(NaN),
    updateRatios: none,
    actMean: none,
    actStd: none,
    deadFraction: none,
    saturatedFraction: none,
    sharpness: colOf('sharpness'),
    ece: new Float32Array(n).fill(NaN),
    bnGap: new Float32Array(n).fill(NaN),
    clipThreshold: new Float32Array(n).fill(NaN),
    events: [],
  };
}

/** A run meta; `group` as [batch id, cell, seed] makes it one seed of a group. */
export function runMeta(id: string, group?: [string, number, number]): RunMeta {
  return {
    id,
    name: `run ${id}`,
    createdAt: 0,
    updatedAt: 0,
    config: defaultConfig(),
    env: { backend: 'cpu', adapter: null, tfjsVersion: null },
    state: 'finished',
    step: 0,
    totalSteps: 0,
    finalLossVal: null,
    finalAccuracyVal: null,
    chunks: 1,
    ...(group && {
      group: {
        id: group[0],
        kind: 'seeds' as const,
        label: `repeat ${group[0]}`,
        axes: [],
        cell: group[1],
        valueIndex: [],
        seed: group[2],
        seeds: [],
      },
    }),
  };
}
