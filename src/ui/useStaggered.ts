import { startTransition, useEffect, useRef, useState } from 'react';

/** Pause between two chart refreshes, on top of waiting for the previous one to finish. */
export const STAGGER_GAP_MS = 120;
/** Longest wait for an idle moment before a refresh goes ahead anyway. */
const IDLE_TIMEOUT_MS = 400;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const idle = () =>
  new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(resolve, 0);
  });

/**
 * Shows the newest value of each source, but releases one changed source at a time, in turn, and
 * only after the previous release has been rendered and its follow-up frames have run. Recharts
 * does a large part of its work in animation-frame callbacks; without this pacing, two charts'
 * frame work can land in one frame and make one long task. Each chart now refreshes in its own
 * short tasks, and never more often than the main thread has room for.
 */
export function useStaggered<T extends readonly unknown[]>(sources: T, gapMs = STAGGER_GAP_MS): T {
  const [shown, setShown] = useState<T>(sources);
  const latest = useRef(sources);
  const shownRef = useRef(shown);
  const onCommit = useRef<(() => void) | null>(null);
  useEffect(() => {
    latest.current = sources;
  });
  useEffect(() => {
    onCommit.current?.();
    onCommit.current = null;
  }, [shown]);

  useEffect(() => {
    let cancelled = false;
    let next = 0;
    const changedIndex = (): number => {
      const src = latest.current;
      for (let k = 0; k < src.length; k++) {
        const i = (next + k) % src.length;
        if (!Object.is(shownRef.current[i], src[i])) return i;
      }
      return -1;
    };
    void (async () => {
      while (!cancelled) {
        await sleep(gapMs);
        if (changedIndex() < 0) continue;
        await idle();
        const i = changedIndex();
        if (cancelled || i < 0) continue;
        next = (i + 1) % latest.current.length;
        const copy = shownRef.current.slice() as unknown[];
        copy[i] = latest.current[i];
        shownRef.current = copy as unknown as T;
        const committed = new Promise<void>((resolve) => (onCommit.current = resolve));
        startTransition(() => setShown(shownRef.current));
        await committed;
        // Recharts notifies its subscribers in the next frame; let those frames pass first.
        await nextFrame();
        await nextFrame();
      }
    })();
    return () => {
      cancelled = true;
      onCommit.current?.();
    };
  }, [gapMs]);
  return shown;
}
