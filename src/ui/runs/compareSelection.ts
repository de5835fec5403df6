/**
 * Which runs the Compare view overlays and which one is the pinned baseline, as small pure state
 * changes plus their localStorage form. The hook around them is useCompareSelection.ts.
 *
 * Invariant: the baseline, when set, is one of the selected runs (pinning selects; deselecting
 * the baseline unpins it), so the reference is always drawn.
 */

export interface SelectionState {
  /** In the order they were selected: the chart and its colours follow this order. */
  selected: string[];
  baseline: string | null;
}

export const EMPTY_SELECTION: SelectionState = { selected: [], baseline: null };
export const SELECTION_STORAGE_KEY = 'stability-lab.compare.selection';

/** Reads a stored selection; anything malformed reads as empty (never throws). */
export function parseSelection(text: string | null): SelectionState {
  if (!text) return EMPTY_SELECTION;
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== 'object' || raw === null) return EMPTY_SELECTION;
    const { selected, baseline } = raw as Record<string, unknown>;
    const ids = Array.isArray(selected)
      ? [...new Set(selected.filter((x): x is string => typeof x === 'string'))]
      : [];
    const pinned = typeof baseline === 'string' && ids.includes(baseline) ? baseline : null;
    return { selected: ids, baseline: pinned };
  } catch {
    return EMPTY_SELECTION;
  }
}

export const serializeSelection = (s: SelectionState): string => JSON.stringify(s);

/** Drops runs that no longer exist (deleted here or in another tab). */
export function keepExisting(s: SelectionState, exists: (id: string) => boolean): SelectionState {
  const selected = s.selected.filter(exists);
  const baseline = s.baseline !== null && exists(s.baseline) ? s.baseline : null;
  return selected.length === s.selected.length && baseline === s.baseline
    ? s
    : { selected, baseline };
}

export function setSelected(s: SelectionState, id: string, on: boolean): SelectionState {
  if (on) return s.selected.includes(id) ? s : { ...s, selected: [...s.selected, id] };
  return {
    selected: s.selected.filter((x) => x !== id),
    baseline: s.baseline === id ? null : s.baseline,
  };
}

/** Pins `id` as the baseline (selecting it), or unpins it when it already is the baseline. */
export function togglePin(s: SelectionState, id: string): SelectionState {
  if (s.baseline === id) return { ...s, baseline: null };
  return { selected: s.selected.includes(id) ? s.selected : [...s.selected, id], baseline: id };
}

/** Replaces the selection (a sweep cell's runs); the baseline stays only if it is among them. */
export function showOnly(s: SelectionState, ids: readonly string[]): SelectionState {
  const selected = [...new Set(ids)];
  return {
    selected,
    baseline: s.baseline !== null && selected.includes(s.baseline) ? s.baseline : null,
  };
}
