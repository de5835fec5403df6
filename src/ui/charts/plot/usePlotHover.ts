/**
 * Hover state of a plot: which point the readout shows. One pointer handler on the SVG, plus the
 * keyboard (←/→ step through the points, Home/End jump, Esc hides) for a focused plot. The state
 * is one number, the hovered point's key (its step on a line chart, so the readout stays on the
 * same step while new records arrive), and only the readout re-renders when it changes.
 */
import { useState, type FocusEvent, type KeyboardEvent, type PointerEvent } from 'react';
import type { Frame } from './frame';
import { nearestIndex, stepIndex } from './nearest';

export interface PlotHover {
  /** Index into the plotted points, or null when nothing is hovered. */
  index: number | null;
  handlers: {
    onPointerMove: (e: PointerEvent<SVGSVGElement>) => void;
    onPointerLeave: () => void;
    onKeyDown: (e: KeyboardEvent<SVGSVGElement>) => void;
    onFocus: (e: FocusEvent<SVGSVGElement>) => void;
    onBlur: () => void;
  };
}

const KEY_DELTA: Record<string, number> = {
  ArrowLeft: -1,
  ArrowRight: 1,
  Home: -Infinity,
  End: Infinity,
};

/**
 * `xs`: pixel position of each point, ascending. `keys`: each point's identity, ascending (steps,
 * or bin indices). The pointer picks the point nearest in x while it is inside `frame`.
 */
export function usePlotHover(
  xs: readonly number[],
  keys: readonly number[],
  frame: Frame,
): PlotHover {
  const [key, setKey] = useState<number | null>(null);
  const found = key === null ? -1 : nearestIndex(keys, key);
  const index = found >= 0 ? found : null;
  const select = (i: number | null) => setKey(i === null || i < 0 ? null : (keys[i] ?? null));

  return {
    index,
    handlers: {
      onPointerMove: (e) => {
        // Read in the handler, never while rendering; layout is clean between frames.
        const box = e.currentTarget.getBoundingClientRect();
        const x = e.clientX - box.left;
        const y = e.clientY - box.top;
        const inside = x >= frame.left && x <= frame.right && y >= frame.top && y <= frame.bottom;
        select(inside ? nearestIndex(xs, x) : null);
      },
      onPointerLeave: () => select(null),
      onKeyDown: (e) => {
        if (e.key === 'Escape') {
          select(null);
          return;
        }
        const delta = KEY_DELTA[e.key];
        if (delta === undefined) return;
        e.preventDefault();
        select(stepIndex(index, delta, keys.length));
      },
      onFocus: (e) => {
        // Keyboard focus shows the newest point, so the arrow keys have somewhere to start.
        if (index === null && e.currentTarget.matches(':focus-visible')) select(keys.length - 1);
      },
      onBlur: () => select(null),
    },
  };
}
