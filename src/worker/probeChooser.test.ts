/**
 * `auto` inside the worker's Session, in Node on cpu and wasm: it reports the probe as it goes,
 * trains on the winner, and measures again only when the workload changes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mustParseConfig, type ExperimentConfig } from '../config/schema';
import { useNodeBackend } from '../engine/node-backend';
import type { BackendInfo, BackendName, FromWorker } from '../protocol';
import type { SetBackend } from './probe';
import { MeasuredBackend } from './probeChooser';
import { Session } from './session';

beforeAll(async () => {
  await useNodeBackend('wasm');
  await useNodeBackend('cpu');
});

const LIMITS = { warmupMs: 0, budgetMs: 60, maxSteps: 20, minLimitMs: 30_000, maxLimitMs: 30_000 };
const config = mustParseConfig({
  dataset: { name: 'spiral', size: 120 },
  model: { depth: 2, width: 8 },
  training: { steps: 50, recordEvery: 5, batchSize: 16 },
});

function setup(available: readonly BackendName[] = ['cpu', 'wasm'], isBusy = () => false) {
  const messages: FromWorker[] = [];
  const setCalls: BackendName[] = [];
  const setBackend: SetBackend = async (name) => {
    setCalls.push(name);
    if (!available.includes(name) || (name !== 'cpu' && name !== 'wasm'))
      return `${name} is not available here`;
    await useNodeBackend(name);
    return null;
  };
  const chooser = new MeasuredBackend({
    setBackend,
    postInfo: (info) => messages.push({ type: 'backend', info }),
    tfjsVersion: tf.version_core,
    sequence: ['cpu', 'wasm', 'webgpu', 'wasm', 'cpu'],
    limits: LIMITS,
    isBusy,
  });
  const infos = () =>
    messages.flatMap((m): BackendInfo[] => (m.type === 'backend' ? [m.info] : []));
  const session = (c: ExperimentConfig = config) =>
    new Session(c, (m) => messages.push(m), null, chooser);
  return { messages, infos, setCalls, session };
}

describe('MeasuredBackend (auto)', () => {
  it('reports progress, then the decision, before the model is built, and trains on the winner', async () => {
    const { messages, infos, session } = setup();
    const s = session();
    await s.rebuild();
    const all = infos();
    // Start, cpu, wasm, webgpu (unavailable), then wasm and cpu timed again, then the decision.
    expect(all.map((i) => i.probe?.phase)).toEqual([...Array(6).fill('measuring'), 'done']);
    expect(all.map((i) => i.probe?.candidates.length)).toEqual([0, 1, 2, 3, 3, 3, 3]);
    expect(all.at(-1)!.probe!.candidates.map((c) => c.backend)).toEqual(['cpu', 'wasm', 'webgpu']);
    expect(all.slice(0, -1).every((i) => i.backend === null)).toBe(true);
    const done = all.at(-1)!;
    expect(done.requested).toBe('auto');
    expect(done.fallbackReason).toBeNull();
    expect(['cpu', 'wasm']).toContain(done.backend);
    expect(tf.getBackend()).toBe(done.backend);
    expect(done.probe!.workload).toBe('mlp 2×8 · spiral · batch 16');
    const webgpu = done.probe!.candidates.find((c) => c.backend === 'webgpu')!;
    expect(webgpu.failure).toBe('webgpu is not available here');
    // The decision arrives before the data, so the badge is right before anything trains.
    const lastInfo = messages.findLastIndex((m) => m.type === 'backend');
    expect(lastInfo).toBeLessThan(messages.findIndex((m) => m.type === 'data'));
    await s.stepOnce();
    expect(messages.some((m) => m.type === 'metrics')).toBe(true);
  });

  it('keeps the decision for the same workload and measures again when the model changes', async () => {
    const { infos, session, setCalls } = setup();
    const s = session();
    await s.rebuild();
    const afterFirst = infos().length;
    const before = tf.memory().numTensors;
    await s.reset();
    await s.updateConfig({ ...config, seed: 77, optimizer: { ...config.optimizer, lr: 0.1 } });
    expect(infos().length).toBe(afterFirst);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    const callsBefore = setCalls.length;
    await s.updateConfig({ ...config, model: { ...config.model, width: 12 } });
    expect(infos().length).toBeGreaterThan(afterFirst);
    expect(infos().at(-1)!.probe).toMatchObject({
      phase: 'done',
      workload: 'mlp 2×12 · spiral · batch 16',
    });
    expect(setCalls.length).toBeGreaterThan(callsBefore);
  });

  it('fails the build with every reason when no backend can train, and tries again next time', async () => {
    const { infos, session } = setup([]);
    const s = session();
    await expect(s.rebuild()).rejects.toThrow(
      /no backend could train this model: cpu: cpu is not available here; wasm: .*; webgpu: .*/,
    );
    const count = infos().length;
    await expect(s.rebuild()).rejects.toThrow(/no backend could train/);
    expect(infos().length).toBeGreaterThan(count);
  });
});

describe('MeasuredBackend while a batch trains', () => {
  it('keeps the current backend for a new model, and measures it once the batch is over', async () => {
    let busy = false;
    const { infos, session } = setup(['cpu', 'wasm'], () => busy);
    const s = session();
    await s.rebuild();
    const decided = infos().at(-1)!.backend;
    const count = infos().length;
    busy = true;
    await s.updateConfig({ ...config, model: { ...config.model, width: 12 } });
    expect(infos().length).toBe(count);
    expect(tf.getBackend()).toBe(decided);
    busy = false;
    await s.reset();
    expect(infos().length).toBeGreaterThan(count);
    expect(infos().at(-1)!.probe).toMatchObject({
      phase: 'done',
      workload: 'mlp 2×12 · spiral · batch 16',
    });
  });
});
