/**
 * The pure parts of "download a chart as PNG": file names, the page layout of the image, which
 * computed styles an SVG needs inlined, and colour parsing. No DOM here, so it runs under Vitest
 * in Node; the DOM side lives in ./png/.
 */

/** Output pixels per CSS pixel: sharp on high-density screens and in slides. */
export const PNG_SCALE = 2;

/** Lowercase ASCII words joined by dashes; accents dropped, symbols (η, ², /) removed. */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'chart';
}

/** `loss-step-120.png`; without a known step just `loss.png`. */
export function pngFileName(title: string, step?: number | null): string {
  const known = step !== undefined && step !== null && Number.isFinite(step);
  return `${slugOf(title)}${known ? `-step-${Math.round(step)}` : ''}.png`;
}

/** The muted line after the title: what the picture shows beyond its name. */
export function titleNote(detail?: string | null, step?: number | null): string {
  const parts: string[] = [];
  if (detail) parts.push(detail);
  if (step !== undefined && step !== null && Number.isFinite(step)) parts.push(`step ${step}`);
  return parts.join(' · ');
}

export interface FlowPlace {
  x: number;
  row: number;
}

/**
 * Places items of the given widths left to right, wrapping to a new row when the next one would
 * pass `maxWidth` (like the flex-wrap legend on screen). An item wider than a row gets its own.
 */
export function flowLayout(widths: readonly number[], maxWidth: number, gap: number): FlowPlace[] {
  const places: FlowPlace[] = [];
  let x = 0;
  let row = 0;
  for (const w of widths) {
    if (x > 0 && x + w > maxWidth) {
      row += 1;
      x = 0;
    }
    places.push({ x, row });
    x += w + gap;
  }
  return places;
}

export const rowCount = (places: readonly FlowPlace[]) =>
  places.length === 0 ? 0 : places[places.length - 1]!.row + 1;

/** Vertical metrics of the image, in CSS pixels (multiplied by PNG_SCALE when drawn). */
export const PAGE = {
  pad: 14,
  titleHeight: 22,
  /** Space between title, plot and legend. */
  gap: 10,
  legendRowHeight: 18,
} as const;

export interface PageLayout {
  width: number;
  height: number;
  titleY: number;
  plotY: number;
  legendY: number;
}

/** Title band on top, the plot as on screen below it, then the legend rows; padded all round. */
export function pageLayout(width: number, plotHeight: number, legendRows: number): PageLayout {
  const titleY = PAGE.pad;
  const plotY = titleY + PAGE.titleHeight + PAGE.gap;
  const legendY = plotY + Math.max(0, plotHeight) + (legendRows > 0 ? PAGE.gap : 0);
  const height = legendY + legendRows * PAGE.legendRowHeight + PAGE.pad;
  return { width: Math.ceil(width), height: Math.ceil(height), titleY, plotY, legendY };
}

/**
 * Computed styles an SVG element needs written on itself to look the same once serialized: CSS
 * rules from the page (Recharts classes, our stylesheet) do not travel with the markup.
 */
export const SVG_STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'shape-rendering',
] as const;

/** A style attribute value from a computed-style reader; empty values are left out. */
export function inlineStyleText(read: (prop: string) => string): string {
  const out: string[] = [];
  for (const prop of SVG_STYLE_PROPS) {
    const value = read(prop).trim();
    if (value) out.push(`${prop}: ${value}`);
  }
  return out.join('; ');
}

/** The colours of a CSS gradient, in order (`linear-gradient(90deg, rgb(…), #fff)` → two). */
export function gradientColors(css: string): string[] {
  if (!/gradient\(/.test(css)) return [];
  return css.match(/rgba?\([^)]*\)|hsla?\([^)]*\)|#[0-9a-f]{3,8}\b/gi) ?? [];
}

/** Whether a computed colour paints anything (`transparent` and zero alpha do not). */
export function isVisibleColor(css: string): boolean {
  const c = css.replace(/\s+/g, '').toLowerCase();
  if (!c || c === 'transparent' || c === 'none') return false;
  const alpha =
    /^rgba\([^,]+,[^,]+,[^,]+,([\d.]+)\)$/.exec(c) ?? /^rgb\([^/]+\/([\d.]+%?)\)$/.exec(c);
  if (!alpha) return true;
  const a = alpha[1]!;
  return (a.endsWith('%') ? parseFloat(a) / 100 : parseFloat(a)) > 0;
}

/** Label text as a person reads it: runs of white space collapsed, ends trimmed. */
export const tidyLabel = (text: string) => text.replace(/\s+/g, ' ').trim();
