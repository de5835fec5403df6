/**
 * Side-by-side timing: variants run in rounds A B C, C B A, A B C …, each window the same number of
 * steps, so a load swing on the shared machine hits every variant alike. The order turns every
 * round: a load that rises or falls through a round would otherwise always favour the variant that
 * runs first. Shared by Node and the bench page.
 *
 * Slow cells (a CNN on a software GPU takes seconds per step) shape the procedure: the warm-up is
 * two steps (one of them a record, so every kernel compiles), the first round uses windows of one
 * record interval and doubles as the probe that sizes the rest, and it counts when the plan keeps
 * that window length. Any run of k·recordEvery consecutive steps holds exactly k records.
 */
import { planWindows, type WindowPlan } from './stats';

export interface TimedVariant {
  name: string;
  /** Takes `steps` steps and returns the wall time in ms (synchronized with the device). */
  run(steps: number): Promise<number>;
  /** Compiles every kernel the variant uses, in as few steps as it can; ms. Default: run(2). */
  warmUp?(): Promise<number>;
}

export interface InterleaveOptions {
  recordEvery: number;
  period: number;
  targetWindowS: number;
  /** Seconds allowed for the timed rounds of one cell (warm-up not included). */
  budgetS: number;
  maxRounds: number;
  fixedSteps: number | null;
  log: (line: string) => void;
}

export interface InterleaveResult {
  plan: WindowPlan;
  /** Steps/s of each round, per variant name, in round order. */
  rates: Record<string, number[]>;
  /** Seconds the first (compiling) window of each variant took. */
  warmupS: Record<string, number>;
}

const rate = (steps: number, ms: number) => steps / (ms / 1000);

/** A cell whose single round would overrun its budget this much is skipped, not measured badly. */
const MAX_ROUND_OVER_BUDGET = 2;

/** The cell is too slow for the time allowed; the message says how slow and which flag helps. */
export class TooSlow extends Error {}

/** Steps/s of each variant (in the variants' order), run in reverse order when `reversed`. */
async function round(variants: TimedVariant[], steps: number, reversed = false): Promise<number[]> {
  const out: number[] = new Array<number>(variants.length);
  const order = variants.map((_, i) => i);
  if (reversed) order.reverse();
  for (const i of order) out[i] = rate(steps, await variants[i]!.run(steps));
  return out;
}

export async function interleave(variants: TimedVariant[], o: InterleaveOptions): Promise<InterleaveResult> {
  const warmupS: Record<string, number> = {};
  // Each warm-up is followed by one synchronized step: the per-step time without compilation. A
  // cell that cannot fit even one round is given up as soon as that shows — before the costly
  // warm-ups of the other variants (a lab record compiles for minutes on SwiftShader WebGPU).
  // Variants not yet timed are assumed as fast as the fastest timed one, and records cost extra,
  // so the estimate errs low.
  const stepS: number[] = [];
  for (const v of variants) {
    warmupS[v.name] = (await (v.warmUp ? v.warmUp() : v.run(2))) / 1000;
    stepS.push((await v.run(1)) / 1000);
    o.log(`  ${v.name}: warm-up ${warmupS[v.name]!.toFixed(1)} s, then ${stepS.at(-1)!.toFixed(2)} s per step`);
    const estimateS = (stepS.reduce((a, b) => a + b, 0) + (variants.length - stepS.length) * Math.min(...stepS)) * o.recordEvery;
    if (estimateS > o.budgetS * MAX_ROUND_OVER_BUDGET) {
      throw new TooSlow(`a round would take > ${estimateS.toFixed(0)} s, over ${MAX_ROUND_OVER_BUDGET}× --cell-seconds ${o.budgetS}`);
    }
  }
  const first = await round(variants, o.recordEvery);
  o.log(`  round 1 (probe, ${o.recordEvery} steps): ${first.map((r, i) => `${variants[i]!.name} ${r.toFixed(2)}`).join(', ')}`);
  const plan = planWindows({ ...o, probeRates: first });
  // The first sharpness measurement starts cold (3× the iterations, and on a GPU its kernels
  // compile): take one whole cost period untimed, so no timed window pays it — always when the
  // windows are whole periods (the plan left room for it), otherwise when it is cheap.
  const periodS = first.reduce((s, r) => s + o.period / Math.max(1e-6, r), 0);
  if (o.period > o.recordEvery && (plan.wholePeriods || periodS <= o.budgetS / 4)) {
    for (const v of variants) await v.run(o.period);
  }
  // Round one was a full window of the planned length: it counts.
  const keepFirst = plan.steps === o.recordEvery;
  const rates: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  const keep = (rs: number[]) => variants.forEach((v, i) => rates[v.name]!.push(rs[i]!));
  if (keepFirst) keep(first);
  o.log(`  ${plan.rounds} round(s) of ${plan.steps} steps per variant${plan.note ? ` (${plan.note})` : ''}`);
  // Round one ran in the given order, so the next runs reversed.
  let reversed = true;
  while ((rates[variants[0]!.name]?.length ?? 0) < plan.rounds) {
    const rs = await round(variants, plan.steps, reversed);
    reversed = !reversed;
    keep(rs);
    o.log(`  round ${rates[variants[0]!.name]!.length}: ${variants.map((v, i) => `${v.name} ${rs[i]!.toFixed(2)}`).join(', ')}`);
  }
  return { plan, rates, warmupS };
}
