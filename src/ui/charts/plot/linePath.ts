/**
 * SVG path strings for a whole series at once: one `d` per line (no element per point), and one
 * for the dots of a sparse series, drawn as zero-length round-capped segments.
 */
import type { Scale } from './scale';

/** Pixel coordinates to 0.1 px: shorter strings, no visible difference. */
const fmt = (v: number) => String(Math.round(v * 10) / 10);

/** Pixel position of each row, or null where the value is missing or has no place on the axis. */
function points<R extends { step: number }>(
  rows: readonly R[],
  get: (r: R) => number | null,
  sx: Scale,
  sy: Scale,
  visit: (x: number, y: number) => void,
  gap: () => void,
): void {
  for (const r of rows) {
    const v = get(r);
    const x = sx(r.step);
    const y = v === null ? NaN : sy(v);
    if (Number.isFinite(x) && Number.isFinite(y)) visit(x, y);
    else gap();
  }
}

/**
 * `M x,y L x,y …` through the rows in order; a missing value (null, NaN, ±∞, ≤ 0 on a log scale)
 * breaks the line, and the next point starts a new sub-path. Empty when nothing is drawable.
 */
export function linePath<R extends { step: number }>(
  rows: readonly R[],
  get: (r: R) => number | null,
  sx: Scale,
  sy: Scale,
): string {
  let d = '';
  let pen = false;
  points(
    rows,
    get,
    sx,
    sy,
    (x, y) => {
      d += `${pen ? 'L' : 'M'}${fmt(x)},${fmt(y)}`;
      pen = true;
    },
    () => {
      pen = false;
    },
  );
  return d;
}

/** A dot at every drawable point: stroked with a round cap, each is a circle of the stroke width. */
export function dotsPath<R extends { step: number }>(
  rows: readonly R[],
  get: (r: R) => number | null,
  sx: Scale,
  sy: Scale,
): string {
  let d = '';
  points(
    rows,
    get,
    sx,
    sy,
    (x, y) => {
      d += `M${fmt(x)},${fmt(y)}h0`;
    },
    () => {},
  );
  return d;
}
