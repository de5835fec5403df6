/**
 * The saved runs for the UI: opens the store, records the worker's messages into it, and keeps a
 * list for the Runs view. Messages that arrive while the database opens are queued, so the first
 * run of a page is saved too.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExperimentConfig } from '../../config/schema';
import type { FromWorker } from '../../protocol';
import { MAX_RUN_FILE_BYTES, parseRunFile } from '../../config/runFile';
import { batchOfRunFile } from './runExport';
import { RunRecorder } from './recorder';
import { RunStore, type RunMeta, type StoredRun } from './runStore';

export interface RunsApi {
  /** Feed every worker message here. */
  receive(msg: FromWorker): void;
  runs: RunMeta[];
  /** The run being recorded now (null before its first metrics). */
  currentId: string | null;
  /** Why runs are not being saved (no IndexedDB, quota…), or null. */
  error: string | null;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  load(id: string): Promise<StoredRun | null>;
  /** Validates and stores an exported run file; the refusal message, or null when stored. */
  importFile(file: File): Promise<string | null>;
}

export function useRuns(initialConfig: ExperimentConfig): RunsApi {
  const [runs, setRuns] = useState<RunMeta[]>([]);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const storeRef = useRef<RunStore | null>(null);
  const recorderRef = useRef<RunRecorder | null>(null);
  const pending = useRef<FromWorker[] | null>([]);

  const refresh = useCallback(async () => {
    const store = storeRef.current;
    if (store) setRuns(await store.list());
  }, []);

  useEffect(() => {
    let closed = false;
    RunStore.open()
      .then(async (store) => {
        if (closed) return store.close();
        storeRef.current = store;
        const recorder = new RunRecorder(store, initialConfig, {
          onChange: (meta) => {
            setCurrentId(recorder.currentRunId);
            // Newest first; the changed run replaces its old entry.
            setRuns((list) =>
              [meta, ...list.filter((r) => r.id !== meta.id)].sort(
                (a, b) => b.createdAt - a.createdAt,
              ),
            );
          },
          onError: setError,
        });
        recorderRef.current = recorder;
        pending.current?.forEach((m) => recorder.receive(m));
        pending.current = null;
        setRuns(await store.list());
      })
      .catch((err: unknown) => {
        // Nothing will drain the queue: stop collecting.
        pending.current = null;
        setError(
          `Runs cannot be saved in this browser: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    return () => {
      closed = true;
      storeRef.current?.close();
      storeRef.current = null;
      recorderRef.current = null;
    };
  }, [initialConfig]);

  const receive = useCallback((msg: FromWorker) => {
    if (recorderRef.current) recorderRef.current.receive(msg);
    else pending.current?.push(msg);
  }, []);

  return useMemo<RunsApi>(
    () => ({
      receive,
      runs,
      currentId,
      error,
      async rename(id, name) {
        await storeRef.current?.update(id, { name });
        await refresh();
      },
      async remove(id) {
        await storeRef.current?.remove(id);
        await refresh();
      },
      load: async (id) => (storeRef.current ? storeRef.current.get(id) : null),
      async importFile(file) {
        const store = storeRef.current;
        if (!store) return 'Runs cannot be saved in this browser.';
        // Refused by size before reading: a huge file is never loaded into memory.
        const parsed = parseRunFile(
          file.size > MAX_RUN_FILE_BYTES ? '' : await file.text(),
          file.size,
        );
        if (!parsed.ok) return `${file.name}: ${parsed.message}`;
        const { run } = parsed;
        const env = run.env ?? {};
        const text = (k: string) => (typeof env[k] === 'string' ? (env[k] as string) : null);
        await store.importRun(
          {
            name: run.name || file.name.replace(/\.json$/i, ''),
            config: run.config,
            env: {
              backend: text('backend'),
              adapter: text('adapter'),
              tfjsVersion: text('tfjsVersion'),
            },
            totalSteps: run.config.training.steps,
            state:
              (run.summary as { diverged?: unknown } | undefined)?.diverged === true
                ? 'diverged'
                : 'finished',
          },
          batchOfRunFile(run),
        );
        await refresh();
        return null;
      },
    }),
    [receive, runs, currentId, error, refresh],
  );
}
