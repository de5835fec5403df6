/**
 * `sweep <sweep.json>`: every combination of one or two config fields (× every seed), one run
 * after another in this process. The whole grid is validated before the engine is even loaded.
 * A sweep's output file works as input too: its `sweep` is the spec as run.
 */
import { cellLabel, planSweep, type AxisValue, type SweepPlan } from '../config/sweep';
import type { LabEvent } from '../events';
import type { HistoryRecord, RunEnv, RunSummary } from '../engine/run';
import type { SweepCommand } from './args';
import { startEngine } from './engine';
import { EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE, say } from './exit';
import { checkWritable, readJsonFile, writeResult } from './io';
import { formatLoss } from './progress';
import { createSweepProgress } from './sweepProgress';
import { formatSweepTable } from './sweepTable';

/** One run of a sweep in the output JSON. */
export interface SweepRunOutput {
  values: Record<string, AxisValue>;
  seed: number;
  summary: RunSummary | null;
  /** The last history record (null when the run failed). */
  final: HistoryRecord | null;
  events: LabEvent[];
  /** The whole history, with --histories only. */
  history?: HistoryRecord[];
  /** Why the run failed (an exception, not a divergence). */
  error?: string;
}

export interface SweepOutput {
  sweep: SweepPlan['spec'];
  env: RunEnv;
  runs: SweepRunOutput[];
}

/** "regularization.l2 (3 values) × model.norm (2 values) × 2 seeds = 12 runs" */
function describeGrid(plan: SweepPlan): string {
  const axes = plan.spec.axes.map(
    (a) => `${a.path} (${a.values.length} value${a.values.length === 1 ? '' : 's'})`,
  );
  const n = plan.spec.seeds.length;
  const seeds = n === 1 ? `seed ${plan.spec.seeds[0]}` : `${n} seeds`;
  return `${[...axes, seeds].join(' × ')} = ${plan.runs.length} run${plan.runs.length === 1 ? '' : 's'}`;
}

function outcomeLine(r: SweepRunOutput, seconds: number): string {
  const s = r.summary;
  if (s === null) return `FAILED: ${r.error}`;
  const rate = seconds > 0 ? `${(s.steps / seconds).toFixed(0)} steps/s` : '';
  if (s.diverged) return `DIVERGED at step ${s.divergedAtStep} (${seconds.toFixed(1)} s)`;
  const acc = s.finalAccuracyVal === null ? '–' : `${(100 * s.finalAccuracyVal).toFixed(1)} %`;
  return `validation accuracy ${acc}, loss ${formatLoss(s.finalLossVal)} (${seconds.toFixed(1)} s, ${rate})`;
}

export async function sweepCommand(cmd: SweepCommand): Promise<number> {
  const read = await readJsonFile(cmd.sweepPath, 'sweep file');
  if (!read.ok) {
    read.messages.forEach(say);
    return EXIT_USAGE;
  }
  // A sweep's own output holds its spec as run: `sweep results.json` runs that spec again.
  const json = read.json as Record<string, unknown>;
  const fromResult = Object.hasOwn(json, 'sweep') && Object.hasOwn(json, 'runs');
  const planned = planSweep(fromResult ? json.sweep : json, cmd.seeds);
  if (!planned.ok) {
    say(`sweep file "${cmd.sweepPath}" is invalid (nothing was run):`);
    planned.errors.forEach((e) => say(`  ${e}`));
    return EXIT_USAGE;
  }
  const { plan } = planned;
  const outProblem = cmd.out === null ? null : await checkWritable(cmd.out);
  if (outProblem !== null) {
    say(outProblem);
    return EXIT_USAGE;
  }

  const what = fromResult
    ? `Rerunning the sweep of the results in "${cmd.sweepPath}"`
    : `Sweep "${cmd.sweepPath}"`;
  say(`${what}: ${describeGrid(plan)}.`);
  const engine = await startEngine(cmd.backend, say);
  for (const arch of new Set(plan.runs.map((r) => r.config.model.arch))) {
    const unsupported = engine.unsupported(arch);
    if (unsupported !== null) {
      say(unsupported);
      return EXIT_USAGE;
    }
  }

  const total = plan.runs.length;
  const progress = createSweepProgress(total);
  const runs: SweepRunOutput[] = [];
  const start = performance.now();
  try {
    for (const [i, job] of plan.runs.entries()) {
      const label = `${cellLabel(job.values)} seed ${job.seed}`;
      progress.startRun(i, label, job.config.training.steps);
      const t0 = performance.now();
      let out: SweepRunOutput;
      try {
        const result = await engine.train(job.config, {
          onProgress: (step) => progress.step(step),
        });
        out = {
          values: job.values,
          seed: job.seed,
          summary: result.summary,
          final: result.history.at(-1) ?? null,
          events: result.events,
          ...(cmd.histories ? { history: result.history } : {}),
        };
      } catch (err) {
        out = {
          values: job.values,
          seed: job.seed,
          summary: null,
          final: null,
          events: [],
          error: (err as Error).message,
        };
      }
      runs.push(out);
      progress.endRun(
        `[${i + 1}/${total}] ${label}: ${outcomeLine(out, (performance.now() - t0) / 1000)}`,
      );
    }
  } finally {
    progress.stop();
  }

  const output: SweepOutput = { sweep: plan.spec, env: engine.env(), runs };
  await writeResult(output, cmd.out);
  const outcomes = runs.map((r, i) => ({ cell: plan.runs[i]!.cell, summary: r.summary }));
  say(
    `Ran ${total} runs on ${engine.backend} in ${((performance.now() - start) / 1000).toFixed(1)} s.`,
  );
  say(formatSweepTable(plan.spec.axes, plan.spec.seeds, outcomes));
  const failed = runs.filter((r) => r.summary === null).length;
  if (failed > 0)
    say(`${failed} run${failed === 1 ? '' : 's'} failed (see "error" in the result).`);
  if (cmd.out !== null) say(`Results written to ${cmd.out}.`);
  return failed > 0 ? EXIT_RUN_FAILED : EXIT_OK;
}
