import { memo } from 'react';
import type { BackendInfo } from '../protocol';
import { formatPercent } from './format';
import { canStep, canTrain, type RunStatus } from './state';

const BACKEND_LABEL: Record<BackendInfo['backend'], string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  cpu: 'CPU',
  wasm: 'WASM',
};

/** Which backend trains, and in words why it is not the one asked for. */
export const BackendBadge = memo(function BackendBadge({ info }: { info: BackendInfo | null }) {
  const title = info
    ? [
        `requested: ${info.requested}`,
        info.adapter && `adapter: ${info.adapter}`,
        `tfjs ${info.tfjsVersion}`,
      ]
        .filter(Boolean)
        .join('\n')
    : undefined;
  return (
    <div
      className={`badge${info?.fallbackReason ? ' fallback' : ''}`}
      data-testid="backend-badge"
      data-backend={info?.backend ?? ''}
      data-fallback={info ? String(info.fallbackReason !== null) : undefined}
      title={title}
    >
      <span className="badge-label">backend</span>
      <span className="badge-name">{info ? BACKEND_LABEL[info.backend] : 'detecting…'}</span>
      {info?.adapter && <span className="badge-adapter">{info.adapter}</span>}
      {info?.fallbackReason && (
        <span className="badge-reason" data-testid="backend-reason">
          fell back from {info.requested === 'auto' ? 'WebGPU' : info.requested}:{' '}
          {info.fallbackReason}
        </span>
      )}
    </div>
  );
});

interface ControlsProps {
  status: RunStatus;
  onToggle(): void;
  onStep(): void;
  onReset(): void;
}

/** Train/Pause, Step and Reset. Space toggles training when focus is not in a control. */
export const Controls = memo(function Controls({
  status,
  onToggle,
  onStep,
  onReset,
}: ControlsProps) {
  const running = status.state === 'running';
  return (
    <div className="controls" role="group" aria-label="Run controls">
      <button
        type="button"
        className={`primary train${running ? ' running' : ''}`}
        data-testid="train-toggle"
        aria-keyshortcuts="Space"
        disabled={!running && !canTrain(status.state)}
        onClick={onToggle}
      >
        {running ? 'Pause' : 'Train'}
      </button>
      <button type="button" disabled={!canStep(status.state)} onClick={onStep}>
        Step
      </button>
      <button
        type="button"
        disabled={status.state === 'starting' || status.state === 'loading'}
        onClick={onReset}
      >
        Reset
      </button>
    </div>
  );
});

interface StatsProps {
  status: RunStatus;
  accuracyVal: number | null;
}

/** Run state, step counter, speed and validation accuracy, in a strip. */
export const RunStats = memo(function RunStats({ status, accuracyVal }: StatsProps) {
  return (
    <dl className="stats">
      <div>
        <dt>state</dt>
        <dd
          className={`run-state state-${status.state}`}
          data-testid="run-state"
          data-state={status.state}
        >
          {status.state}
        </dd>
      </div>
      <div>
        <dt>step</dt>
        <dd className="num">
          <span data-testid="step-counter" data-step={status.step}>
            {status.step.toLocaleString('en-US')}
          </span>
          <span className="of"> / {status.totalSteps.toLocaleString('en-US')}</span>
        </dd>
      </div>
      <div>
        <dt>steps/s</dt>
        <dd className="num" data-testid="steps-per-sec" data-value={status.stepsPerSec}>
          {status.stepsPerSec >= 100
            ? Math.round(status.stepsPerSec)
            : status.stepsPerSec.toFixed(1)}
        </dd>
      </div>
      <div>
        <dt>val. accuracy</dt>
        <dd className="num" data-testid="accuracy-val" data-value={accuracyVal ?? undefined}>
          {formatPercent(accuracyVal)}
        </dd>
      </div>
    </dl>
  );
});
