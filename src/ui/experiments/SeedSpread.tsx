/**
 * The spread of one config's final metric over seeds: the numbers (mean ± sd, range) and each
 * seed as a dot on one axis, so "is this difference bigger than the noise?" has a picture.
 */
import { formatMetric } from '../format';
import type { BatchCell } from './batchResults';

const W = 320;
const H = 36;
const PAD = 12;

export function SeedSpread({ cell, metricLabel }: { cell: BatchCell; metricLabel: string }) {
  const s = cell.spread;
  const finite = cell.finals.filter(Number.isFinite);
  const span = s && s.max > s.min ? s.max - s.min : 1;
  const x = (v: number) => (s ? PAD + ((v - s.min) / span) * (W - 2 * PAD) : W / 2);
  return (
    <div className="seed-spread" data-testid="seed-spread" data-n={s?.n ?? 0}>
      {s ? (
        <p>
          {metricLabel}: <strong>{formatMetric(s.mean)}</strong> ± {formatMetric(s.sd)} (sample sd, n ={' '}
          {s.n}); range {formatMetric(s.min)} – {formatMetric(s.max)}
          {cell.diverged > 0 && <> · {cell.diverged} diverged (left out)</>}
        </p>
      ) : (
        <p>
          {cell.diverged > 0 ? `All ${cell.diverged} runs diverged.` : 'No finished runs yet.'}
        </p>
      )}
      {s && (
        <svg width={W} height={H} role="img" aria-label={`final values: ${finite.map(formatMetric).join(', ')}`}>
          <line x1={PAD} x2={W - PAD} y1={H / 2} y2={H / 2} stroke="#c5ccd6" />
          {s.n > 1 && (
            <rect
              x={x(Math.max(s.min, s.mean - s.sd))}
              width={x(Math.min(s.max, s.mean + s.sd)) - x(Math.max(s.min, s.mean - s.sd))}
              y={H / 2 - 5}
              height={10}
              fill="#2f6db5"
              opacity={0.15}
            />
          )}
          <line x1={x(s.mean)} x2={x(s.mean)} y1={4} y2={H - 4} stroke="#1d2733" strokeWidth={2} />
          {finite.map((v, i) => (
            <circle key={i} cx={x(v)} cy={H / 2} r={4} fill="#2f6db5" fillOpacity={0.7} />
          ))}
        </svg>
      )}
      <ul className="seed-values">
        {cell.runs.map((r, i) => (
          <li key={r.id}>
            seed {r.group?.seed}: {Number.isFinite(cell.finals[i]) ? formatMetric(cell.finals[i]) : 'diverged'}
          </li>
        ))}
      </ul>
    </div>
  );
}
