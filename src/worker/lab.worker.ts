/// <reference lib="webworker" />
/**
 * The one worker: owns tfjs, picks the backend, and routes protocol messages to the Session.
 * Messages are handled one at a time in arrival order; training itself runs outside that queue
 * so a pause is never stuck behind it.
 */
import { parseConfig } from '../config/schema';
import { assertNever, transferablesOf, type BatchJob, type FromWorker, type ToWorker } from '../protocol';
import { Batch } from './batch';
import { chooseBackend } from './backend';
import { fetchSource } from './fetchSource';
import { Session } from './session';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromWorker) => scope.postMessage(msg, transferablesOf(msg));

let session: Session | null = null;
let queue: Promise<void> = Promise.resolve();

/** The batch in progress (one at a time); it runs outside the queue, like training. */
let batch: Batch | null = null;

async function startBatch(id: string, jobs: BatchJob[], dataUrl: string): Promise<void> {
  if (batch) throw new Error('a batch is already running: cancel it or wait for it to finish');
  // Every job crossed a boundary: refuse the whole batch, naming the run, before training any.
  for (const [i, job] of jobs.entries()) {
    const parsed = parseConfig(job.config);
    if (!parsed.ok) {
      post({ type: 'error', message: `batch run ${i + 1} (${job.name}): invalid config`, fields: parsed.errors });
      return;
    }
  }
  // Two trainings at once would halve both; the interactive run waits, paused.
  await session?.pause();
  const current = new Batch(id, jobs, (update) => post({ type: 'batch', update }), fetchSource(dataUrl), 'browser worker');
  batch = current;
  void current.run().finally(() => {
    if (batch === current) batch = null;
  });
}

function requireSession(): Session {
  if (!session) throw new Error('the lab is not initialized yet (no "init" message received)');
  return session;
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      // The config crossed a boundary: validate it here too, so a bad one is named, not trained.
      const parsed = parseConfig(msg.config);
      if (!parsed.ok) {
        post({ type: 'error', message: 'invalid config', fields: parsed.errors });
        return;
      }
      const info = await chooseBackend(msg.backend);
      post({ type: 'backend', info });
      session = new Session(parsed.config, post, fetchSource(msg.dataUrl), info.backend);
      await session.rebuild();
      return;
    }
    case 'start':
    case 'resume':
      return requireSession().start();
    case 'pause':
      return requireSession().pause();
    case 'step':
      return requireSession().stepOnce();
    case 'reset':
      return requireSession().reset();
    case 'updateConfig': {
      const parsed = parseConfig(msg.config);
      if (!parsed.ok) {
        post({ type: 'error', message: 'invalid config', fields: parsed.errors });
        return;
      }
      return requireSession().updateConfig(parsed.config);
    }
    case 'batch':
      return startBatch(msg.id, msg.jobs, msg.dataUrl);
    case 'cancelBatch':
      if (batch?.id === msg.id) batch.cancel();
      return;
    default:
      assertNever(msg);
  }
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  queue = queue
    .then(() => handle(e.data))
    .catch((err: unknown) => {
      post({ type: 'error', message: err instanceof Error ? err.message : String(err), fields: [] });
    });
};
