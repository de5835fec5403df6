import { memo, useEffect, useMemo, useRef } from 'react';
import type { ArchName } from '../../config/options';
import { formatMetric, formatTick, TRAIN_COLOR } from '../format';
import type { TimeGrads } from '../state';
import { decadeRange, niceTickSpec, ticksOf } from './ticks';
import { useBoxSize } from './useBoxSize';
import { prepareCanvas } from './canvas';
import { PngButton } from './PngButton';

interface Props {
  timeGrads: TimeGrads | null;
  arch: ArchName;
}

const PAD = { top: 8, right: 14, bottom: 22, left: 46 };
const AXIS_FONT = '11px system-ui, sans-serif';
/** Dots on every point while they do not crowd each other. */
const MAX_DOTTED_POINTS = 60;

/** Smallest positive and largest finite values (a log axis never sees 0). */
function positiveRange(norms: Float32Array): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = 0;
  for (const v of norms)
    if (Number.isFinite(v) && v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return { lo, hi };
}

/** Draws ‖∂L/∂h_t‖ against t on a log axis; steps with no gradient (0, padding only) are gaps. */
function draw(canvas: HTMLCanvasElement, width: number, height: number, norms: Float32Array): void {
  const ctx = prepareCanvas(canvas, width, height);
  if (!ctx) return;
  const T = norms.length;
  const { lo, hi } = positiveRange(norms);
  const [e0, e1] = decadeRange(lo, hi);
  const plotW = Math.max(1, width - PAD.left - PAD.right);
  const plotH = Math.max(1, height - PAD.top - PAD.bottom);
  const xOf = (t: number) => PAD.left + (T <= 1 ? plotW / 2 : ((t - 1) / (T - 1)) * plotW);
  const yOf = (v: number) => PAD.top + ((e1 - Math.log10(v)) / (e1 - e0)) * plotH;

  ctx.font = AXIS_FONT;
  ctx.lineWidth = 1;
  // Decade grid lines and labels.
  ctx.fillStyle = '#5d6776';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let e = e0; e <= e1; e++) {
    const y = yOf(10 ** e);
    ctx.strokeStyle = '#e8ebef';
    ctx.beginPath();
    ctx.moveTo(PAD.left, y);
    ctx.lineTo(PAD.left + plotW, y);
    ctx.stroke();
    ctx.fillText(formatTick(10 ** e), PAD.left - 6, y);
  }
  // Time-step ticks.
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const spec = niceTickSpec(1, Math.max(2, T), 6);
  for (const t of ticksOf(spec.start, Math.max(1, spec.step), spec.count)) {
    if (t < 1 || t > T) continue;
    ctx.fillText(String(t), xOf(t), PAD.top + plotH + 5);
  }
  ctx.strokeStyle = '#c5ccd6';
  ctx.beginPath();
  ctx.moveTo(PAD.left, PAD.top + plotH + 0.5);
  ctx.lineTo(PAD.left + plotW, PAD.top + plotH + 0.5);
  ctx.stroke();

  // The profile itself.
  ctx.strokeStyle = TRAIN_COLOR;
  ctx.fillStyle = TRAIN_COLOR;
  ctx.lineWidth = 1.8;
  ctx.beginPath();
  let isDrawing = false;
  for (let t = 1; t <= T; t++) {
    const v = norms[t - 1]!;
    if (!(Number.isFinite(v) && v > 0)) {
      isDrawing = false;
      continue;
    }
    if (isDrawing) ctx.lineTo(xOf(t), yOf(v));
    else ctx.moveTo(xOf(t), yOf(v));
    isDrawing = true;
  }
  ctx.stroke();
  if (T <= MAX_DOTTED_POINTS) {
    ctx.beginPath();
    for (let t = 1; t <= T; t++) {
      const v = norms[t - 1]!;
      if (!(Number.isFinite(v) && v > 0)) continue;
      ctx.moveTo(xOf(t) + 2.5, yOf(v));
      ctx.arc(xOf(t), yOf(v), 2.5, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
}

/** First and last time steps with a gradient, for the caption. */
interface Ends {
  tFirst: number;
  first: number;
  tLast: number;
  last: number;
}

function ends(norms: Float32Array): Ends | null {
  let found: Ends | null = null;
  for (let i = 0; i < norms.length; i++) {
    const v = norms[i]!;
    if (!(Number.isFinite(v) && v > 0)) continue;
    found ??= { tFirst: i + 1, first: v, tLast: i + 1, last: v };
    found.tLast = i + 1;
    found.last = v;
  }
  return found;
}

/**
 * Gradient norm through time: how much the loss depends on the hidden state at each step. With
 * vanishing gradients the early steps sit decades below the late ones.
 */
export const TimeGradChart = memo(function TimeGradChart({ timeGrads, arch }: Props) {
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const span = useMemo(() => (timeGrads ? ends(timeGrads.norms) : null), [timeGrads]);
  // All zeros means nothing was measured (a model without a recurrent state): no plot to draw.
  const isDrawn = timeGrads !== null && span !== null;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !timeGrads || !isDrawn || box.width <= 0 || box.height <= 0) return;
    draw(canvas, box.width, box.height, timeGrads.norms);
  }, [timeGrads, isDrawn, box.width, box.height]);
  const T = isDrawn ? timeGrads.norms.length : 0;

  return (
    <section
      className="panel chart-panel"
      data-testid="timegrad-chart"
      data-points={T}
      data-step={timeGrads?.step}
    >
      <header className="panel-head">
        <h2>
          Gradient through time
          {timeGrads ? <span className="sub"> at step {timeGrads.step}</span> : null}
        </h2>
        <PngButton title="Gradient through time" step={timeGrads?.step} />
      </header>
      <div className="chart-box" ref={boxRef}>
        {isDrawn ? (
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={`Gradient norm of the loss with respect to the hidden state at each of ${T} time steps, log scale`}
            style={{ width: box.width, height: box.height, display: 'block' }}
          />
        ) : (
          <p className="empty">
            {arch === 'transformer'
              ? 'This model reports no gradient through time: attention reaches every step directly.'
              : timeGrads
                ? 'No gradient reached the hidden states at this record.'
                : '‖∂loss/∂h_t‖ for every time step t appears here once training records a step.'}
          </p>
        )}
      </div>
      <p className="caption">
        How much the loss depends on the hidden state at each step: small early values = vanishing
        gradients.
        {span && (
          <span className="chip" style={{ borderColor: TRAIN_COLOR }}>
            t = {span.tFirst}: {formatMetric(span.first)} · t = {span.tLast}:{' '}
            {formatMetric(span.last)}
          </span>
        )}
      </p>
    </section>
  );
});
