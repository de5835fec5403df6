/** Bar rectangles of a histogram: equal bands across the frame, heights from 0 to `top`. */
import type { Frame } from './frame';

export interface BarRect {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Width of one band (bar plus its gap) when `count` bars share the frame. */
export function bandWidth(frame: Frame, count: number): number {
  return count > 0 ? (frame.right - frame.left) / count : 0;
}

/**
 * One rectangle per non-zero value (an empty bin draws nothing), `gap` pixels between bars but
 * never thinner than 1 px. `top` is the value that reaches the frame's top.
 */
export function barRects(values: readonly number[], frame: Frame, top: number, gap = 1): BarRect[] {
  const band = bandWidth(frame, values.length);
  const width = Math.max(1, band - gap);
  const height = frame.bottom - frame.top;
  const out: BarRect[] = [];
  values.forEach((v, index) => {
    if (!(v > 0) || !(top > 0)) return;
    const h = (Math.min(v, top) / top) * height;
    out.push({
      index,
      x: frame.left + index * band + (band - width) / 2,
      y: frame.bottom - h,
      width,
      height: h,
    });
  });
  return out;
}

/** The band under pixel `x`, or -1 outside the frame. */
export function bandAt(x: number, frame: Frame, count: number): number {
  const band = bandWidth(frame, count);
  if (band <= 0 || x < frame.left || x >= frame.right) return -1;
  return Math.min(count - 1, Math.floor((x - frame.left) / band));
}
