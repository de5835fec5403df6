import { formatMetric } from '../format';

interface Props {
  step: number;
  lo: number;
  hi: number;
  counts: Float32Array;
  valueLabel: string;
  color: string;
}

/** The newest column of a heatmap as a plain bar histogram: the distribution right now. */
export function CurrentHistogram({ step, lo, hi, counts, valueLabel, color }: Props) {
  const n = counts.length;
  let top = 1;
  let total = 0;
  let mode = 0;
  for (let b = 0; b < n; b++) {
    total += counts[b]!;
    if (counts[b]! > top) top = counts[b]!;
    if (counts[b]! > counts[mode]!) mode = b;
  }
  const w = (hi - lo) / Math.max(1, n);
  const modeCentre = lo + (mode + 0.5) * w;
  return (
    <figure className="current-hist">
      <figcaption>
        Now <span className="muted">(step {step})</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${n} 1`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Histogram at step ${step}: ${total} values of ${valueLabel} from ${formatMetric(lo)} to ${formatMetric(hi)}, most near ${formatMetric(modeCentre)}`}
      >
        {Array.from(counts, (c, b) => {
          const h = c / top;
          return <rect key={b} x={b + 0.08} width={0.84} y={1 - h} height={h} fill={color} />;
        })}
      </svg>
      <div className="hist-axis">
        <span>{formatMetric(lo)}</span>
        <span>{valueLabel}</span>
        <span>{formatMetric(hi)}</span>
      </div>
    </figure>
  );
}
