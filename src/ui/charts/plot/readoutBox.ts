/**
 * Layout of the hover readout: a box of text lines beside the hover guide, on its right unless it
 * would leave the plot, then on its left. Sized from character counts (no text measuring).
 */
import type { Frame } from './frame';
import { textWidth } from './text';

export const READOUT_FONT_SIZE = 12;
export const READOUT_LINE_HEIGHT = 16;
const PAD_X = 8;
const PAD_Y = 6;
/** Gap between the guide line and the box. */
const OFFSET = 10;

export interface ReadoutBox {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Baseline of the first line, relative to the box's top. */
  firstBaseline: number;
}

/** How many lines fit the plot's height (at least the heading and one value). */
export function readoutCapacity(frame: Frame): number {
  return Math.max(2, Math.floor((frame.bottom - frame.top - 2 * PAD_Y) / READOUT_LINE_HEIGHT));
}

/**
 * The readout's lines: the heading, then every value line that fits, the rest summarized as
 * "+ k more". `shown` counts the value lines kept (they follow the heading, in order).
 */
export function fitLines(
  heading: string,
  lines: readonly string[],
  capacity: number,
): { lines: string[]; shown: number } {
  if (lines.length + 1 <= capacity) return { lines: [heading, ...lines], shown: lines.length };
  const shown = Math.max(0, capacity - 2);
  return { lines: [heading, ...lines.slice(0, shown), `+ ${lines.length - shown} more`], shown };
}

export function readoutBox(
  lines: readonly string[],
  guideX: number,
  frame: Frame,
  width: number,
): ReadoutBox {
  const longest = lines.reduce((m, l) => Math.max(m, textWidth(l, READOUT_FONT_SIZE)), 0);
  const w = Math.ceil(longest + 2 * PAD_X);
  const h = lines.length * READOUT_LINE_HEIGHT + 2 * PAD_Y;
  const right = guideX + OFFSET;
  const x = right + w <= width ? right : Math.max(0, guideX - OFFSET - w);
  return {
    x,
    y: frame.top + 4,
    width: w,
    height: h,
    // Text sits on its baseline: about 0.8 of the font size below the line's top.
    firstBaseline:
      PAD_Y + Math.round(READOUT_FONT_SIZE * 0.8) + (READOUT_LINE_HEIGHT - READOUT_FONT_SIZE) / 2,
  };
}

export const READOUT_PAD_X = PAD_X;
