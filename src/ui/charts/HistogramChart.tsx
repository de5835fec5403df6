import { memo, useMemo, useState } from 'react';
import type { HistogramBatch } from '../../protocol';
import { formatMetric, layerColor } from '../format';
import { BarPlot } from './plot/BarPlot';
import { useBoxSize } from './useBoxSize';
import { PngButton } from './PngButton';

interface BinRow {
  /** Centre of the bin in activation units. */
  x: number;
  count: number;
  /** Fraction of the layer's values in this bin. */
  share: number;
}

interface LayerHistogram {
  name: string;
  index: number;
  lo: number;
  hi: number;
  rows: BinRow[];
  total: number;
  maxCount: number;
}

function unpack(h: HistogramBatch): LayerHistogram[] {
  return h.layers.map((name, l) => {
    const lo = h.lo[l]!;
    const hi = h.hi[l]!;
    const width = (hi - lo) / h.bins;
    const rows: BinRow[] = [];
    let total = 0;
    let maxCount = 0;
    for (let b = 0; b < h.bins; b++) {
      const count = h.counts[l * h.bins + b]!;
      total += count;
      maxCount = Math.max(maxCount, count);
      rows.push({ x: lo + (b + 0.5) * width, count, share: 0 });
    }
    for (const r of rows) r.share = total > 0 ? r.count / total : 0;
    return { name, index: l, lo, hi, rows, total, maxCount };
  });
}

/** A thumbnail of one layer's histogram: plain SVG, cheap enough for any depth. */
function Thumb({ layer, color }: { layer: LayerHistogram; color: string }) {
  const n = layer.rows.length;
  const top = Math.max(1, layer.maxCount);
  return (
    <svg className="thumb" viewBox={`0 0 ${n} 1`} preserveAspectRatio="none" aria-hidden="true">
      {layer.rows.map((r, b) => {
        const h = r.count / top;
        return <rect key={b} x={b + 0.08} width={0.84} y={1 - h} height={h} fill={color} />;
      })}
    </svg>
  );
}

const HIST_MARGIN = { top: 4, right: 4, bottom: 0, left: 4 };
const countOf = (r: BinRow) => r.count;
/** The hover readout of a bin: its centre, then its count and share of the layer's values. */
const describeBin = (r: BinRow): readonly [string, string] => [
  `≈ ${formatMetric(r.x)}`,
  `count : ${r.count} (${(r.share * 100).toFixed(1)} %)`,
];

/** The selected layer in detail, as an SVG bar chart. */
function Detail({ layer, color }: { layer: LayerHistogram; color: string }) {
  const [boxRef, box] = useBoxSize<HTMLDivElement>();
  return (
    <figure className="hist-detail" data-layer={layer.name}>
      <figcaption>
        <strong>{layer.name}</strong>
        <span className="muted">
          {' '}
          activations, {layer.total} values counted (large layers: a strided sample)
        </span>
      </figcaption>
      <div className="hist-box" ref={boxRef}>
        {box.width > 0 && (
          <BarPlot
            label={`${layer.name} activation histogram`}
            width={box.width}
            height={box.height}
            rows={layer.rows}
            value={countOf}
            top={Math.max(1, layer.maxCount)}
            color={color}
            margin={HIST_MARGIN}
            describe={describeBin}
          />
        )}
      </div>
      <div className="hist-axis range">
        <span>{formatMetric(layer.lo)}</span>
        <span>
          range {formatMetric(layer.lo)} .. {formatMetric(layer.hi)}
        </span>
        <span>{formatMetric(layer.hi)}</span>
      </div>
    </figure>
  );
}

/** Distribution of each hidden layer's activations at the newest record. */
export const HistogramChart = memo(function HistogramChart({
  histograms,
}: {
  histograms: HistogramBatch | null;
}) {
  const layers = useMemo(() => (histograms ? unpack(histograms) : []), [histograms]);
  const [chosen, setChosen] = useState(0);
  const selected = layers[Math.min(chosen, layers.length - 1)];
  // Colours match the gradient-norm chart, whose last line is the output layer.
  const colorOf = (l: LayerHistogram) => layerColor(l.index, layers.length + 1);

  return (
    <section
      className="panel chart-panel"
      data-testid="histogram-chart"
      data-layers={layers.length}
      data-step={histograms?.step}
    >
      <header className="panel-head">
        <h2>
          Activation histograms
          {histograms ? <span className="sub"> at step {histograms.step}</span> : null}
        </h2>
        <PngButton title="Activation histograms" step={histograms?.step} />
      </header>
      {!selected ? (
        <div className="chart-box">
          <p className="empty">
            Hidden-layer activations appear here once training records a step.
          </p>
        </div>
      ) : (
        <>
          <div
            className="hist-thumbs"
            role="group"
            aria-label="Hidden layers (choose one to enlarge)"
          >
            {layers.map((l) => (
              <button
                key={l.name}
                type="button"
                className="hist-thumb"
                data-layer={l.name}
                aria-pressed={l === selected}
                title={`${l.name}: ${formatMetric(l.lo)} .. ${formatMetric(l.hi)}`}
                onClick={() => setChosen(l.index)}
              >
                <Thumb layer={l} color={colorOf(l)} />
                <span>{l.name}</span>
              </button>
            ))}
          </div>
          <Detail layer={selected} color={colorOf(selected)} />
        </>
      )}
    </section>
  );
});
