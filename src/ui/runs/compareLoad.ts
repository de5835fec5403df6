/**
 * Stored runs loaded for the Compare view and the details panel, cached by id. A run is read from
 * IndexedDB once, and again only when it has grown (its chunk count changed: the run being
 * recorded), at most every RELOAD_MS, so a live run does not re-read its whole history on every
 * emission.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunMeta, StoredBatch } from './runStore';
import type { RunsApi } from './useRuns';

/** Least time between two reads of a run that is still growing. */
const RELOAD_MS = 2000;

interface Cached {
  chunks: number;
  at: number;
  batches: readonly StoredBatch[];
}

/** id → batches of every wanted run loaded so far (runs still loading are absent). */
export function useLoadedRuns(
  api: Pick<RunsApi, 'load'>,
  wanted: readonly RunMeta[],
): ReadonlyMap<string, readonly StoredBatch[]> {
  const [cache, setCache] = useState<ReadonlyMap<string, Cached>>(() => new Map());
  // Reads in flight, so a re-render does not start a second read of the same run.
  const inFlight = useRef(new Set<string>());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const now = Date.now();
    for (const meta of wanted) {
      const have = cache.get(meta.id);
      if (inFlight.current.has(meta.id) || (have && have.chunks === meta.chunks)) continue;
      const wait = have ? have.at + RELOAD_MS - now : 0;
      if (wait > 0) {
        // Grown too recently: look again when the interval has passed.
        timer ??= setTimeout(() => setTick((t) => t + 1), wait);
        continue;
      }
      inFlight.current.add(meta.id);
      void api
        .load(meta.id)
        .then((run) => {
          if (!run) return;
          // Runs no longer wanted are let go here, so the cache holds only what is shown.
          const keep = new Set(wanted.map((m) => m.id));
          setCache((c) => {
            const next = new Map([...c].filter(([id]) => keep.has(id)));
            return next.set(meta.id, {
              chunks: run.meta.chunks,
              at: Date.now(),
              batches: run.batches,
            });
          });
        })
        .finally(() => inFlight.current.delete(meta.id));
    }
    return () => clearTimeout(timer);
  }, [api, wanted, cache, tick]);

  // Keyed on the ids, not the array: the run list (and so `wanted`) changes on every emission.
  const ids = wanted.map((m) => m.id).join(' ');
  return useMemo(() => {
    const view = new Map<string, readonly StoredBatch[]>();
    for (const id of ids.split(' ')) {
      const have = cache.get(id);
      if (have) view.set(id, have.batches);
    }
    return view;
  }, [ids, cache]);
}

/** What the Compare view reads of a run's meta; `chunks` and `step` move on every emission. */
const sameShown = (a: RunMeta, b: RunMeta) =>
  a.id === b.id &&
  a.name === b.name &&
  a.state === b.state &&
  // Stored configs come back as new objects on every list refresh; compare by value.
  (a.config === b.config || JSON.stringify(a.config) === JSON.stringify(b.config)) &&
  a.group?.id === b.group?.id &&
  a.group?.cell === b.group?.cell &&
  a.group?.seed === b.group?.seed;

/**
 * `metas`, keeping the previous array while nothing the view shows has changed, so a run being
 * recorded does not rebuild the chart on every emission (the loader still sees the new chunks).
 */
export function useStableMetas(metas: RunMeta[]): RunMeta[] {
  const [stable, setStable] = useState(metas);
  const same = stable.length === metas.length && stable.every((m, i) => sameShown(m, metas[i]!));
  // Adjusting state while rendering, React's pattern for deriving from changing props.
  if (!same) setStable(metas);
  return same ? stable : metas;
}
