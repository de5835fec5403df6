/**
 * Seed statistics: runs of one config with different seeds, reduced to a mean line with a band
 * and the spread of their final values. Pure, so the numbers are checked by hand in tests.
 *
 * Only finite values are averaged; a seed that diverged (NaN, ±∞) is counted in `nonFinite`
 * instead, so the caller can say "1 of 5 diverged" rather than draw a mean that is NaN forever
 * after — or, worse, silently look as good as the seeds that survived.
 */
import type { Series } from './compareSeries';

export interface Spread {
  /** Finite values the statistics are over. */
  n: number;
  /** Values left out for being NaN or ±∞. */
  nonFinite: number;
  /** NaN when n = 0. */
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); NaN when n < 2. */
  sd: number;
  min: number;
  max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  const nonFinite = values.length - n;
  if (n === 0) return { n, nonFinite, mean: NaN, sd: NaN, min: NaN, max: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / n;
  let squares = 0;
  for (const v of finite) squares += (v - mean) ** 2;
  const sd = n < 2 ? NaN : Math.sqrt(squares / (n - 1));
  return { n, nonFinite, mean, sd, min, max };
}

/** The seeds' statistics at each step any of them recorded. */
export interface Aggregate {
  steps: number[];
  /** One spread per step, over the seeds that recorded that step. */
  spreads: Spread[];
}

/**
 * Aggregates series step by step over the union of their steps. A step some seeds lack (a
 * shorter run, another record cadence) is taken over the seeds that have it, and its `n` says
 * how many that were; nothing is interpolated, so every number is one a seed actually recorded.
 */
export function aggregate(series: readonly Series[]): Aggregate {
  const all = new Set<number>();
  for (const s of series) for (const step of s.steps) all.add(step);
  const steps = [...all].sort((a, b) => a - b);
  // One cursor per series: steps are increasing, so one pass over each suffices.
  const cursor = series.map(() => 0);
  const spreads = steps.map((step) => {
    const here: number[] = [];
    series.forEach((s, k) => {
      let i = cursor[k]!;
      while (i < s.steps.length && s.steps[i]! < step) i++;
      cursor[k] = i;
      if (s.steps[i] === step) here.push(s.values[i]!);
    });
    return spreadOf(here);
  });
  return { steps, spreads };
}

/** The mean at each step as a series (NaN where no seed had a finite value). */
export function meanSeries(a: Aggregate): Series {
  return { steps: a.steps, values: a.spreads.map((s) => s.mean) };
}
