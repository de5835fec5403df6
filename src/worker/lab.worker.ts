/// <reference lib="webworker" />
/**
 * The one worker: owns tfjs, picks the backend, and routes protocol messages to the Session.
 * Messages are handled one at a time in arrival order; training itself runs outside that queue
 * so a pause is never stuck behind it.
 */
import { parseConfig } from '../config/schema';
import { assertNever, transferablesOf, type BatchJob, type FromWorker, type ToWorker } from '../protocol';
import { Batch } from './batch';
import { backendFor } from './backend';
import { fetchSource } from './fetchSource';
import { Session } from './session';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromWorker) => scope.postMessage(msg, transferablesOf(msg));

let session: Session | null = null;
let queue: Promise<void> = Promise.resolve();

/** The batch in progress (one at a time); it runs outside the queue, like training. */
let batch: Batch | null = null;

async function startBatch(id: string, jobs: BatchJob[], dataUrl: string): Promise<void> {
  // Refusals end the batch the way the page follows it, with a `done` that says why.
  const refuse = (error: string) =>
    post({ type: 'batch', update: { kind: 'done', id, completed: 0, cancelled: false, error } });
  if (batch) return refuse('another batch is running: cancel it or wait for it to finish');
  // Every job crossed a boundary: refuse the whole batch, naming the run, before training any.
  for (const [i, job] of jobs.entries()) {
    const parsed = parseConfig(job.config);
    if (!parsed.ok) {
      const fields = parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return refuse(`run ${i + 1} (${job.name}) has an invalid config: ${fields}`);
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
      // A named backend is set now; auto measures once the first model's data is in (in rebuild),
      // and not while a batch trains on the backend it would switch.
      const backend = await backendFor(msg.backend, (info) => post({ type: 'backend', info }), () => batch !== null);
      session = new Session(parsed.config, post, fetchSource(msg.dataUrl), backend);
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
