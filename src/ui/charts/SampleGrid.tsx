import { memo, useEffect, useRef } from 'react';
import type { SampleImages } from '../../protocol';
import type { SamplePredictions } from '../state';
import { PngButton } from './PngButton';

interface Props {
  samples: SampleImages | null;
  predictions: SamplePredictions | null;
}

/** Paints image `index` in grey (ink dark on white) at its own resolution; CSS scales it up. */
function paintSample(canvas: HTMLCanvasElement, samples: SampleImages, index: number): void {
  const { rows, cols, pixels } = samples;
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(cols, rows);
  const offset = index * rows * cols;
  for (let i = 0; i < rows * cols; i++) {
    const v = pixels[offset + i]!;
    const grey = Math.round(255 * (1 - Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0))));
    img.data[4 * i] = grey;
    img.data[4 * i + 1] = grey;
    img.data[4 * i + 2] = grey;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

interface CellProps {
  samples: SampleImages;
  index: number;
  /** Predicted class, or null before the first record. */
  predicted: number | null;
}

/** One image with its labels. The pixels are drawn once per data set; only the caption updates. */
const SampleCell = memo(function SampleCell({ samples, index, predicted }: CellProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvasRef.current) paintSample(canvasRef.current, samples, index);
  }, [samples, index]);
  const names = samples.classNames;
  const nameOf = (c: number) => names[c] ?? String(c);
  const truth = samples.labels[index]!;
  const isWrong = predicted !== null && predicted !== truth;
  const verdict = predicted === null ? '' : isWrong ? 'wrong' : 'right';
  return (
    <li
      className={`sample${isWrong ? ' wrong' : ''}${predicted !== null && !isWrong ? ' right' : ''}`}
      data-verdict={verdict || undefined}
    >
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={
          predicted === null
            ? `Sample ${index + 1}: true ${nameOf(truth)}`
            : `Sample ${index + 1}: predicted ${nameOf(predicted)}, true ${nameOf(truth)}, ${verdict}`
        }
      />
      <span className="sample-caption" aria-hidden="true">
        {predicted !== null && (
          <>
            <span className="sample-pred">
              <span className="sample-mark">{isWrong ? '✗' : '✓'}</span> pred {nameOf(predicted)}
            </span>{' '}
          </>
        )}
        <span className="sample-true">
          {predicted !== null && '/ '}true {nameOf(truth)}
        </span>
      </span>
    </li>
  );
});

/** Fixed validation images with the model's newest prediction for each; mistakes marked. */
export const SampleGrid = memo(function SampleGrid({ samples, predictions }: Props) {
  const count = samples?.labels.length ?? 0;
  const predicted = (i: number): number | null => {
    const p = predictions?.predictions[i];
    return p === undefined || !Number.isFinite(p) ? null : Math.round(p);
  };
  let correct = 0;
  if (samples && predictions)
    for (let i = 0; i < count; i++) if (predicted(i) === samples.labels[i]) correct++;

  return (
    <section
      className="panel chart-panel"
      data-testid="sample-grid"
      data-count={count}
      data-correct={samples && predictions ? correct : undefined}
      data-step={predictions?.step}
    >
      <header className="panel-head">
        <h2>
          Validation samples
          {predictions ? <span className="sub"> at step {predictions.step}</span> : null}
        </h2>
        {samples && predictions && (
          <span className="sample-score">
            {correct} of {count} right
          </span>
        )}
        <PngButton title="Validation samples" step={predictions?.step} />
      </header>
      {!samples ? (
        <div className="chart-box">
          <p className="empty">Sample images appear here once the image set has loaded.</p>
        </div>
      ) : (
        <>
          <ol className="sample-grid" aria-label="Validation images with predicted and true class">
            {Array.from({ length: count }, (_, i) => (
              <SampleCell key={i} samples={samples} index={i} predicted={predicted(i)} />
            ))}
          </ol>
          <p className="caption">
            {predictions
              ? 'Each image shows the predicted and the true class; mistakes are outlined in red and marked ✗.'
              : 'Predictions appear once training records a step.'}
          </p>
        </>
      )}
    </section>
  );
});
