/** One line of a plot: how to read its value from a row, and how it looks. */
export interface PlotSeries<R> {
  name: string;
  color: string;
  /** The value at a row; null (or NaN, or ≤ 0 on a log axis) leaves a gap in the line. */
  get: (r: R) => number | null;
  /** Stroke width in px (default 1.8). */
  width?: number;
  dashed?: boolean;
}

export const DEFAULT_STROKE_WIDTH = 1.8;
export const DASH = '5 4';
