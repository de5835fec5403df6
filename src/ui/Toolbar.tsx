import {
  memo,
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type SyntheticEvent,
} from 'react';
import type {
  BackendInfo,
  BackendMeasurement,
  BackendName,
  BackendPreference,
  BackendProbe,
} from '../protocol';
import { formatPercent } from './format';
import { canStep, canTrain, type RunStatus } from './state';
import {
  readBackendPreference,
  setBackendPreference,
  subscribeBackendPreference,
} from './urlParams';

const BACKEND_LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  cpu: 'CPU',
  wasm: 'WASM',
};

const PREFERENCE_LABEL: Record<BackendPreference, string> = {
  auto: 'Auto (measured)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};
const PREFERENCES = Object.keys(PREFERENCE_LABEL) as BackendPreference[];

/** Steps/s as people read them: whole numbers from 10 up, one decimal below. */
function formatRate(r: number): string {
  return r >= 10 ? String(Math.round(r)) : r.toFixed(1);
}

const isMeasured = (m: BackendMeasurement): m is BackendMeasurement & { stepsPerSec: number } =>
  m.failure === null && m.stepsPerSec !== null;

/** "cpu · auto: 410 steps/s vs webgpu 35": the winner against the fastest of the rest. */
function decisionLine(winner: BackendName, probe: BackendProbe): string {
  const measured = probe.candidates.filter(isMeasured);
  const own = measured.find((m) => m.backend === winner);
  const head = `${winner} · auto: ${own ? formatRate(own.stepsPerSec) : '?'} steps/s`;
  const rest = measured
    .filter((m) => m.backend !== winner)
    .sort((a, b) => b.stepsPerSec - a.stepsPerSec);
  return rest[0]
    ? `${head} vs ${rest[0].backend} ${formatRate(rest[0].stepsPerSec)}`
    : `${head} (the only one that trained)`;
}

/** One line per candidate, for the tooltip and the details table alike. */
function candidateText(m: BackendMeasurement): string {
  if (!isMeasured(m)) return `${m.backend}: skipped — ${m.failure ?? 'not measured'}`;
  const warm = m.warmupMs === null ? '' : `, warm-up ${Math.round(m.warmupMs)} ms`;
  return `${m.backend}: ${formatRate(m.stepsPerSec)} steps/s (${m.steps} steps${warm})`;
}

function probeText(probe: BackendProbe): string {
  const verb = probe.phase === 'done' ? 'measured' : 'measuring';
  return [
    `auto ${verb} ${probe.workload} in ${(probe.elapsedMs / 1000).toFixed(1)} s`,
    ...probe.candidates.map(candidateText),
  ].join('\n');
}

/**
 * A <details> drawn as a popover behaves like one: Escape closes it (focus goes back to its
 * summary), and so does a press anywhere outside it, so it never sits over the page's controls.
 */
function usePopoverDetails() {
  const ref = useRef<HTMLDetailsElement>(null);
  const [isOpen, setOpen] = useState(false);
  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (e: PointerEvent) => {
      const el = ref.current;
      if (el && e.target instanceof Node && !el.contains(e.target)) el.open = false;
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [isOpen]);
  return {
    ref,
    onToggle: (e: SyntheticEvent<HTMLDetailsElement>) => setOpen(e.currentTarget.open),
    onKeyDown: (e: KeyboardEvent<HTMLDetailsElement>) => {
      if (e.key !== 'Escape' || !e.currentTarget.open) return;
      e.currentTarget.open = false;
      e.currentTarget.querySelector('summary')?.focus();
    },
  };
}

/** The probe's numbers, in a disclosure the keyboard reaches (summary is focusable). */
function ProbeDetails({ probe, chosen }: { probe: BackendProbe; chosen: BackendName | null }) {
  const popover = usePopoverDetails();
  return (
    <details className="probe-details" data-testid="backend-probe" {...popover}>
      <summary>{probe.phase === 'done' ? 'why this backend' : 'progress'}</summary>
      <div className="probe-popover">
        <p className="probe-workload">
          {probe.phase === 'done' ? 'Measured' : 'Measuring'} {probe.workload} in{' '}
          {(probe.elapsedMs / 1000).toFixed(1)} s
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">backend</th>
              <th scope="col">steps/s</th>
              <th scope="col">warm-up</th>
            </tr>
          </thead>
          <tbody>
            {probe.candidates.map((m) => (
              <tr
                key={m.backend}
                data-backend={m.backend}
                data-steps-per-sec={m.stepsPerSec ?? undefined}
                className={m.backend === chosen ? 'chosen' : undefined}
              >
                <th scope="row">
                  {m.backend}
                  {m.backend === chosen && ' ✓'}
                </th>
                {isMeasured(m) ? (
                  <>
                    <td className="num">{formatRate(m.stepsPerSec)}</td>
                    <td className="num">
                      {m.warmupMs === null ? '–' : `${Math.round(m.warmupMs)} ms`}
                    </td>
                  </>
                ) : (
                  <td colSpan={2} className="probe-failure">
                    skipped: {m.failure}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Auto or a named backend; changing it restarts the worker and goes into the URL. */
function BackendSelect({ value }: { value: BackendPreference }) {
  const id = useId();
  return (
    <div className="backend-select">
      <label htmlFor={id}>Backend</label>
      <select
        id={id}
        data-testid="backend-select"
        value={value}
        onChange={(e) => setBackendPreference(e.target.value as BackendPreference)}
      >
        {PREFERENCES.map((p) => (
          <option key={p} value={p}>
            {PREFERENCE_LABEL[p]}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Which backend trains and why: the measured decision under auto (numbers in the tooltip and the
 * details), or in words why a named backend fell back. Beside it, the selector that overrides it.
 */
export const BackendBadge = memo(function BackendBadge({ info }: { info: BackendInfo | null }) {
  const preference = useSyncExternalStore(subscribeBackendPreference, readBackendPreference);
  // Until the worker for the current preference reports, what we hold describes another worker.
  const current = info && info.requested === preference ? info : null;
  const probe = current?.probe ?? null;
  const backend = current?.backend ?? null;
  const isMeasuring = probe?.phase === 'measuring';
  const title = current
    ? [
        probe && probeText(probe),
        `requested: ${current.requested}`,
        current.adapter && `adapter: ${current.adapter}`,
        `tfjs ${current.tfjsVersion}`,
      ]
        .filter(Boolean)
        .join('\n')
    : undefined;
  let name = 'starting…';
  if (isMeasuring) name = 'Measuring backends…';
  else if (backend) name = BACKEND_LABEL[backend];
  else if (preference === 'auto') name = 'Measuring backends…';
  return (
    <div className="backend-box">
      <div
        className={`badge${current?.fallbackReason ? ' fallback' : ''}${isMeasuring ? ' measuring' : ''}`}
        data-testid="backend-badge"
        data-backend={backend ?? ''}
        data-fallback={current ? String(current.fallbackReason !== null) : undefined}
        data-probing={String(isMeasuring || (!current && preference === 'auto'))}
        title={title}
        aria-live="polite"
      >
        <span className="badge-label">backend</span>
        <span className="badge-name">{name}</span>
        {probe && backend && probe.phase === 'done' && (
          <span className="badge-decision" data-testid="backend-decision">
            {decisionLine(backend, probe)}
          </span>
        )}
        {isMeasuring && probe.candidates.length > 0 && (
          <span className="badge-decision">
            {probe.candidates
              .map((m) =>
                isMeasured(m) ? `${m.backend} ${formatRate(m.stepsPerSec)}` : `${m.backend} –`,
              )
              .join(' · ')}
          </span>
        )}
        {current?.adapter && <span className="badge-adapter">{current.adapter}</span>}
        {current?.fallbackReason && (
          <span className="badge-reason" data-testid="backend-reason">
            fell back from {current.requested}: {current.fallbackReason}
          </span>
        )}
      </div>
      <BackendSelect value={preference} />
      {probe && <ProbeDetails probe={probe} chosen={backend} />}
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
