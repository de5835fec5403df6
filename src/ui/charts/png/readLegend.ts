/**
 * Legend entries (swatch + text) read back from a chart's HTML: the ChartLegend list, the
 * decision boundary's dot legend, colour chips and colour-scale swatches in captions. Prose in a
 * caption without a swatch is not a legend entry and is left out of the picture.
 */
import { gradientColors, tidyLabel } from '../chartPng';

export type Swatch =
  | { kind: 'line'; color: string; dashed: boolean }
  | { kind: 'dot'; fill: string; stroke: string | null }
  | { kind: 'gradient'; colors: string[] };

export interface LegendEntry {
  label: string;
  swatch: Swatch;
}

/** Where legends live in a chart panel; a new chart can opt in with `data-png-legend`. */
export const LEGEND_SELECTOR = '.chart-legend, .caption, [data-png-legend]';

/** The swatch an element draws, or null if it is not one of the lab's swatch elements. */
function swatchOf(el: Element): Swatch | null {
  const cs = getComputedStyle(el);
  if (el.matches('.swatch')) {
    return { kind: 'line', color: cs.borderTopColor, dashed: cs.borderTopStyle === 'dashed' };
  }
  if (el.matches('.dot')) {
    const ring = parseFloat(cs.borderTopWidth) > 0 ? cs.borderTopColor : null;
    return { kind: 'dot', fill: cs.backgroundColor, stroke: ring };
  }
  if (el.matches('.grad-swatch, .heat-swatch')) {
    const colors = gradientColors(cs.backgroundImage);
    return colors.length > 0 ? { kind: 'gradient', colors } : null;
  }
  return null;
}

/**
 * Walks a legend container in reading order: a swatch opens an entry and the text after it is
 * that entry's label; a chip (coloured left border around its own text) is an entry by itself.
 */
export function readLegend(container: Element): LegendEntry[] {
  const entries: LegendEntry[] = [];
  let open: LegendEntry | null = null;
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (open) open.label += node.textContent ?? '';
      return;
    }
    if (!(node instanceof Element) || getComputedStyle(node).display === 'none') return;
    if (node.matches('.chip')) {
      const color = getComputedStyle(node).borderLeftColor;
      entries.push({
        label: node.textContent ?? '',
        swatch: { kind: 'line', color, dashed: false },
      });
      open = null;
      return;
    }
    const swatch = swatchOf(node);
    if (swatch) {
      open = { label: '', swatch };
      entries.push(open);
      return;
    }
    // A list item is one entry: text in the next item never runs on into this one.
    if (node.matches('li')) open = null;
    node.childNodes.forEach(visit);
    if (node.matches('li')) open = null;
  };
  container.childNodes.forEach(visit);
  return entries
    .map((e) => ({ ...e, label: tidyLabel(e.label) }))
    .filter((e) => e.label.length > 0);
}
