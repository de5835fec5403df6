/**
 * How the Compare view shows the selection (metric, scale, difference, seed grouping) and which
 * run's details are open, kept in localStorage so a reload shows the same view.
 */
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_METRIC, metricOf, type MetricKey } from './compareSeries';

export interface CompareOptions {
  metric: MetricKey;
  log: boolean;
  /** Plot value − baseline at the same step. */
  diff: boolean;
  /** Runs of one seed group as one mean line with a min–max band. */
  groupSeeds: boolean;
  /** The run whose details panel is open. */
  open: string | null;
}

export const DEFAULT_OPTIONS: CompareOptions = {
  metric: DEFAULT_METRIC,
  log: false,
  diff: false,
  groupSeeds: true,
  open: null,
};
export const OPTIONS_STORAGE_KEY = 'stability-lab.compare.options';

/** Each field is taken only when it has the right type; the rest fall back to the defaults. */
export function parseOptions(text: string | null): CompareOptions {
  let raw: Record<string, unknown> = {};
  try {
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
  } catch {
    return DEFAULT_OPTIONS;
  }
  const bool = (k: 'log' | 'diff' | 'groupSeeds') =>
    typeof raw[k] === 'boolean' ? raw[k] : DEFAULT_OPTIONS[k];
  return {
    metric:
      typeof raw.metric === 'string'
        ? (metricOf(raw.metric)?.key ?? DEFAULT_METRIC)
        : DEFAULT_METRIC,
    log: bool('log'),
    diff: bool('diff'),
    groupSeeds: bool('groupSeeds'),
    open: typeof raw.open === 'string' ? raw.open : null,
  };
}

function read(): CompareOptions {
  try {
    return parseOptions(window.localStorage.getItem(OPTIONS_STORAGE_KEY));
  } catch {
    return DEFAULT_OPTIONS;
  }
}

export function useCompareOptions(): [CompareOptions, (patch: Partial<CompareOptions>) => void] {
  const [options, setOptions] = useState(read);
  useEffect(() => {
    try {
      window.localStorage.setItem(OPTIONS_STORAGE_KEY, JSON.stringify(options));
    } catch {
      // Storage disabled: the options last for the page only.
    }
  }, [options]);
  const patch = useCallback(
    (p: Partial<CompareOptions>) => setOptions((o) => ({ ...o, ...p })),
    [],
  );
  return [options, patch];
}
