/**
 * The bench page's main thread: it only starts the measuring worker and relays its progress. The
 * measurements run in a dedicated worker because that is where the lab trains (WebGL through
 * OffscreenCanvas, WebGPU from the worker), so the bench sees the same conditions.
 */
import type { BackendRun } from '../results';
import type { FromBenchWorker, PageRequest } from './protocol';

declare global {
  interface Window {
    runBench: (req: PageRequest) => Promise<BackendRun>;
  }
}

const logEl = document.getElementById('log')!;

window.runBench = (req) =>
  new Promise<BackendRun>((resolve, reject) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    const finish = () => worker.terminate();
    worker.onmessage = (e: MessageEvent<FromBenchWorker>) => {
      const msg = e.data;
      switch (msg.type) {
        case 'log':
          // Playwright forwards console lines to the driver's progress output.
          console.log(msg.line);
          logEl.textContent += `\n${msg.line}`;
          return;
        case 'done':
          finish();
          resolve(msg.result);
          return;
        case 'error':
          finish();
          reject(new Error(msg.message));
          return;
      }
    };
    worker.onerror = (e) => {
      finish();
      reject(new Error(`bench worker failed: ${e.message}`));
    };
    worker.postMessage(req);
  });
