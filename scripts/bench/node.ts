/**
 * Node side of the bench: the CLI's engine (the headless loop of src/engine/run.ts) on the cpu and
 * wasm backends, interleaved in one process, and the cost of each default diagnostic on its own.
 *
 * Both backends live in one process: each variant switches to its backend before its window, and
 * every tensor it touches was made on that backend, so no data moves between them.
 */
import * as tf from '@tensorflow/tfjs';
import { mustParseConfig, type ExperimentConfig } from '../../src/config/schema';
import { diskSource } from '../../src/cli/dataFiles';
import type { Dataset } from '../../src/engine/datasets';
import { loadDataset } from '../../src/engine/loadData';
import { useNodeBackend, type NodeBackend } from '../../src/engine/node-backend';
import { interleave, TooSlow, type InterleaveOptions } from './interleave';
import { LabLoop } from './labLoop';
import type { NodeCell, PartsCell } from './results';
import { costPeriod, DIAGNOSTICS_OFF, workload, type WorkloadId } from './workloads';

export interface NodeOptions extends Omit<InterleaveOptions, 'recordEvery' | 'period'> {
  workloads: WorkloadId[];
  backends: NodeBackend[];
}

/** A cell that could not be measured, with the reason (logged too). */
function failed(err: unknown, log: (l: string) => void): { status: 'skipped' | 'error'; reason: string } {
  const reason = err instanceof Error ? err.message : String(err);
  const status = err instanceof TooSlow ? 'skipped' : 'error';
  log(`  ${status}: ${reason}`);
  return { status, reason };
}

async function started(backends: NodeBackend[], log: (l: string) => void): Promise<NodeBackend[]> {
  const ok: NodeBackend[] = [];
  for (const b of backends) {
    try {
      await useNodeBackend(b);
      ok.push(b);
    } catch (err) {
      log(`  node ${b}: unavailable (${(err as Error).message})`);
    }
  }
  return ok;
}

/** (f) steps/s of the CLI loop with default diagnostics, each backend against the others. */
export async function nodeBackends(o: NodeOptions): Promise<NodeCell[]> {
  const backends = await started(o.backends, o.log);
  const cells: NodeCell[] = [];
  for (const id of o.workloads) {
    const w = workload(id);
    o.log(`node: ${w.label} on ${backends.join(' vs ')}`);
    const data = await loadDataset(w.config, diskSource());
    const loops = new Map<NodeBackend, LabLoop>();
    try {
      // Each loop is made, and every later window runs, with its own backend active.
      const loopOn = async (b: NodeBackend) => {
        await tf.setBackend(b);
        if (!loops.has(b)) loops.set(b, new LabLoop(w.config, data, null));
        return loops.get(b)!;
      };
      const variants = backends.map((b) => ({
        name: b,
        run: async (steps: number) => (await loopOn(b)).run(steps),
        warmUp: async () => (await loopOn(b)).warmUp(),
      }));
      const r = await interleave(variants, { ...o, recordEvery: w.config.training.recordEvery, period: costPeriod(w.config) });
      cells.push({ workload: id, status: 'ok', rates: r.rates, plan: r.plan });
    } catch (err) {
      cells.push({ workload: id, ...failed(err, o.log) });
    } finally {
      for (const [b, loop] of loops) {
        await tf.setBackend(b);
        loop.dispose();
      }
    }
  }
  return cells;
}

/** Each default diagnostic alone over "all off": where the diagnostics' cost comes from. */
function partVariants(c: ExperimentConfig): [string, ExperimentConfig][] {
  const only = (d: Partial<ExperimentConfig['diagnostics']>) =>
    mustParseConfig({ ...c, diagnostics: { ...c.diagnostics, ...DIAGNOSTICS_OFF, ...d } });
  return [
    ['off', only({})],
    ['layer stats', only({ layerStats: true })],
    ['gradient histograms', only({ gradHistograms: true })],
    ['calibration', only({ calibration: true })],
    [`sharpness every ${c.diagnostics.sharpnessEvery}`, only({ sharpnessEvery: c.diagnostics.sharpnessEvery })],
    ['health monitor', only({ monitor: true })],
    ['all (default)', c],
  ];
}

export async function diagnosticsParts(o: NodeOptions & { backend: NodeBackend }): Promise<PartsCell[]> {
  const [backend] = await started([o.backend], o.log);
  if (!backend) return [];
  await tf.setBackend(backend);
  const cells: PartsCell[] = [];
  for (const id of o.workloads) {
    const w = workload(id);
    o.log(`node: diagnostics one by one, ${w.label} on ${backend}`);
    const data: Dataset = await loadDataset(w.config, diskSource());
    const loops = partVariants(w.config).map(([name, c]) => ({ name, loop: new LabLoop(c, data, null) }));
    try {
      const variants = loops.map(({ name, loop }) => ({ name, run: (s: number) => loop.run(s), warmUp: () => loop.warmUp() }));
      const r = await interleave(variants, { ...o, recordEvery: w.config.training.recordEvery, period: costPeriod(w.config) });
      cells.push({ workload: id, backend, status: 'ok', rates: r.rates, plan: r.plan });
    } catch (err) {
      cells.push({ workload: id, backend, ...failed(err, o.log) });
    } finally {
      loops.forEach(({ loop }) => loop.dispose());
    }
  }
  return cells;
}
