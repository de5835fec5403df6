/// <reference lib="webworker" />
/**
 * Measures one backend inside a dedicated worker, as the lab trains: for each model the lab loop
 * (default diagnostics, then off) against model.fit, interleaved (a, b), then the lab loop's
 * memory at two steps (d). A backend that does not start, or a model it cannot train, is reported
 * with the reason; one failing cell does not stop the others.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../../src/engine/datasets';
import { loadDataset } from '../../../src/engine/loadData';
import { missingKernels } from '../../../src/engine/models';
import { chooseBackend } from '../../../src/worker/backend';
import { fetchSource } from '../../../src/worker/fetchSource';
import { FitBaseline } from '../fitBaseline';
import { interleave, TooSlow } from '../interleave';
import { BROWSER_BOUNDARY_MS, LabLoop, memoryAt } from '../labLoop';
import { FIT, LAB, LAB_OFF, type BackendRun, type MemoryCell, type SpeedCell } from '../results';
import { median } from '../stats';
import { costPeriod, withDiagnosticsOff, workload, type WorkloadId } from '../workloads';
import type { FromBenchWorker, PageRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromBenchWorker) => scope.postMessage(msg);
const log = (line: string) => post({ type: 'log', line });
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function speedCell(req: PageRequest, id: WorkloadId, data: Dataset): Promise<SpeedCell> {
  const w = workload(id);
  const where = { backend: req.backend, workload: id };
  const missing = missingKernels(w.config.model.arch, req.backend);
  if (missing.length) return { ...where, status: 'unavailable', reason: `missing kernels ${missing.join(', ')}` };
  log(`${req.backend} · ${w.label}: lab vs model.fit`);
  const before = tf.memory().numTensors;
  const made: { dispose(): void }[] = [];
  try {
    const lab = new LabLoop(w.config, data, BROWSER_BOUNDARY_MS);
    made.push(lab);
    const off = new LabLoop(withDiagnosticsOff(w.config), data, BROWSER_BOUNDARY_MS);
    made.push(off);
    const fit = new FitBaseline(w.config, data);
    made.push(fit);
    const r = await interleave(
      // model.fit first: its warm-up is the cheapest, so a cell too slow for its budget is
      // recognized before the lab's records compile.
      [
        { name: FIT, run: (s) => fit.run(s) },
        { name: LAB, run: (s) => lab.run(s), warmUp: () => lab.warmUp() },
        { name: LAB_OFF, run: (s) => off.run(s), warmUp: () => off.warmUp() },
      ],
      { ...req.timing, recordEvery: w.config.training.recordEvery, period: costPeriod(w.config), log },
    );
    const stepCost = { [LAB]: lab.stepCost(), [LAB_OFF]: off.stepCost() };
    return { ...where, status: 'ok', plan: r.plan, rates: r.rates, warmupS: r.warmupS, stepCost, fitStepMs: fit.stepMs() };
  } catch (err) {
    log(`  ${err instanceof TooSlow ? 'skipped' : 'failed'}: ${message(err)}`);
    return { ...where, status: err instanceof TooSlow ? 'skipped' : 'error', reason: message(err) };
  } finally {
    made.forEach((m) => m.dispose());
    const left = tf.memory().numTensors - before;
    if (left !== 0) log(`  note: ${left} tensors left after disposing the cell`);
  }
}

async function memoryCell(req: PageRequest, id: WorkloadId, data: Dataset, labRate: number | undefined): Promise<MemoryCell> {
  const w = workload(id);
  const where = { backend: req.backend, workload: id };
  const missing = missingKernels(w.config.model.arch, req.backend);
  if (missing.length) return { ...where, status: 'unavailable', reason: `missing kernels ${missing.join(', ')}` };
  const last = Math.max(...req.memorySteps);
  const estimateS = labRate ? last / labRate : NaN;
  if (estimateS > req.memoryBudgetS) {
    const reason = `${last} steps would take ~${estimateS.toFixed(0)} s at ${labRate!.toFixed(2)} steps/s (memory budget ${req.memoryBudgetS} s)`;
    log(`${req.backend} · ${w.label}: memory skipped, ${reason}`);
    return { ...where, status: 'skipped', reason };
  }
  log(`${req.backend} · ${w.label}: memory at steps ${req.memorySteps.join(', ')}`);
  try {
    const samples = await memoryAt(w.config, data, req.memorySteps, BROWSER_BOUNDARY_MS);
    for (const s of samples) log(`  step ${s.step}: ${s.numTensors} tensors, ${s.numBytes} bytes, GPU ${s.numBytesInGPU ?? '–'}`);
    return { ...where, status: 'ok', samples };
  } catch (err) {
    log(`  failed: ${message(err)}`);
    return { ...where, status: 'error', reason: message(err) };
  }
}

async function run(req: PageRequest): Promise<BackendRun> {
  const empty = { backend: req.backend, adapter: null, speed: [], memory: [] };
  let info;
  try {
    info = await chooseBackend(req.backend);
  } catch (err) {
    return { ...empty, unavailable: message(err) };
  }
  // chooseBackend falls back on its own; here a fallback means the asked-for backend is unavailable.
  if (info.backend !== req.backend) {
    return { ...empty, unavailable: info.fallbackReason ?? `fell back to ${info.backend}` };
  }
  log(`${req.backend}: started${info.adapter ? ` (adapter ${info.adapter})` : ''}, tfjs ${tf.version_core}`);
  const files = fetchSource(req.dataUrl);
  const datasets = new Map<string, Dataset>();
  const dataFor = async (id: WorkloadId) => {
    const c = workload(id).config;
    const key = JSON.stringify([c.seed, c.dataset]);
    if (!datasets.has(key)) datasets.set(key, await loadDataset(c, files));
    return datasets.get(key)!;
  };
  const speed: SpeedCell[] = [];
  for (const id of req.workloads) speed.push(await speedCell(req, id, await dataFor(id)));
  const memory: MemoryCell[] = [];
  for (const id of req.memoryWorkloads) {
    const cell = speed.find((c) => c.workload === id);
    const rate = cell?.status === 'ok' ? median(cell.rates[LAB]!) : undefined;
    memory.push(await memoryCell(req, id, await dataFor(id), rate));
  }
  return { backend: req.backend, unavailable: null, adapter: info.adapter, speed, memory };
}

scope.onmessage = (e: MessageEvent<PageRequest>) => {
  run(e.data).then(
    (result) => post({ type: 'done', result }),
    (err: unknown) => post({ type: 'error', message: message(err) }),
  );
};
