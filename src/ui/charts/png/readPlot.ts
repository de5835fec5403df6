/**
 * The plot part of a chart panel as a list of paint operations in document order: boxes
 * (backgrounds, borders), images (canvases as they are, SVGs with their styles inlined) and the
 * HTML text around them (axis ranges, figure captions, sample labels). Positions are CSS pixels
 * relative to the panel's left edge and the plot's top edge.
 */
import { isVisibleColor } from '../chartPng';
import { LEGEND_SELECTOR } from './readLegend';
import { svgImage } from './svgImage';

export type PaintOp =
  | {
      kind: 'box';
      x: number;
      y: number;
      w: number;
      h: number;
      radius: number;
      fill: string | null;
      border: { color: string; width: number; dashed: boolean } | null;
    }
  | {
      kind: 'image';
      x: number;
      y: number;
      w: number;
      h: number;
      /** Pixel art (sample images) stays blocky, as `image-rendering: pixelated` shows it. */
      smooth: boolean;
      image: Promise<CanvasImageSource>;
    }
  | { kind: 'text'; x: number; y: number; text: string; font: string; color: string };

export interface Plot {
  height: number;
  ops: PaintOp[];
}

/** Not part of the picture: the panel's own header, title and legends, controls, our button. */
const SKIP = [
  'header, .panel-head, h2, .png-button, [data-png-skip]',
  'select, option, script, style, template',
  LEGEND_SELECTOR,
].join(', ');

const px = (v: string) => parseFloat(v) || 0;

/** The content box (inside border and padding), where a canvas draws its pixels. */
function contentBox(r: DOMRect, cs: CSSStyleDeclaration) {
  const left = px(cs.borderLeftWidth) + px(cs.paddingLeft);
  const top = px(cs.borderTopWidth) + px(cs.paddingTop);
  const right = px(cs.borderRightWidth) + px(cs.paddingRight);
  const bottom = px(cs.borderBottomWidth) + px(cs.paddingBottom);
  return {
    x: r.left + left,
    y: r.top + top,
    w: r.width - left - right,
    h: r.height - top - bottom,
  };
}

function boxOp(r: DOMRect, cs: CSSStyleDeclaration): PaintOp | null {
  const fill = isVisibleColor(cs.backgroundColor) ? cs.backgroundColor : null;
  const width = px(cs.borderTopWidth);
  const hasBorder = width > 0 && cs.borderTopStyle !== 'none' && isVisibleColor(cs.borderTopColor);
  if (!fill && !hasBorder) return null;
  return {
    kind: 'box',
    x: r.left,
    y: r.top,
    w: r.width,
    h: r.height,
    radius: px(cs.borderTopLeftRadius),
    fill,
    border: hasBorder
      ? { color: cs.borderTopColor, width, dashed: cs.borderTopStyle === 'dashed' }
      : null,
  };
}

/** One text op per word, placed where the browser laid it out (this follows any wrapping). */
function textOps(node: Text, cs: CSSStyleDeclaration, out: PaintOp[]): void {
  const font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  const range = document.createRange();
  for (const m of node.data.matchAll(/\S+/g)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const r = range.getBoundingClientRect();
    if (r.width <= 0) continue;
    out.push({
      kind: 'text',
      x: r.left,
      y: r.top + r.height / 2,
      text: m[0],
      font,
      color: cs.color,
    });
  }
}

function visit(el: Element, out: PaintOp[]): void {
  if (el.matches(SKIP)) return;
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return;
  const r = el.getBoundingClientRect();
  const box = r.width > 0 && r.height > 0 ? boxOp(r, cs) : null;
  if (box) out.push(box);
  if (el instanceof HTMLCanvasElement) {
    if (el.width > 0 && el.height > 0) {
      const c = contentBox(r, cs);
      // Snapshot now: the chart may redraw while the SVG images load.
      const image = createImageBitmap(el);
      const smooth = !/pixelated|crisp-edges/.test(cs.imageRendering);
      out.push({ kind: 'image', ...c, smooth, image });
    }
    return;
  }
  if (el instanceof SVGSVGElement) {
    if (r.width > 0 && r.height > 0) {
      const image = svgImage(el, r.width, r.height);
      out.push({
        kind: 'image',
        x: r.left,
        y: r.top,
        w: r.width,
        h: r.height,
        smooth: true,
        image,
      });
    }
    return;
  }
  for (const child of el.childNodes) {
    if (child instanceof Text) textOps(child, cs, out);
    else if (child instanceof Element) visit(child, out);
  }
}

/** Everything in `panel` below its header, except legends and captions, as paint operations. */
export function readPlot(panel: HTMLElement): Plot {
  const origin = panel.getBoundingClientRect();
  const ops: PaintOp[] = [];
  let top = Infinity;
  let bottom = -Infinity;
  for (const child of panel.children) {
    if (child.matches(SKIP)) continue;
    const r = child.getBoundingClientRect();
    if (r.height <= 0) continue;
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    visit(child, ops);
  }
  if (ops.length === 0 || !Number.isFinite(top)) return { height: 0, ops: [] };
  const shifted = ops.map((op) => ({ ...op, x: op.x - origin.left, y: op.y - top }));
  return { height: bottom - top, ops: shifted };
}
