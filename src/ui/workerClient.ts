/**
 * The typed client of the lab worker: the only place the UI touches `Worker`. It posts
 * `ToWorker` messages and hands every `FromWorker` message to one callback.
 */
import type { FromWorker, ToWorker } from '../protocol';

export interface WorkerClient {
  post(msg: ToWorker): void;
  /** Terminates the worker; later posts are ignored. */
  dispose(): void;
}

export interface WorkerClientHandlers {
  onMessage(msg: FromWorker): void;
  /** The worker failed outside the protocol (script did not load, uncaught error, bad message). */
  onFailure(message: string): void;
}

export function createWorkerClient(handlers: WorkerClientHandlers): WorkerClient {
  // Written literally so Vite recognizes and bundles the worker (see TFJS-NOTES, "Vite").
  const worker = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), {
    type: 'module',
  });
  let disposed = false;
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    if (!disposed) handlers.onMessage(e.data);
  };
  worker.onerror = (e: ErrorEvent) => {
    if (disposed) return;
    e.preventDefault();
    handlers.onFailure(`The training worker failed: ${e.message || 'it could not be loaded'}.`);
  };
  worker.onmessageerror = () => {
    if (!disposed) handlers.onFailure('A message from the training worker could not be read.');
  };
  return {
    post(msg) {
      if (!disposed) worker.postMessage(msg);
    },
    dispose() {
      disposed = true;
      worker.terminate();
    },
  };
}
