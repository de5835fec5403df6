/**
 * The Compare view's selection (runs overlaid, pinned baseline), kept in localStorage so a reload
 * or another tab sees the same comparison. Runs that no longer exist are never reported, and are
 * dropped from storage on the next change: pruning on read alone would wipe the selection in the
 * moment before the run list has loaded, when every run looks deleted.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  keepExisting,
  parseSelection,
  SELECTION_STORAGE_KEY,
  serializeSelection,
  setSelected,
  showOnly,
  togglePin,
  type SelectionState,
} from './compareSelection';
import type { RunMeta } from './runStore';

export interface CompareSelection {
  /** Existing runs only, in the order they were selected. */
  selected: string[];
  baseline: string | null;
  setSelected(id: string, on: boolean): void;
  /** Pins the run as baseline (and selects it), or unpins it if it is the baseline. */
  togglePin(id: string): void;
  /** Replaces the selection with these runs (e.g. a sweep cell's seeds). */
  show(ids: string[]): void;
}

function readStored(): SelectionState {
  try {
    return parseSelection(window.localStorage.getItem(SELECTION_STORAGE_KEY));
  } catch {
    // Storage can be disabled (privacy settings): the selection then lasts for the page only.
    return parseSelection(null);
  }
}

function writeStored(s: SelectionState): void {
  try {
    window.localStorage.setItem(SELECTION_STORAGE_KEY, serializeSelection(s));
  } catch {
    // As above: not persisting is the only consequence.
  }
}

export function useCompareSelection(runs: readonly RunMeta[]): CompareSelection {
  const [stored, setStored] = useState(readStored);
  const known = useMemo(() => new Set(runs.map((r) => r.id)), [runs]);
  const visible = useMemo(() => keepExisting(stored, (id) => known.has(id)), [stored, known]);

  useEffect(() => writeStored(stored), [stored]);
  // Another tab changed the selection.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === SELECTION_STORAGE_KEY) setStored(parseSelection(e.newValue));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const change = useCallback(
    (f: (s: SelectionState) => SelectionState) =>
      setStored((prev) => f(known.size > 0 ? keepExisting(prev, (id) => known.has(id)) : prev)),
    [known],
  );

  return useMemo<CompareSelection>(
    () => ({
      selected: visible.selected,
      baseline: visible.baseline,
      setSelected: (id, on) => change((s) => setSelected(s, id, on)),
      togglePin: (id) => change((s) => togglePin(s, id)),
      show: (ids) => change((s) => showOnly(s, ids)),
    }),
    [visible, change],
  );
}
