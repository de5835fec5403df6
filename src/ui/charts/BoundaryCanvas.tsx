import { memo, useEffect, useRef } from 'react';
import type { BoundaryGrid } from '../../protocol';
import { CLASS_COLORS } from '../format';
import type { Points } from '../state';
import { useBoxSize } from './useBoxSize';
import { PngButton } from './PngButton';

interface Props {
  boundary: BoundaryGrid | null;
  points: Points | null;
}

/** Light tints of the two class colours; the field fades to white where P(class 1) = 0.5. */
const TINT: [number, number, number][] = [
  [240, 160, 110],
  [100, 150, 215],
];

function extentOf(boundary: BoundaryGrid | null, points: Points | null): [number, number] {
  if (boundary) return boundary.extent;
  let m = 1;
  if (points) for (const v of points.xTrain) m = Math.max(m, Math.abs(v));
  return [-m * 1.05, m * 1.05];
}

/** Paints the probability grid into a `resolution`² image; the browser scales it smoothly. */
function paintField(off: HTMLCanvasElement, g: BoundaryGrid): void {
  const res = g.resolution;
  off.width = res;
  off.height = res;
  const ctx = off.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(res, res);
  for (let i = 0; i < res * res; i++) {
    const p = g.probs[i]!;
    const q = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0.5;
    const tint = TINT[q >= 0.5 ? 1 : 0]!;
    const t = Math.abs(q - 0.5) * 2; // 0 at the boundary, 1 when certain
    img.data[4 * i] = Math.round(255 + (tint[0] - 255) * t);
    img.data[4 * i + 1] = Math.round(255 + (tint[1] - 255) * t);
    img.data[4 * i + 2] = Math.round(255 + (tint[2] - 255) * t);
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function drawPoints(
  ctx: CanvasRenderingContext2D,
  xs: Float32Array,
  ys: Int32Array,
  toPx: (x: number, y: number) => [number, number],
  r: number,
  hollow: boolean,
): void {
  ctx.lineWidth = hollow ? Math.max(1.2, r * 0.5) : Math.max(0.8, r * 0.3);
  for (let cls = 0; cls < 2; cls++) {
    ctx.beginPath();
    for (let i = 0; i < ys.length; i++) {
      if (ys[i] !== cls) continue;
      const [px, py] = toPx(xs[2 * i]!, xs[2 * i + 1]!);
      ctx.moveTo(px + r, py);
      ctx.arc(px, py, r, 0, 2 * Math.PI);
    }
    if (hollow) {
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.strokeStyle = CLASS_COLORS[cls]!;
      ctx.fill();
      ctx.stroke();
    } else {
      ctx.fillStyle = CLASS_COLORS[cls]!;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.fill();
      ctx.stroke();
    }
  }
}

interface PointsLayer {
  canvas: HTMLCanvasElement;
  key: string;
  points: Points;
}

/** The data points drawn once per (data, size, extent) into their own canvas, then reused. */
function pointsLayer(
  cache: PointsLayer | null,
  points: Points,
  px: number,
  dpr: number,
  lo: number,
  hi: number,
): PointsLayer {
  const key = `${px}:${lo}:${hi}`;
  if (cache && cache.points === points && cache.key === key) return cache;
  const canvas = cache?.canvas ?? document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const size = px / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size, size);
    const scale = size / (hi - lo);
    const toPx = (x: number, y: number): [number, number] => [(x - lo) * scale, (hi - y) * scale];
    const r = Math.max(2, size / 150);
    drawPoints(ctx, points.xTrain, points.yTrain, toPx, r, false);
    drawPoints(ctx, points.xVal, points.yVal, toPx, r, true);
  }
  return { canvas, key, points };
}

/** The model's class-1 probability over the input plane, with the data points on top. */
export const BoundaryCanvas = memo(function BoundaryCanvas({ boundary, points }: Props) {
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const fieldRef = useRef<HTMLCanvasElement | null>(null);
  const layerRef = useRef<PointsLayer | null>(null);
  const size = Math.min(box.width, box.height);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    const px = Math.round(size * dpr);
    if (canvas.width !== px) canvas.width = px;
    if (canvas.height !== px) canvas.height = px;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#fbfbfc';
    ctx.fillRect(0, 0, px, px);
    if (boundary) {
      fieldRef.current ??= document.createElement('canvas');
      paintField(fieldRef.current, boundary);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(fieldRef.current, 0, 0, px, px);
    }
    const [lo, hi] = extentOf(boundary, points);
    // Axes through the origin, faint, for orientation.
    const o = ((0 - lo) / (hi - lo)) * px;
    ctx.strokeStyle = 'rgba(0,0,0,0.12)';
    ctx.lineWidth = dpr;
    ctx.beginPath();
    ctx.moveTo(o, 0);
    ctx.lineTo(o, px);
    ctx.moveTo(0, px - o);
    ctx.lineTo(px, px - o);
    ctx.stroke();
    if (points) {
      layerRef.current = pointsLayer(layerRef.current, points, px, dpr, lo, hi);
      ctx.drawImage(layerRef.current.canvas, 0, 0);
    }
  }, [boundary, points, size]);

  const nPoints = points ? points.yTrain.length + points.yVal.length : 0;
  return (
    <section className="panel chart-panel">
      <header className="panel-head">
        <h2>
          Decision boundary{boundary ? <span className="sub"> at step {boundary.step}</span> : null}
        </h2>
        <PngButton title="Decision boundary" step={boundary?.step} />
      </header>
      <div className="boundary-box" ref={boxRef}>
        <canvas
          ref={canvasRef}
          data-testid="boundary-canvas"
          data-step={boundary?.step}
          data-points={nPoints}
          role="img"
          aria-label="Decision boundary: colour shows the predicted probability of each class; dots are the data"
          style={{ width: size, height: size }}
        />
      </div>
      <p className="caption legend">
        <span className="dot" style={{ background: CLASS_COLORS[0] }} /> class 0
        <span className="dot" style={{ background: CLASS_COLORS[1] }} /> class 1
        <span className="dot hollow" /> validation
        <span className="grad-swatch" /> P(class 1): 0 → 1
      </p>
    </section>
  );
});
