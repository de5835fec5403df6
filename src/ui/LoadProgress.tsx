import { memo } from 'react';
import type { LoadProgress as Progress } from './state';

/** A data file on its way (an image set is ~4.7 MB): a labelled progress bar. */
export const LoadProgress = memo(function LoadProgress({ progress }: { progress: Progress }) {
  const percent = Math.round(progress.fraction * 100);
  const label = `Loading ${progress.what}… ${percent} %`;
  return (
    <div
      className="load-progress"
      data-testid="load-progress"
      role="progressbar"
      aria-label={`Loading ${progress.what}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={label}
    >
      <span className="load-label">{label}</span>
      <span className="load-track" aria-hidden="true">
        <span className="load-fill" style={{ width: `${percent}%` }} />
      </span>
    </div>
  );
});
