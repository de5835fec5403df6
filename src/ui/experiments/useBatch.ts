/**
 * The batch in progress, seen from the page: sends a seed repeat or sweep to the worker, follows
 * its progress, and reports how it ended. The finished runs themselves are stored by the run
 * recorder (they arrive on the same message stream), so nothing here touches IndexedDB.
 */
import { useCallback, useMemo, useState } from 'react';
import type { BatchJob, FromWorker, ToWorker } from '../../protocol';

export interface BatchProgress {
  id: string;
  label: string;
  /** Run in progress (0-based), runs in the batch, runs finished. */
  index: number;
  total: number;
  completed: number;
  step: number;
  totalSteps: number;
}

export interface BatchApi {
  active: BatchProgress | null;
  /** How the last batch ended ("4 runs finished", "cancelled after 2 of 4", an error). */
  outcome: { text: string; isError: boolean } | null;
  /** The id of the last batch started, so its results can be shown as they arrive. */
  lastId: string | null;
  start(jobs: BatchJob[], label: string): void;
  cancel(): void;
  /** The worker was replaced (another backend chosen): a batch in progress died with it. */
  workerRestarted(): void;
  receive(msg: FromWorker): void;
}

/** Overall completion in [0, 1]: finished runs plus the share of the one in progress. */
export function fractionDone(p: BatchProgress): number {
  const inRun = p.totalSteps > 0 ? p.step / p.totalSteps : 0;
  return Math.min(1, (p.completed + Math.min(1, inRun)) / Math.max(1, p.total));
}

export function useBatch(send: (msg: ToWorker) => void): BatchApi {
  const [active, setActive] = useState<BatchProgress | null>(null);
  const [outcome, setOutcome] = useState<BatchApi['outcome']>(null);
  const [lastId, setLastId] = useState<string | null>(null);

  const receive = useCallback((msg: FromWorker) => {
    if (msg.type !== 'batch') return;
    const u = msg.update;
    switch (u.kind) {
      case 'progress':
        setActive((p) =>
          p && p.id === u.id
            ? { ...p, index: u.index, total: u.total, step: u.step, totalSteps: u.totalSteps }
            : p,
        );
        return;
      case 'run':
        setActive((p) => (p && p.id === u.id ? { ...p, completed: p.completed + 1, step: p.totalSteps } : p));
        return;
      case 'done':
        setActive((p) => (p && p.id === u.id ? null : p));
        setOutcome(
          u.error
            ? { text: `The batch stopped after ${u.completed} run(s): ${u.error}`, isError: true }
            : u.cancelled
              ? { text: `Cancelled after ${u.completed} run(s); those are saved.`, isError: false }
              : { text: `${u.completed} run(s) finished and saved.`, isError: false },
        );
        return;
    }
  }, []);

  const start = useCallback(
    (jobs: BatchJob[], label: string) => {
      const id = jobs[0]?.group.id;
      if (!id) return;
      setOutcome(null);
      setLastId(id);
      setActive({ id, label, index: 0, total: jobs.length, completed: 0, step: 0, totalSteps: 0 });
      // Absolute: the worker would resolve a relative URL against its own script.
      send({ type: 'batch', id, jobs, dataUrl: new URL('data/', document.baseURI).href });
    },
    [send],
  );

  const cancel = useCallback(() => {
    if (active) send({ type: 'cancelBatch', id: active.id });
  }, [active, send]);

  const workerRestarted = useCallback(() => {
    setActive((p) => {
      if (p) setOutcome({ text: `Stopped after ${p.completed} run(s): the lab restarted its worker.`, isError: true });
      return null;
    });
  }, []);

  return useMemo(
    () => ({ active, outcome, lastId, start, cancel, workerRestarted, receive }),
    [active, outcome, lastId, start, cancel, workerRestarted, receive],
  );
}
