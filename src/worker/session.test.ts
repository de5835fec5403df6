/**
 * The worker's Session driven directly in Node (cpu backend): the same object the worker routes
 * messages to, with `post` collecting what the UI would receive.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mustParseConfig, type ConfigInput } from '../config/schema';
import { useNodeBackend } from '../engine/node-backend';
import type { FromWorker, StatusMessage } from '../protocol';
import { runExperiment } from '../engine/run';
import { Session } from './session';

beforeAll(() => useNodeBackend('cpu'));

async function makeSession(input: ConfigInput = {}) {
  const messages: FromWorker[] = [];
  const config = mustParseConfig({ training: { steps: 200, recordEvery: 5 }, ...input });
  const session = new Session(config, (m) => messages.push(m));
  await session.rebuild();
  const statuses = () => messages.filter((m): m is StatusMessage => m.type === 'status');
  const lastStatus = () => statuses().at(-1)!;
  const metrics = () => messages.flatMap((m) => (m.type === 'metrics' ? [m.batch] : []));
  return { session, messages, lastStatus, metrics, config };
}

const until = async (cond: () => boolean, timeoutMs = 20_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Session', () => {
  it('sends the data set and a ready status on build', async () => {
    const { messages, lastStatus } = await makeSession();
    const data = messages.find((m) => m.type === 'data');
    expect(data && data.type === 'data' && data.points?.xTrain.length).toBeGreaterThan(0);
    expect(lastStatus()).toMatchObject({ state: 'ready', step: 0 });
  });

  it('step advances exactly one step and emits its record', async () => {
    const { session, lastStatus, metrics } = await makeSession();
    await session.stepOnce();
    await session.stepOnce();
    expect(lastStatus()).toMatchObject({ state: 'paused', step: 2 });
    const steps = metrics().flatMap((b) => Array.from(b.steps));
    expect(steps).toEqual([1, 2]);
    const b = metrics().at(-1)!;
    expect(b.layers).toEqual(['hidden1', 'hidden2', 'hidden3', 'hidden4', 'output']);
    expect(b.gradNorms.length).toBe(b.layers.length);
    expect(b.histograms?.layers.length).toBe(4);
    expect(b.boundary?.probs.length).toBe(b.boundary!.resolution ** 2);
  });

  it('runs to the end, pauses on request, resumes and finishes', async () => {
    const { session, lastStatus } = await makeSession();
    await session.start();
    await until(() => lastStatus().step > 0);
    await session.pause();
    const pausedAt = lastStatus().step;
    expect(lastStatus().state).toBe('paused');
    await new Promise((r) => setTimeout(r, 50));
    expect(lastStatus().step).toBe(pausedAt);
    await session.start();
    await until(() => lastStatus().state === 'finished');
    expect(lastStatus().step).toBe(200);
  });

  it('reset returns to step 0 with fresh data and no leaked tensors', async () => {
    const { session, lastStatus, messages } = await makeSession();
    await session.stepOnce();
    const before = tf.memory().numTensors;
    await session.reset();
    expect(lastStatus()).toMatchObject({ state: 'ready', step: 0 });
    expect(messages.filter((m) => m.type === 'data').length).toBe(2);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('applies learning rate live but rebuilds for a new depth', async () => {
    const { session, messages, config } = await makeSession();
    await session.stepOnce();
    await session.updateConfig({ ...config, optimizer: { ...config.optimizer, lr: 0.05 } });
    const live = messages.filter((m) => m.type === 'configApplied').at(-1);
    expect(live).toMatchObject({ rebuilt: false });
    await session.updateConfig({ ...config, model: { ...config.model, depth: 2 } });
    const rebuilt = messages.filter((m) => m.type === 'configApplied').at(-1);
    expect(rebuilt).toMatchObject({ rebuilt: true });
    await session.stepOnce();
    const b = messages.flatMap((m) => (m.type === 'metrics' ? [m.batch] : [])).at(-1)!;
    expect(b.layers).toEqual(['hidden1', 'hidden2', 'output']);
  });

  it('stops cleanly with state diverged when the loss blows up', async () => {
    const { session, lastStatus } = await makeSession({
      model: { activation: 'relu' },
      optimizer: { name: 'sgd', lr: 1e5 },
      training: { steps: 500, recordEvery: 1 },
    });
    await session.start();
    await until(() => lastStatus().state === 'diverged' || lastStatus().state === 'finished');
    expect(lastStatus().state).toBe('diverged');
    expect(lastStatus().step).toBeLessThan(500);
  });

  it('reads records back while training goes on, yet delivers every record of the run unchanged', async () => {
    // No controller on: records are handled a few steps late (canDeferRecords). The run must be
    // the one the CLI loop (which handles each record at once) produces, record for record.
    const { session, lastStatus, metrics, config } = await makeSession({
      training: { steps: 60, recordEvery: 5 },
    });
    await session.start();
    await until(() => lastStatus().state === 'finished');
    const reference = await runExperiment(config, 'test');
    const batches = metrics();
    expect(batches.flatMap((b) => Array.from(b.steps))).toEqual(
      reference.history.map((h) => h.step),
    );
    expect(batches.flatMap((b) => Array.from(b.lossTrain))).toEqual(
      reference.history.map((h) => Math.fround(h.lossTrain)),
    );
  });

  it('a pause delivers the record still in flight', async () => {
    const { session, lastStatus, metrics } = await makeSession({
      training: { steps: 100000, recordEvery: 5 },
    });
    await session.start();
    await until(() => lastStatus().step >= 40);
    await session.pause();
    const step = lastStatus().step;
    const last = metrics()
      .flatMap((b) => Array.from(b.steps))
      .at(-1)!;
    // The newest record is the last record step at or before the pause: none is held back.
    expect(last).toBe(step - (step % 5));
  });
});
