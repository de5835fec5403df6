import { memo, useMemo } from 'react';
import type { Reliability } from '../../protocol';
import { ACCURACY_COLOR, formatMetric, GUIDE_COLOR } from '../format';
import { summarize } from '../reliability';
import { PngButton } from './PngButton';

// Drawing in viewBox units; the SVG scales to the panel.
const W = 360;
const H = 250;
const PAD = { left: 34, right: 8, top: 14, bottom: 30 };
const PW = W - PAD.left - PAD.right;
const PH = H - PAD.top - PAD.bottom;
const xOf = (c: number) => PAD.left + c * PW;
const yOf = (a: number) => PAD.top + (1 - a) * PH;
const TICKS = [0, 0.25, 0.5, 0.75, 1];
/** Counts are printed over the bars while they fit. */
const MAX_LABELLED_BINS = 15;

/** Accuracy per confidence bin against the diagonal of perfect calibration, with the counts. */
export const ReliabilityDiagram = memo(function ReliabilityDiagram({
  reliability,
  isOn,
}: {
  reliability: Reliability | null;
  isOn: boolean;
}) {
  const s = useMemo(() => (reliability ? summarize(reliability) : null), [reliability]);
  const isLabelled = s !== null && s.bins.length <= MAX_LABELLED_BINS;
  return (
    <section
      className="panel chart-panel"
      data-testid="reliability-diagram"
      data-total={s?.total ?? 0}
      data-bins={s?.bins.length ?? 0}
      data-step={reliability?.step}
      data-ece={s?.ece ?? undefined}
    >
      <header className="panel-head">
        <h2>
          Reliability diagram
          {reliability ? <span className="sub"> at step {reliability.step}</span> : null}
        </h2>
        <dl className="readout">
          <div>
            <dt>ECE</dt>
            <dd data-testid="ece-value" style={{ color: ACCURACY_COLOR }}>
              {formatMetric(s?.ece)}
            </dd>
          </div>
        </dl>
        <PngButton title="Reliability diagram" step={reliability?.step} />
      </header>
      {!s || s.total === 0 ? (
        <div className="chart-box">
          <p className="empty">
            {isOn
              ? 'Accuracy per confidence bin on the validation set appears here once training records a step.'
              : 'Calibration is off (Diagnostics → Calibration).'}
          </p>
        </div>
      ) : (
        <div className="reliability-box">
          <svg
            viewBox={`0 0 ${W} ${H}`}
            role="img"
            aria-label={`Reliability diagram of ${s.total} validation examples in ${s.bins.length} confidence bins; expected calibration error ${formatMetric(s.ece)}.`}
          >
            {TICKS.map((t) => (
              <g key={t} className="rel-grid">
                <line x1={xOf(0)} x2={xOf(1)} y1={yOf(t)} y2={yOf(t)} />
                <text x={PAD.left - 4} y={yOf(t)} textAnchor="end" dominantBaseline="middle">
                  {t}
                </text>
                <text x={xOf(t)} y={H - PAD.bottom + 12} textAnchor="middle">
                  {t}
                </text>
              </g>
            ))}
            {s.bins.map((b) =>
              b.accuracy === null || b.confidence === null ? null : (
                <g key={b.from} className="rel-bin">
                  <title>
                    {`confidence ${b.from.toFixed(2)}–${b.to.toFixed(2)}: ${b.count} examples, mean confidence ${formatMetric(b.confidence)}, accuracy ${formatMetric(b.accuracy)}`}
                  </title>
                  <rect
                    x={xOf(b.from) + 0.5}
                    width={Math.max(0.5, xOf(b.to) - xOf(b.from) - 1)}
                    y={yOf(b.accuracy)}
                    height={yOf(0) - yOf(b.accuracy)}
                    fill={ACCURACY_COLOR}
                    fillOpacity={0.75}
                  />
                  <line
                    className="rel-conf"
                    x1={xOf(b.from) + 0.5}
                    x2={xOf(b.to) - 0.5}
                    y1={yOf(b.confidence)}
                    y2={yOf(b.confidence)}
                  />
                  {isLabelled && (
                    <text
                      className="rel-count"
                      x={(xOf(b.from) + xOf(b.to)) / 2}
                      y={Math.min(yOf(b.accuracy), yOf(b.confidence)) - 3}
                      textAnchor="middle"
                    >
                      {b.count}
                    </text>
                  )}
                </g>
              ),
            )}
            <line
              x1={xOf(0)}
              y1={yOf(0)}
              x2={xOf(1)}
              y2={yOf(1)}
              stroke={GUIDE_COLOR}
              strokeDasharray="4 4"
            />
            <text className="rel-axis" x={xOf(0.5)} y={H - 4} textAnchor="middle">
              confidence (top-class probability)
            </text>
            <text
              className="rel-axis"
              transform={`translate(9 ${yOf(0.5)}) rotate(-90)`}
              textAnchor="middle"
            >
              accuracy
            </text>
          </svg>
        </div>
      )}
      <p className="caption">
        Bars: accuracy of the validation examples in each confidence bin (numbers: how many); dark
        ticks: their mean confidence; dashed: perfect calibration. Bars below the diagonal mean
        overconfidence.
      </p>
    </section>
  );
});
