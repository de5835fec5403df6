/**
 * A stored run as files: the exported-run JSON (the CLI's result shape, so it reruns headless)
 * and the per-step metrics as CSV (one row per record, one column per metric and layer).
 */
import type { RunFile } from '../../config/runFile';
import type { LabEvent } from '../../events';
import type { RunMeta, StoredBatch } from './runStore';

type Row = Record<string, unknown>;

const finiteOr = (x: number | undefined): number | null =>
  x !== undefined && Number.isFinite(x) ? x : null;

/** name → row i of a rows × names matrix. */
function byName(names: string[], m: Float32Array, i: number): Record<string, number | null> {
  return Object.fromEntries(names.map((n, j) => [n, finiteOr(m[i * names.length + j])]));
}

/** One history record per recorded step, in the CLI's HistoryRecord shape. */
export function historyOf(batches: StoredBatch[]): Row[] {
  return batches.flatMap((b) =>
    Array.from(b.steps, (step, i) => {
      const optional = (key: string, v: number | undefined) =>
        finiteOr(v) === null ? {} : { [key]: v };
      const ratios = byName(b.layers, b.updateRatios, i);
      return {
        step,
        lr: finiteOr(b.lr[i]),
        lossBatch: finiteOr(b.lossBatch[i]),
        lossTrain: finiteOr(b.lossTrain[i]),
        accuracyTrain: finiteOr(b.accuracyTrain[i]),
        lossVal: finiteOr(b.lossVal[i]),
        accuracyVal: finiteOr(b.accuracyVal[i]),
        gradNorm: byName(b.layers, b.gradNorms, i),
        weightNorm: byName(b.layers, b.weightNorms, i),
        generalizationGap: finiteOr(b.lossVal[i]! - b.lossTrain[i]!),
        ...(Object.values(ratios).some((x) => x !== null) ? { updateRatio: ratios } : {}),
        ...optional('sharpness', b.sharpness[i]),
        ...optional('ece', b.ece[i]),
        ...optional('bnGap', b.bnGap[i]),
        ...optional('clipThreshold', b.clipThreshold[i]),
      };
    }),
  );
}

/** The exported-run object: `{ config, env, history, events, summary }`. */
export function runFileOf(meta: RunMeta, batches: StoredBatch[]) {
  const history = historyOf(batches);
  const events: LabEvent[] = batches.flatMap((b) => b.events);
  const last = history.at(-1);
  return {
    name: meta.name,
    config: meta.config,
    env: { ...meta.env, engine: 'stability-lab (browser)', platform: 'browser' },
    history,
    events,
    summary: {
      steps: meta.step,
      diverged: meta.state === 'diverged',
      finalLossTrain: last?.lossTrain ?? null,
      finalLossVal: last?.lossVal ?? null,
      finalAccuracyVal: meta.state === 'diverged' ? null : (last?.accuracyVal ?? null),
    },
  };
}

const csvCell = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '' : String(x));

/** Per-step metrics as CSV: fixed columns, then one gradient-norm and weight-norm column per layer. */
export function metricsCsv(batches: StoredBatch[]): string {
  const layers = batches[0]?.layers ?? [];
  const header = [
    'step',
    'lr',
    'lossBatch',
    'lossTrain',
    'lossVal',
    'accuracyTrain',
    'accuracyVal',
    'sharpness',
    'ece',
    'bnGap',
    'clipThreshold',
    ...layers.map((l) => `gradNorm.${l}`),
    ...layers.map((l) => `weightNorm.${l}`),
  ];
  const lines = [header.join(',')];
  for (const b of batches) {
    const L = b.layers.length;
    for (let i = 0; i < b.steps.length; i++) {
      const cols = [
        b.lr,
        b.lossBatch,
        b.lossTrain,
        b.lossVal,
        b.accuracyTrain,
        b.accuracyVal,
        b.sharpness,
        b.ece,
        b.bnGap,
        b.clipThreshold,
      ];
      lines.push(
        [
          String(b.steps[i]),
          ...cols.map((c) => csvCell(c[i])),
          ...Array.from({ length: L }, (_, l) => csvCell(b.gradNorms[i * L + l])),
          ...Array.from({ length: L }, (_, l) => csvCell(b.weightNorms[i * L + l])),
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

type HistoryRow = RunFile['history'][number];

const num = (x: unknown) => (typeof x === 'number' ? x : NaN);
const column = (rows: HistoryRow[], get: (r: HistoryRow) => unknown) =>
  Float32Array.from(rows, (r) => num(get(r)));
/** rows × names from per-record name → value maps (NaN where a record lacks one). */
const matrix = (rows: HistoryRow[], names: string[], get: (r: HistoryRow) => unknown) =>
  Float32Array.from(
    rows.flatMap((r) =>
      names.map((n) => num((get(r) as Record<string, unknown> | undefined)?.[n])),
    ),
  );

/** An imported run file's history as one stored batch, the inverse of `historyOf` for what both keep. */
export function batchOfRunFile(run: RunFile): StoredBatch {
  const rows = run.history;
  const layers = Object.keys(rows[0]?.gradNorm ?? {});
  const none = new Float32Array(0);
  return {
    layers,
    activations: [],
    steps: Float64Array.from(rows, (r) => r.step),
    lossBatch: column(rows, (r) => r.lossBatch),
    lossTrain: column(rows, (r) => r.lossTrain),
    accuracyTrain: column(rows, (r) => r.accuracyTrain),
    lossVal: column(rows, (r) => r.lossVal),
    accuracyVal: column(rows, (r) => r.accuracyVal),
    lr: column(rows, (r) => r.lr),
    gradNorms: matrix(rows, layers, (r) => r.gradNorm),
    weightNorms: matrix(rows, layers, (r) => r.weightNorm),
    updateRatios: matrix(rows, layers, (r) => r.updateRatio),
    actMean: none,
    actStd: none,
    deadFraction: none,
    saturatedFraction: none,
    sharpness: column(rows, (r) => r.sharpness),
    ece: column(rows, (r) => r.ece),
    bnGap: column(rows, (r) => r.bnGap),
    clipThreshold: column(rows, (r) => r.clipThreshold),
    events: run.events as LabEvent[],
  };
}
