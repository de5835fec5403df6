/** Small pure helpers for the numbers the bench reports: medians, ratios, spreads, window plans. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** a / b, NaN when either is missing or b is not positive (never Infinity in a table). */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;
}

/**
 * Per-round ratios of two interleaved series (round i of A over round i of B): rounds ran next to
 * each other, so their ratio cancels most of the machine's load swings; its median is what the
 * budgets judge, and its min–max shows how noisy the run was.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  return Array.from({ length: n }, (_, i) => ratio(a[i]!, b[i]!)).filter(Number.isFinite);
}

export function minMax(xs: readonly number[]): [number, number] | null {
  return xs.length === 0 ? null : [Math.min(...xs), Math.max(...xs)];
}

export interface WindowPlanInput {
  /** Rough steps/s of each variant from a short probe (the median one sizes the windows). */
  probeRates: number[];
  /** Windows are a multiple of this (a record step ends each window). */
  recordEvery: number;
  /** Steps after which the loop's cost repeats (records and sharpness): preferred window unit. */
  period: number;
  /** How long one window should take, in seconds. */
  targetWindowS: number;
  /** Time allowed for all rounds of all variants, in seconds. */
  budgetS: number;
  maxRounds: number;
  /** A fixed window length chosen on the command line (rounded up to whole records). */
  fixedSteps?: number | null;
}

export interface WindowPlan {
  steps: number;
  rounds: number;
  /** Windows hold whole cost periods, so every once-per-period cost is counted in each. */
  wholePeriods: boolean;
  /** Why the plan is less than asked for, or null. */
  note: string | null;
}

/**
 * How many steps per window and how many rounds fit the time budget. A window covers whole cost
 * periods when the typical variant can do one in the target time, so each window pays its share of
 * sharpness measurements; otherwise whole record intervals (and the note says so).
 */
export function planWindows(p: WindowPlanInput): WindowPlan {
  // The median variant sizes the windows: one probe slowed by a load spike should not shrink them.
  const typical = Math.max(1e-6, median(p.probeRates));
  const roundUp = (n: number, unit: number) => Math.max(unit, Math.ceil(n / unit) * unit);
  const roundDown = (n: number, unit: number) => Math.max(unit, Math.floor(n / unit) * unit);
  let steps: number;
  const notes: string[] = [];
  if (p.fixedSteps && p.fixedSteps > 0) steps = roundUp(p.fixedSteps, p.recordEvery);
  else {
    const want = typical * p.targetWindowS;
    // Longer windows than the target are worth it when they make the figure exact (whole periods)
    // and still leave room for two rounds.
    const periodRoundS = p.probeRates.reduce((s, r) => s + p.period / Math.max(1e-6, r), 0);
    steps = want >= p.period || 2 * periodRoundS <= p.budgetS ? roundDown(Math.max(want, p.period), p.period) : roundDown(want, p.recordEvery);
  }
  // The median of short windows leaves out what happens once per period (sharpness): the lab's
  // figure is then an upper bound, and the note says so.
  if (steps < p.period) notes.push(`windows of ${steps} < ${p.period} steps: the median leaves out the once-per-period sharpness cost, so the lab figure is an upper bound`);
  else if (steps % p.period !== 0) notes.push(`windows of ${steps} steps are not whole ${p.period}-step periods: sharpness is counted unevenly`);
  const roundS = p.probeRates.reduce((s, r) => s + steps / Math.max(1e-6, r), 0);
  const fit = Math.floor(p.budgetS / Math.max(1e-6, roundS));
  const rounds = Math.max(1, Math.min(p.maxRounds, fit));
  if (rounds < p.maxRounds) notes.push(`${rounds} of ${p.maxRounds} rounds fit the time budget`);
  return { steps, rounds, wholePeriods: steps % p.period === 0, note: notes.length ? notes.join('; ') : null };
}
