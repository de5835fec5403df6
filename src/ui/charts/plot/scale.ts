/**
 * Maps from data values to pixels. A scale is a plain function, built once per (domain, range)
 * and memoized by the plot, so drawing a series is one pass of arithmetic over its rows.
 */

export type Scale = (v: number) => number;

/** Linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (!Number.isFinite(d0) || !Number.isFinite(d1) || d1 === d0) {
    const mid = (r0 + r1) / 2;
    return (v) => (Number.isFinite(v) ? mid : NaN);
  }
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * Base-10 log map of [d0, d1] (both positive) onto [r0, r1]. Values ≤ 0 have no place on a log
 * axis and map to NaN, which the path builder treats as a gap.
 */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (!(d0 > 0) || !(d1 > 0)) return () => NaN;
  const inner = linearScale(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => (v > 0 ? inner(Math.log10(v)) : NaN);
}

export function makeScale(d0: number, d1: number, r0: number, r1: number, log = false): Scale {
  return log ? logScale(d0, d1, r0, r1) : linearScale(d0, d1, r0, r1);
}
