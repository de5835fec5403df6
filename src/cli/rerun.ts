/**
 * Checking a rerun against the run it came from. An exported run went through JSON (NaN became
 * null) and a browser export may hold fewer fields per record than the CLI writes, so records are
 * compared as JSON, on the fields the export holds.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HistoryRecord } from '../engine/run';
import { formatLoss } from './progress';

type Row = Record<string, unknown>;

const isRow = (x: unknown): x is Row => typeof x === 'object' && x !== null && !Array.isArray(x);

function showValue(x: unknown): string {
  if (typeof x === 'number' || x === null) return formatLoss(x);
  return x === undefined ? 'missing' : 'different';
}

/** The first field of `exported` that `rerun` does not reproduce, or null. */
function firstDifference(exported: Row, rerun: Row): string | null {
  for (const [key, value] of Object.entries(exported)) {
    if (isDeepStrictEqual(value, rerun[key])) continue;
    const nested = typeof value === 'object' && value !== null;
    return nested ? key : `${key}: exported ${showValue(value)}, rerun ${showValue(rerun[key])}`;
  }
  return null;
}

export interface Backends {
  exported: string | null;
  rerun: string;
}

/** One sentence for stderr: whether the rerun reproduced the exported history, and if not, where. */
export function compareHistories(
  exported: unknown[],
  rerun: HistoryRecord[],
  backends: Backends,
): string {
  const now = JSON.parse(JSON.stringify(rerun)) as Row[];
  const records = `${exported.length} record${exported.length === 1 ? '' : 's'}`;
  if (isDeepStrictEqual(now, exported))
    return `The rerun reproduced the exported history exactly (${records}).`;
  const byStep = new Map(now.map((r) => [r.step, r]));
  let problem: string | null = null;
  for (const rec of exported) {
    if (!isRow(rec)) {
      problem = 'a record that is not an object';
      break;
    }
    const mine = byStep.get(rec.step);
    const diff = mine ? firstDifference(rec, mine) : 'the rerun has no record there';
    if (diff !== null) {
      problem = `step ${String(rec.step)} on (${diff})`;
      break;
    }
  }
  if (problem === null) {
    if (now.length === exported.length) {
      return `The rerun reproduced every field of the exported history (${records}; the rerun records more fields).`;
    }
    problem = `its end (the export has ${records}, the rerun ${now.length})`;
  }
  const why =
    backends.exported !== null && backends.exported !== backends.rerun
      ? `; the export ran on ${backends.exported} and this rerun on ${backends.rerun}, which round differently`
      : '';
  return `The rerun's history differs from the exported one from ${problem}${why}.`;
}
