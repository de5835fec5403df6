/**
 * The issue's budgets, judged from the measured results (the browser cells; the Node "parts"
 * breakdown is evidence of where the cost comes from, not a budget). Speed budgets use the median of per-round
 * ratios (each round's variants ran next to each other, so load swings cancel). A budget whose
 * measurement is missing (section skipped, backend unavailable) is "not measured", never a pass.
 */
import { FIT, LAB, LAB_OFF, type BenchResults } from './results';
import { median, pairedRatios } from './stats';
import { fmtKB, fmtMs, fmtPercent, fmtRate, fmtRatio } from './table';
import { WORKLOAD_LABELS } from './workloads';

export const LIMITS = {
  /** Lab loop (default diagnostics) steps/s over model.fit steps/s. */
  labOverFit: 1,
  /** Fraction of steps/s the default diagnostics may cost. */
  diagnosticsCost: 0.1,
  longestTaskMs: 50,
  fps: 50,
  /** Main-thread JavaScript, gzip, in bytes (250 kB). */
  mainThreadGzipBytes: 250_000,
} as const;

/**
 * "inconclusive": the measurement is only a bound on the wrong side of the limit (windows shorter
 * than the sharpness period make the lab look faster than it is, so only a FAIL is certain), or
 * it rests on too few rounds to tell from the limit (see FEW_ROUNDS).
 */
export type Verdict = 'PASS' | 'FAIL' | 'inconclusive' | 'not measured';

export interface BudgetLine {
  budget: string;
  where: string;
  measured: string;
  limit: string;
  verdict: Verdict;
}

const judge = (ok: boolean): Verdict => (ok ? 'PASS' : 'FAIL');

/**
 * Slow cells fit only one or two rounds in their time. A single pair of windows moves by up to
 * ~15 points between rounds on this shared 2-core machine (the min–max of per-round ratios in the
 * cells that get five rounds), so with fewer than FEW_ROUNDS.rounds rounds a figure closer to its
 * limit than that is neither a pass nor a fail.
 */
export const FEW_ROUNDS = { rounds: 3, noise: 0.15 } as const;

const tooClose = (rounds: number, value: number, limit: number) =>
  rounds < FEW_ROUNDS.rounds && Math.abs(value - limit) < FEW_ROUNDS.noise;

/** A pass measured with the lab's figure as an upper bound is no pass. */
const judgeBound = (ok: boolean, exact: boolean): Verdict => (ok ? (exact ? 'PASS' : 'inconclusive') : 'FAIL');

/** Lab / fit and diagnostics cost per browser backend and model; missing cells are "not measured". */
function speedLines(r: BenchResults): BudgetLine[] {
  const fit: BudgetLine[] = [];
  const cost: BudgetLine[] = [];
  for (const run of r.browser) {
    for (const cell of run.speed) {
      const where = `${cell.backend} · ${WORKLOAD_LABELS[cell.workload]}`;
      if (cell.status !== 'ok') {
        const why = `${cell.status}: ${cell.reason}`;
        fit.push({ budget: 'lab ≥ model.fit', where, measured: why, limit: '', verdict: 'not measured' });
        cost.push({ budget: 'diagnostics cost', where, measured: why, limit: '', verdict: 'not measured' });
        continue;
      }
      const exact = cell.plan.wholePeriods;
      const rounds = cell.rates[LAB]!.length;
      const few = rounds < FEW_ROUNDS.rounds ? ` (${rounds} round${rounds === 1 ? '' : 's'})` : '';
      const bound = (what: string) => `${few}${exact ? '' : ` (${what}: windows shorter than the sharpness period)`}`;
      const lf = median(pairedRatios(cell.rates[LAB]!, cell.rates[FIT]!));
      fit.push({
        budget: 'lab ≥ model.fit',
        where,
        measured: `${fmtRatio(lf)} (lab ${fmtRate(median(cell.rates[LAB]!))} vs fit ${fmtRate(median(cell.rates[FIT]!))} steps/s)${bound('upper bound')}`,
        limit: `≥ ${fmtRatio(LIMITS.labOverFit)}`,
        verdict: !Number.isFinite(lf)
          ? 'not measured'
          : tooClose(rounds, lf, LIMITS.labOverFit)
            ? 'inconclusive'
            : judgeBound(lf >= LIMITS.labOverFit, exact),
      });
      const c = 1 - median(pairedRatios(cell.rates[LAB]!, cell.rates[LAB_OFF]!));
      cost.push({
        budget: 'diagnostics cost',
        where,
        measured: `${fmtPercent(c, 1)}${bound('lower bound')}`,
        limit: `≤ ${fmtPercent(LIMITS.diagnosticsCost)}`,
        verdict: !Number.isFinite(c)
          ? 'not measured'
          : tooClose(rounds, c, LIMITS.diagnosticsCost)
            ? 'inconclusive'
            : judgeBound(c <= LIMITS.diagnosticsCost, exact),
      });
    }
  }
  return [...fit, ...cost];
}

