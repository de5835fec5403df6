/**
 * Owns the worker for the lifetime of the page and exposes the lab state plus commands.
 * Messages are queued and folded into state together, so a burst of worker messages costs one
 * render, not one per message.
 */
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { needsRebuild } from '../config/live';
import type { ExperimentConfig } from '../config/schema';
import type { BackendPreference, FromWorker, ToWorker } from '../protocol';
import { canStep, canTrain, initialLabState, labReducer, type LabState } from './state';
import { readBackendPreference, subscribeBackendPreference } from './urlParams';
import { createWorkerClient, type WorkerClient } from './workerClient';

/**
 * Messages arriving within this window are folded together in one render. A timer rather than an
 * animation frame: frame callbacks all run in one task, where charts already do their own work.
 */
const FLUSH_DELAY_MS = 30;

export interface LabCommands {
  /** Starts, resumes or pauses, depending on the run state. */
  toggleTrain(): void;
  step(): void;
  reset(): void;
  /**
   * Sends a config. Live fields apply in place; a change that needs a new model rebuilds it, and
   * a run that was training goes on training the new model from step 0.
   */
  applyConfig(config: ExperimentConfig): void;
  dismissError(): void;
  /** Whether the current model has taken any step (read when needed, so no re-render follows). */
  hasProgress(): boolean;
  /** Sends a message as it is (batches: their state lives outside the lab reducer). */
  send(msg: ToWorker): void;
}

export function useLab(
  /** The backend preference to start with; the Backend selector changes it later (via the URL). */
  initialBackend: BackendPreference,
  initialConfig: ExperimentConfig,
  /** Sees every worker message as it arrives (the run recorder saves them). */
  onMessage?: (msg: FromWorker) => void,
): [LabState, LabCommands] {
  const [state, dispatch] = useReducer(labReducer, initialConfig, initialLabState);
  const onMessageRef = useRef(onMessage);
  useEffect(() => {
    onMessageRef.current = onMessage;
  });
  const clientRef = useRef<WorkerClient | null>(null);
  // Commands read the latest state through a ref so their identities stay stable (cheap re-renders).
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  });

  // A new preference means a new worker: tfjs cannot move a live model between backends here.
  const [backend, setBackend] = useState(initialBackend);
  useEffect(() => subscribeBackendPreference(() => setBackend(readBackendPreference())), []);
  const hasStartedRef = useRef(false);

  useEffect(() => {
    if (hasStartedRef.current) {
      // The old worker's run is gone with it: show a fresh start until the new one reports.
      const { config } = stateRef.current;
      const starting: FromWorker = {
        type: 'status',
        state: 'starting',
        step: 0,
        totalSteps: config.training.steps,
        stepsPerSec: 0,
      };
      dispatch({ type: 'historyCleared' });
      dispatch({ type: 'received', messages: [starting] });
    }
    hasStartedRef.current = true;
    let queue: FromWorker[] = [];
    let cancelFlush: (() => void) | null = null;
    const flush = () => {
      cancelFlush = null;
      const messages = queue;
      queue = [];
      dispatch({ type: 'received', messages });
    };
    const client = createWorkerClient({
      onMessage(msg) {
        onMessageRef.current?.(msg);
        queue.push(msg);
        cancelFlush ??= scheduleFlush(flush);
      },
      onFailure(message) {
        dispatch({ type: 'workerFailed', message });
      },
    });
    clientRef.current = client;
    // Absolute: the worker would resolve a relative URL against its own script (under assets/).
    const dataUrl = new URL('data/', document.baseURI).href;
    // A restart keeps the experiment the worker last confirmed, not the one the page opened with.
    client.post({ type: 'init', config: stateRef.current.config, backend, dataUrl });
    return () => {
      cancelFlush?.();
      client.dispose();
      clientRef.current = null;
    };
  }, [backend]);

  const commands = useMemo<LabCommands>(() => {
    const post = (msg: ToWorker) => clientRef.current?.post(msg);
    return {
      toggleTrain() {
        const run = stateRef.current.status.state;
        if (run === 'running') post({ type: 'pause' });
        else if (run === 'paused') post({ type: 'resume' });
        else if (canTrain(run)) post({ type: 'start' });
      },
      step() {
        if (canStep(stateRef.current.status.state)) post({ type: 'step' });
      },
      reset() {
        dispatch({ type: 'historyCleared' });
        post({ type: 'reset' });
      },
      applyConfig(config) {
        const { status, config: current } = stateRef.current;
        const isRestart = status.state === 'running' && needsRebuild(current, config);
        dispatch({ type: 'configSent', config });
        post({ type: 'updateConfig', config });
        // The worker handles messages in order: the rebuild finishes before training starts.
        if (isRestart) post({ type: 'start' });
      },
      dismissError() {
        dispatch({ type: 'errorDismissed' });
      },
      hasProgress() {
        return stateRef.current.status.step > 0;
      },
      send: post,
    };
  }, []);

  return [state, commands];
}

function scheduleFlush(flush: () => void): () => void {
  const timer = setTimeout(flush, FLUSH_DELAY_MS);
  return () => clearTimeout(timer);
}
