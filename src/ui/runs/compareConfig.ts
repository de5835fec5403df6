/**
 * How two experiment configs differ, field by field: what makes a run different from the default
 * setup or from the pinned baseline. Configs are plain nested objects, so the difference is a list
 * of dotted leaf paths (the same paths the URL and sweep axes use).
 */

export interface ConfigChange {
  /** Dotted field, e.g. `optimizer.lr`. */
  path: string;
  /** This run's value (undefined when the field is absent, e.g. an older export). */
  value: unknown;
  /** The reference's value. */
  reference: unknown;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Leaves of a nested object as [dotted path, value]; arrays are leaves, compared whole. */
function leaves(x: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (!isPlainObject(x)) {
    if (prefix) out.set(prefix, x);
    return out;
  }
  for (const [k, v] of Object.entries(x)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const same = (a: unknown, b: unknown) =>
  Object.is(a, b) || (Array.isArray(a) && JSON.stringify(a) === JSON.stringify(b));

/** Every leaf whose value differs, in the config's own field order (then the reference's extras). */
export function configChanges(config: unknown, reference: unknown): ConfigChange[] {
  const mine = leaves(config);
  const theirs = leaves(reference);
  const paths = [...mine.keys(), ...[...theirs.keys()].filter((p) => !mine.has(p))];
  return paths
    .filter((p) => !same(mine.get(p), theirs.get(p)))
    .map((path) => ({ path, value: mine.get(path), reference: theirs.get(path) }));
}

export const showValue = (v: unknown): string =>
  v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v);

/** "lr 0.1, depth 6 (+2 more)": a one-line summary for a table cell. */
export function summarizeChanges(changes: readonly ConfigChange[], max = 3): string {
  if (changes.length === 0) return 'same config';
  const shown = changes
    .slice(0, max)
    .map((c) => `${c.path.slice(c.path.lastIndexOf('.') + 1)} ${showValue(c.value)}`);
  const more = changes.length - max;
  return more > 0 ? `${shown.join(', ')} (+${more} more)` : shown.join(', ');
}
