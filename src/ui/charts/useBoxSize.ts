import { useEffect, useRef, useState, type RefObject } from 'react';

export interface BoxSize {
  width: number;
  height: number;
}

/**
 * The content size of an element, kept current by one ResizeObserver. Charts get fixed pixel
 * sizes from here instead of measuring themselves on every render (which forces layout).
 */
export function useBoxSize<T extends HTMLElement>(): [RefObject<T | null>, BoxSize] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState<BoxSize>({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const width = Math.floor(entry.contentRect.width);
      const height = Math.floor(entry.contentRect.height);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
