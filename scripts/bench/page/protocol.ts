/** Messages between the bench page, its worker and the Playwright driver. */
import type { BackendRun, BrowserBackend } from '../results';
import type { WorkloadId } from '../workloads';

export interface PageRequest {
  backend: BrowserBackend;
  /** Speed cells (a, b): lab vs model.fit, diagnostics on vs off. */
  workloads: WorkloadId[];
  /** Memory cells (d). */
  memoryWorkloads: WorkloadId[];
  /** Steps at which memory is read, e.g. [100, 2000]. */
  memorySteps: number[];
  /** A memory cell that would take longer than this (at the measured lab rate) is skipped. */
  memoryBudgetS: number;
  timing: { targetWindowS: number; budgetS: number; maxRounds: number; fixedSteps: number | null };
  /** Where the shipped data files are served (relative to the page). */
  dataUrl: string;
}

export type FromBenchWorker =
  | { type: 'log'; line: string }
  | { type: 'done'; result: BackendRun }
  | { type: 'error'; message: string };
