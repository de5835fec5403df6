/**
 * Paints one layer's histogram history on a canvas: x = step, y = value, colour = count (log).
 * A canvas rather than SVG: a few thousand cells per redraw would be that many DOM nodes.
 */
import { formatTick } from '../format';
import { binRange, columnSpans, countShade, type LayerHeatmap } from '../heatmap';
import { niceTickSpec, ticksOf } from './ticks';
import { prepareCanvas } from './canvas';

const PAD = { top: 6, right: 10, bottom: 32, left: 50 };
const AXIS_FONT = '11px system-ui, sans-serif';
const INK = '#5d6776';

/** A sequential light-to-dark blue ramp (ColorBrewer Blues); 0 counts are left unpainted. */
const STOPS: [number, number, number][] = [
  [222, 235, 247],
  [158, 202, 225],
  [66, 146, 198],
  [8, 81, 156],
  [8, 48, 107],
];
const LEVELS = 64;
const PALETTE: string[] = Array.from({ length: LEVELS }, (_, i) => {
  const x = (i / (LEVELS - 1)) * (STOPS.length - 1);
  const k = Math.min(Math.floor(x), STOPS.length - 2);
  const f = x - k;
  const [a, b] = [STOPS[k]!, STOPS[k + 1]!];
  const c = a.map((v, j) => Math.round(v + (b[j]! - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
});

/** CSS gradient of the same ramp, for the legend. */
export const HEATMAP_GRADIENT = `linear-gradient(90deg, ${PALETTE[0]}, ${PALETTE[LEVELS - 1]})`;

export function drawHeatmap(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  view: LayerHeatmap,
  valueLabel: string,
): void {
  const ctx = prepareCanvas(canvas, width, height);
  if (!ctx) return;
  const plotW = Math.max(1, width - PAD.left - PAD.right);
  const plotH = Math.max(1, height - PAD.top - PAD.bottom);
  const spans = columnSpans(view.columns.map((c) => c.step));
  const s0 = spans[0]?.[0] ?? 0;
  const s1 = spans[spans.length - 1]?.[1] ?? 1;
  const xOf = (s: number) => PAD.left + ((s - s0) / Math.max(1e-9, s1 - s0)) * plotW;
  const yOf = (v: number) => PAD.top + ((view.vmax - v) / (view.vmax - view.vmin)) * plotH;

  ctx.fillStyle = '#fbfbfc';
  ctx.fillRect(PAD.left, PAD.top, plotW, plotH);
  // Each column on the common value axis through its own lo/hi.
  view.columns.forEach((c, i) => {
    if (!Number.isFinite(c.lo) || !Number.isFinite(c.hi)) return;
    const [a, b] = spans[i]!;
    const x0 = Math.floor(xOf(a));
    const w = Math.max(1, Math.ceil(xOf(b)) - x0);
    for (let k = 0; k < view.bins; k++) {
      const t = countShade(c.counts[k]!, view.maxCount);
      if (t <= 0) continue;
      const [from, to] = binRange(c.lo, c.hi, view.bins, k);
      const yTop = yOf(to);
      ctx.fillStyle = PALETTE[Math.round(t * (LEVELS - 1))]!;
      ctx.fillRect(x0, yTop, w, Math.max(1, yOf(from) - yTop));
    }
  });

  ctx.font = AXIS_FONT;
  ctx.fillStyle = INK;
  ctx.strokeStyle = '#c5ccd6';
  ctx.lineWidth = 1;
  ctx.strokeRect(PAD.left + 0.5, PAD.top + 0.5, plotW - 1, plotH - 1);
  // Value ticks.
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const y = niceTickSpec(view.vmin, view.vmax, 5);
  for (const v of ticksOf(y.start, y.step, y.count))
    ctx.fillText(formatTick(v), PAD.left - 5, yOf(v));
  // Step ticks.
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const x = niceTickSpec(s0, s1, 6);
  for (const s of ticksOf(x.start, x.step, x.count))
    if (s >= s0 && s <= s1) ctx.fillText(formatTick(s), xOf(s), PAD.top + plotH + 4);
  ctx.fillText('step', PAD.left + plotW / 2, PAD.top + plotH + 18);
  // Value axis title, rotated along the axis.
  ctx.save();
  ctx.translate(11, PAD.top + plotH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(valueLabel, 0, 0);
  ctx.restore();
}
