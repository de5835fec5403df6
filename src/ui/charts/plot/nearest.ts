/** The hover readout's lookup: which drawn point is closest to the pointer. */

/**
 * Index of the value in ascending `xs` closest to `x` (the earlier one on a tie); -1 when `xs` is
 * empty or `x` is not a number. Binary search: a pointer move costs O(log n).
 */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0 || Number.isNaN(x)) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && x - xs[lo - 1]! <= xs[lo]! - x) return lo - 1;
  return lo;
}

/**
 * `delta` points along from `index`, kept in range (±Infinity: the first or last point); with
 * nothing selected yet, any move starts at the newest point.
 */
export function stepIndex(index: number | null, delta: number, count: number): number | null {
  if (count === 0) return null;
  if (index === null) return count - 1;
  return Math.min(count - 1, Math.max(0, index + delta));
}
