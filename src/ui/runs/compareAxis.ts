/**
 * The Compare chart's value axis. Unlike the live charts (which start at 0), it hugs the data:
 * runs being compared often differ by a few percent, and an axis from 0 would flatten exactly
 * the difference the view is for.
 */
import { decadeRange, decadeTicks, niceTickSpec, ticksOf } from '../charts/ticks';

export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
  log: boolean;
}

/** Round-numbered bounds around [min, max] with about five ticks; log only when values are positive. */
export function valueAxis(min: number, max: number, minPositive: number, log: boolean): ValueAxis {
  if (log && max > 0 && Number.isFinite(minPositive)) {
    const [e0, e1] = decadeRange(minPositive, max);
    return { domain: [10 ** e0, 10 ** e1], ticks: decadeTicks(e0, e1), log: true };
  }
  if (!Number.isFinite(min) || !Number.isFinite(max))
    return { domain: [0, 1], ticks: [0, 1], log: false };
  // A flat line (a constant learning rate) still gets an axis around its value.
  const pad = max > min ? 0 : Math.abs(max) * 0.1 || 1;
  const { step } = niceTickSpec(min - pad, max + pad, 5);
  const lo = Math.floor((min - pad) / step + 1e-9) * step;
  const hi = Math.ceil((max + pad) / step - 1e-9) * step;
  const count = Math.round((hi - lo) / step) + 1;
  const ticks = ticksOf(lo, step, count);
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks, log: false };
}
