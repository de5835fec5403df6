/**
 * Where tick marks and labels go, from the tick values (./ticks.ts) and a scale. Labels that would
 * overlap their neighbours (a narrow chart, long exponent labels) are thinned to every k-th one;
 * the marks and grid lines stay.
 */
import { formatTick } from '../../format';
import type { Scale } from './scale';
import { textWidth } from './text';

export interface PlacedTick {
  value: number;
  /** Pixel position along the axis. */
  pos: number;
  /** Empty when thinned out to make room for its neighbours. */
  label: string;
}

/** Half a pixel of slack: a tick exactly on the domain edge stays despite rounding. */
const EDGE_SLACK_PX = 0.5;

/** Ticks that fall inside [from, to] (pixels, either order), at their positions, labelled. */
export function placeTicks(values: readonly number[], scale: Scale, from: number, to: number) {
  const lo = Math.min(from, to) - EDGE_SLACK_PX;
  const hi = Math.max(from, to) + EDGE_SLACK_PX;
  const out: PlacedTick[] = [];
  for (const value of values) {
    const pos = scale(value);
    if (Number.isFinite(pos) && pos >= lo && pos <= hi)
      out.push({ value, pos, label: formatTick(value) });
  }
  return out;
}

/**
 * Smallest k such that keeping every k-th label leaves `gap` pixels between neighbours, given
 * each label's extent along the axis (its width on a horizontal axis, the line height on a
 * vertical one; labels are centred on their tick).
 */
export function labelStride(
  ticks: readonly PlacedTick[],
  extent: (t: PlacedTick) => number,
  gap: number,
): number {
  for (let k = 1; k < ticks.length; k++) {
    let fits = true;
    for (let i = k; i < ticks.length && fits; i += k) {
      const a = ticks[i - k]!;
      const b = ticks[i]!;
      fits = Math.abs(b.pos - a.pos) >= (extent(a) + extent(b)) / 2 + gap;
    }
    if (fits) return k;
  }
  return Math.max(1, ticks.length);
}

/** Keeps every k-th label (counted from the first), blanking the rest. */
export function thinLabels(ticks: readonly PlacedTick[], k: number): PlacedTick[] {
  return ticks.map((t, i) => (i % k === 0 ? t : { ...t, label: '' }));
}

/** Ticks placed along an axis, labels thinned so that no two come closer than `gap` px. */
function thinnedTicks(
  values: readonly number[],
  scale: Scale,
  from: number,
  to: number,
  size: (t: PlacedTick) => number,
  gap: number,
): PlacedTick[] {
  const placed = placeTicks(values, scale, from, to);
  return thinLabels(placed, labelStride(placed, size, gap));
}

/** Step-axis ticks: thinned by estimated label width. */
export function stepAxisTicks(
  values: readonly number[],
  scale: Scale,
  from: number,
  to: number,
  fontSize: number,
) {
  return thinnedTicks(values, scale, from, to, (t) => textWidth(t.label, fontSize), 6);
}

/** Value-axis ticks: thinned so lines of text do not touch. */
export function valueAxisTicks(
  values: readonly number[],
  scale: Scale,
  from: number,
  to: number,
  fontSize: number,
) {
  return thinnedTicks(values, scale, from, to, () => fontSize, 2);
}
