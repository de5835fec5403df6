/**
 * The plot area inside the SVG: room on the left for the value axis, below for the step axis, and
 * the margins the Recharts charts had, so panels keep their look.
 */
import { MARGIN, TICK_STYLE } from '../chartProps';

/** Width of the value axis (tick labels right-aligned against it). */
export const Y_AXIS_WIDTH = 44;
/** Height of the step axis: tick marks and one line of labels. */
export const X_AXIS_HEIGHT = 30;
export const TICK_SIZE = 6;
export const TICK_FONT_SIZE = TICK_STYLE.fontSize;

export interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plot rectangle of a `width` × `height` line chart with axes (never inside out). */
export function plotFrame(width: number, height: number, margin: Margin = MARGIN): Frame {
  const left = margin.left + Y_AXIS_WIDTH;
  const top = margin.top;
  const right = Math.max(left + 1, width - margin.right);
  const bottom = Math.max(top + 1, height - margin.bottom - X_AXIS_HEIGHT);
  return { left, top, right, bottom };
}

/** The plot rectangle without axes (a bar chart whose range is written below it in HTML). */
export function bareFrame(width: number, height: number, margin: Margin): Frame {
  const left = margin.left;
  const top = margin.top;
  return {
    left,
    top,
    right: Math.max(left + 1, width - margin.right),
    bottom: Math.max(top + 1, height - margin.bottom),
  };
}
