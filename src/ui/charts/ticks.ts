/**
 * Axis ticks computed here, so Recharts draws exactly these and never measures label text to
 * decide which ticks fit. Ticks are described by primitives (start, step, count) so components
 * can memoize on them: Recharts re-registers an axis whenever a prop changes identity, and that
 * costs far more than drawing, so unchanged ticks must keep their identity across updates.
 */

export interface TickSpec {
  start: number;
  step: number;
  count: number;
}

/** About `target` round ticks covering [lo, hi], 1, 2 or 5 times a power of ten apart. */
export function niceTickSpec(lo: number, hi: number, target = 5): TickSpec {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo)
    return { start: Number.isFinite(lo) ? lo : 0, step: 1, count: 1 };
  const raw = (hi - lo) / Math.max(1, target - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.ceil(lo / step - 1e-9) * step;
  const count = Math.floor((hi - start) / step + 1e-9) + 1;
  return { start, step, count };
}

export function ticksOf(start: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Number((start + i * step).toPrecision(12)));
}

/** The smallest round upper bound ≥ max (on the 1-2-5 ladder), for an axis starting at 0. */
export function roundUpperBound(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const { step } = niceTickSpec(0, max, 5);
  return Math.ceil(max / step - 1e-9) * step;
}

/** Decade exponents spanning [lo, hi] (both positive), for a log axis. */
export function decadeRange(lo: number, hi: number): [number, number] {
  if (!(lo > 0) || !(hi > 0)) return [-1, 0];
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(Math.ceil(Math.log10(hi)), a + 1);
  return [a, b];
}

export function decadeTicks(fromExp: number, toExp: number): number[] {
  const out: number[] = [];
  for (let e = fromExp; e <= toExp; e++) out.push(10 ** e);
  return out;
}