function appLines(r: BenchResults): BudgetLine[] {
  if (!r.app || r.app.status !== 'ok') {
    const why = r.app ? `${r.app.status}: ${r.app.reason}` : 'section not run';
    return [
      { budget: 'longest main-thread task', where: 'app', measured: why, limit: '', verdict: 'not measured' },
      { budget: 'page frame rate', where: 'app', measured: why, limit: '', verdict: 'not measured' },
    ];
  }
  const h = r.app.health;
  const where = `app while training (${h.backend}, ${h.windowS.toFixed(0)} s)`;
  return [
    {
      budget: 'longest main-thread task',
      where,
      measured: h.longTasks === 0 ? 'no task ≥ 50 ms' : fmtMs(h.longestTaskMs),
      limit: `≤ ${LIMITS.longestTaskMs} ms`,
      verdict: judge(h.longestTaskMs <= LIMITS.longestTaskMs),
    },
    {
      budget: 'page frame rate',
      where,
      measured: `${h.fps.toFixed(1)} fps`,
      limit: `≥ ${LIMITS.fps} fps`,
      verdict: judge(h.fps >= LIMITS.fps),
    },
  ];
}

function memoryLines(r: BenchResults): BudgetLine[] {
  const lines: BudgetLine[] = [];
  for (const run of r.browser) {
    for (const cell of run.memory) {
      const where = `${cell.backend} · ${WORKLOAD_LABELS[cell.workload]}`;
      if (cell.status !== 'ok') {
        lines.push({ budget: 'numTensors flat', where, measured: `${cell.status}: ${cell.reason}`, limit: '', verdict: 'not measured' });
        continue;
      }
      const first = cell.samples[0]!;
      const last = cell.samples.at(-1)!;
      lines.push({
        budget: 'numTensors flat',
        where,
        measured: `${first.numTensors} at step ${first.step} → ${last.numTensors} at step ${last.step}`,
        limit: 'no growth',
        verdict: judge(last.numTensors <= first.numTensors),
      });
    }
  }
  return lines;
}

function sizeLine(r: BenchResults): BudgetLine {
  if (!r.sizes) return { budget: 'main-thread JS (gzip)', where: 'app build', measured: 'section not run', limit: '', verdict: 'not measured' };
  const total = r.sizes.mainThread.reduce((s, f) => s + f.gzipBytes, 0);
  return {
    budget: 'main-thread JS (gzip)',
    where: `app build (${r.sizes.mainThread.length} files)`,
    measured: fmtKB(total),
    limit: `≤ ${fmtKB(LIMITS.mainThreadGzipBytes)}`,
    verdict: judge(total <= LIMITS.mainThreadGzipBytes),
  };
}

export function evaluateBudgets(r: BenchResults): BudgetLine[] {
  return [...speedLines(r), ...appLines(r), ...memoryLines(r), sizeLine(r)];
}
