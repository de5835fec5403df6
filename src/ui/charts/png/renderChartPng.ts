/**
 * Renders a chart panel into a PNG: white page, the title on top, the plot as it is on screen,
 * the legend entries below, all at PNG_SCALE× for sharpness. Loaded on the first click only
 * (dynamic import from PngButton), so charts pay nothing for it while they render.
 */
import { flowLayout, PAGE, pageLayout, PNG_SCALE, rowCount, titleNote } from '../chartPng';
import { LEGEND_SELECTOR, readLegend, type LegendEntry, type Swatch } from './readLegend';
import { readPlot, type PaintOp } from './readPlot';

export interface PngRequest {
  title: string;
  step?: number | null;
  /** Shown after the title, e.g. the layer a heatmap shows. */
  detail?: string | null;
}

const SWATCH_WIDTH: Record<Swatch['kind'], number> = { line: 16, dot: 10, gradient: 44 };
/** Gaps as in the on-screen legend (.chart-legend): 6 px swatch to text, 16 px between entries. */
const SWATCH_GAP = 6;
const ENTRY_GAP = 16;

function paintOp(ctx: CanvasRenderingContext2D, op: PaintOp, image?: CanvasImageSource): void {
  if (op.kind === 'box') {
    ctx.beginPath();
    ctx.roundRect(op.x, op.y, op.w, op.h, op.radius);
    if (op.fill) {
      ctx.fillStyle = op.fill;
      ctx.fill();
    }
    if (op.border) {
      // Stroked inside the box, as a CSS border is.
      const b = op.border;
      ctx.beginPath();
      ctx.roundRect(
        op.x + b.width / 2,
        op.y + b.width / 2,
        op.w - b.width,
        op.h - b.width,
        op.radius,
      );
      ctx.strokeStyle = b.color;
      ctx.lineWidth = b.width;
      ctx.setLineDash(b.dashed ? [4, 3] : []);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  } else if (op.kind === 'image') {
    if (!image) return;
    ctx.imageSmoothingEnabled = op.smooth;
    ctx.drawImage(image, op.x, op.y, op.w, op.h);
    ctx.imageSmoothingEnabled = true;
  } else {
    ctx.font = op.font;
    ctx.fillStyle = op.color;
    ctx.textBaseline = 'middle';
    ctx.fillText(op.text, op.x, op.y);
  }
}

function paintSwatch(ctx: CanvasRenderingContext2D, s: Swatch, x: number, y: number): void {
  if (s.kind === 'line') {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + SWATCH_WIDTH.line, y);
    ctx.stroke();
    ctx.setLineDash([]);
  } else if (s.kind === 'dot') {
    ctx.beginPath();
    ctx.arc(x + 5, y, s.stroke ? 4 : 5, 0, 2 * Math.PI);
    ctx.fillStyle = s.fill;
    ctx.fill();
    if (s.stroke) {
      ctx.strokeStyle = s.stroke;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  } else {
    const g = ctx.createLinearGradient(x, 0, x + SWATCH_WIDTH.gradient, 0);
    s.colors.forEach((c, i) =>
      g.addColorStop(s.colors.length > 1 ? i / (s.colors.length - 1) : 0, c),
    );
    ctx.fillStyle = g;
    ctx.fillRect(x, y - 5, SWATCH_WIDTH.gradient, 10);
  }
}

function legendOf(panel: HTMLElement): { entries: LegendEntry[]; font: string; color: string } {
  const containers = [...panel.querySelectorAll(LEGEND_SELECTOR)];
  const first = containers[0];
  const cs = first ? getComputedStyle(first) : null;
  return {
    entries: containers.flatMap(readLegend),
    font: cs ? `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}` : '12px sans-serif',
    color: cs?.color ?? '#5d6776',
  };
}

function paintTitle(ctx: CanvasRenderingContext2D, panel: HTMLElement, req: PngRequest, y: number) {
  const h2 = panel.querySelector('h2');
  const cs = getComputedStyle(h2 ?? panel);
  const family = cs.fontFamily;
  ctx.textBaseline = 'middle';
  ctx.font = `650 15px ${family}`;
  ctx.fillStyle = cs.color;
  const mid = y + PAGE.titleHeight / 2;
  ctx.fillText(req.title, PAGE.pad, mid);
  const note = titleNote(req.detail, req.step);
  if (!note) return;
  const after = PAGE.pad + ctx.measureText(req.title).width + 8;
  ctx.font = `400 13px ${family}`;
  ctx.fillStyle = getComputedStyle(panel).getPropertyValue('--muted').trim() || '#5d6776';
  ctx.fillText(note, after, mid);
}

/** The panel as a PNG blob. Throws if the browser cannot encode it. */
export async function renderChartPng(panel: HTMLElement, req: PngRequest): Promise<Blob> {
  const width = panel.getBoundingClientRect().width;
  const plot = readPlot(panel);
  const legend = legendOf(panel);

  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('PNG export: this browser gives no 2-D canvas context');
  ctx.font = legend.font;
  const widths = legend.entries.map(
    (e) => SWATCH_WIDTH[e.swatch.kind] + SWATCH_GAP + ctx.measureText(e.label).width,
  );
  const places = flowLayout(widths, width - 2 * PAGE.pad, ENTRY_GAP);
  const page = pageLayout(width, plot.height, rowCount(places));

  // Images first (SVGs load asynchronously); painting then runs in one synchronous pass.
  const images = await Promise.all(plot.ops.map((op) => (op.kind === 'image' ? op.image : null)));
  canvas.width = page.width * PNG_SCALE;
  canvas.height = page.height * PNG_SCALE;
  ctx.scale(PNG_SCALE, PNG_SCALE);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, page.width, page.height);
  paintTitle(ctx, panel, req, page.titleY);

  ctx.save();
  ctx.translate(0, page.plotY);
  ctx.beginPath();
  ctx.rect(0, 0, page.width, plot.height);
  ctx.clip();
  plot.ops.forEach((op, i) => paintOp(ctx, op, images[i] ?? undefined));
  ctx.restore();
  // Canvas snapshots hold GPU/bitmap memory until closed.
  for (const im of images) if (im instanceof ImageBitmap) im.close();

  ctx.font = legend.font;
  ctx.textBaseline = 'middle';
  legend.entries.forEach((e, i) => {
    const place = places[i]!;
    const x = PAGE.pad + place.x;
    const y = page.legendY + place.row * PAGE.legendRowHeight + PAGE.legendRowHeight / 2;
    paintSwatch(ctx, e.swatch, x, y);
    ctx.font = legend.font;
    ctx.fillStyle = legend.color;
    ctx.fillText(e.label, x + SWATCH_WIDTH[e.swatch.kind] + SWATCH_GAP, y);
  });

  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG export: encoding failed'))),
      'image/png',
    ),
  );
}
