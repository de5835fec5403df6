/**
 * The configuration form's logic over the one field table (`formFields.ts`). The form keeps a
 * draft of strings; `draftToConfig` turns it into a config through the one schema
 * (`parseConfig`), so the form never re-validates by hand.
 */
import { REBUILD_FIELDS } from '../config/live';
import { parseConfig, type ExperimentConfig, type FieldError } from '../config/schema';
import { FIELDS, type Draft, type Field, type FieldPath, type SelectOption } from './formFields';

export { FIELD_GROUPS, FIELDS } from './formFields';
export type { Draft, Field, FieldGroup, FieldPath, SelectOption } from './formFields';

const FIELD_BY_PATH = new Map<string, Field>(FIELDS.map((f) => [f.path, f]));

export type FieldErrors = Partial<Record<FieldPath, string>>;

function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);
}

function setValueAt(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((o, k) => o[k] as Record<string, unknown>, obj);
  parent[last] = value;
}

export function configToDraft(c: ExperimentConfig): Draft {
  return Object.fromEntries(FIELDS.map((f) => [f.path, String(valueAt(c, f.path))])) as Draft;
}

export type DraftResult =
  { ok: true; config: ExperimentConfig } | { ok: false; errors: FieldErrors };

/**
 * Applies the draft on top of `base` (which supplies anything the form does not show) and
 * validates the result with the schema. Errors come back per field, as sentences naming the field.
 */
export function draftToConfig(draft: Draft, base: ExperimentConfig): DraftResult {
  const errors: FieldErrors = {};
  const candidate = structuredClone(base) as unknown as Record<string, unknown>;
  for (const f of FIELDS) {
    const text = draft[f.path];
    let value: unknown = text;
    if (f.kind === 'boolean') value = text === 'true';
    else if (f.kind === 'select' && f.isNumeric) value = Number(text);
    else if (f.kind === 'number') {
      value = text.trim() === '' ? NaN : Number(text);
      if (text.trim() === '') errors[f.path] = `${f.label}: enter a number`;
    }
    setValueAt(candidate, f.path, value);
  }
  const parsed = parseConfig(candidate);
  if (parsed.ok && Object.keys(errors).length === 0) return { ok: true, config: parsed.config };
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      const field = FIELD_BY_PATH.get(e.path);
      // A field already reported as empty keeps that clearer message.
      if (field && !errors[field.path]) errors[field.path] = readableFieldError(e, field.label);
    }
  }
  return { ok: false, errors };
}

/** A field is shown when it matters for the current choices, or when it has something to say. */
export function isFieldShown(field: Field, draft: Draft, errors: FieldErrors): boolean {
  return (field.isRelevant?.(draft) ?? true) || errors[field.path] !== undefined;
}

/** The line under a field for the current draft (selects show their choice's description). */
export function hintOf(field: Field, draft: Draft): string {
  if (field.kind === 'select') {
    const value = draft[field.path];
    return field.options.find((o) => o.value === value)?.info.description ?? '';
  }
  return typeof field.hint === 'function' ? field.hint(draft) : (field.hint ?? '');
}

// One constant, so memoized rows keep their props' identity.
const NO_OPTIONS: readonly SelectOption[] = [];

/**
 * The choices a select offers for the current draft. A value outside them (say, from an imported
 * config) stays listed, so the control shows what the draft holds and its error says why.
 */
export function optionsOf(field: Field, draft: Draft): readonly SelectOption[] {
  if (field.kind !== 'select') return NO_OPTIONS;
  const offered = field.optionsFor?.(draft) ?? field.options;
  const value = draft[field.path];
  if (offered.some((o) => o.value === value)) return offered;
  const current = field.options.find((o) => o.value === value);
  return current ? [...offered, current] : offered;
}

/**
 * The draft after the user sets `path` to `value`. Most fields change alone; a field with a
 * `choose` rule (dataset, architecture) also brings the other fields its config transform changes.
 * `applied` is the running config: it stands in for draft fields that do not parse.
 */
export function setDraftValue(
  draft: Draft,
  path: FieldPath,
  value: string,
  applied: ExperimentConfig,
): Draft {
  const field = FIELD_BY_PATH.get(path);
  const next = { ...draft, [path]: value };
  if (field?.kind !== 'select' || !field.choose) return next;
  const from = configOfDraft(draft, applied);
  let to: ExperimentConfig;
  try {
    to = field.choose(from, value);
  } catch {
    // The transform could not make a valid config from here: the schema will name what is wrong.
    return next;
  }
  const before = configToDraft(from);
  const after = configToDraft(to);
  for (const f of FIELDS) if (after[f.path] !== before[f.path]) next[f.path] = after[f.path];
  return next;
}

/** The draft as a config; fields that do not parse take their applied values. */
function configOfDraft(draft: Draft, applied: ExperimentConfig): ExperimentConfig {
  const r = draftToConfig(draft, applied);
  if (r.ok) return r.config;
  const fallback = configToDraft(applied);
  const repaired = { ...draft };
  for (const p of Object.keys(r.errors) as FieldPath[]) repaired[p] = fallback[p];
  const again = draftToConfig(repaired, applied);
  return again.ok ? again.config : applied;
}

export function changedPaths(draft: Draft, base: Draft): FieldPath[] {
  return FIELDS.map((f) => f.path).filter((p) => draft[p] !== base[p]);
}

/** Whether changing this field needs a new model (per `REBUILD_FIELDS`, shared with the worker). */
export function isRebuildPath(path: string): boolean {
  return REBUILD_FIELDS.some((r) => path === r || path.startsWith(`${r}.`));
}

export function labelOf(path: FieldPath): string {
  return FIELD_BY_PATH.get(path)!.label;
}

/** The label for a schema path, or the path itself for fields the form does not show. */
export function labelOfPath(path: string): string {
  return FIELD_BY_PATH.get(path)?.label ?? path;
}

/**
 * Rewrites a schema error as "Label: reason" in plain words, e.g. "Width: must be at least 1".
 * Unknown phrasings pass through unchanged, only re-labelled.
 */
export function readableFieldError(e: FieldError, label = labelOfPath(e.path)): string {
  const raw = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
  return `${label}: ${plainReason(raw)}`;
}

const REASONS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Too small: expected number to be >=(.+)$/, (m) => `must be at least ${m[1]}`],
  [/^Too small: expected number to be >(.+)$/, (m) => `must be greater than ${m[1]}`],
  [/^Too big: expected number to be <=(.+)$/, (m) => `must be at most ${m[1]}`],
  [/^Too big: expected number to be <(.+)$/, (m) => `must be less than ${m[1]}`],
  [/expected int, received/, () => 'must be a whole number'],
  [/expected number, received/, () => 'must be a number'],
  [
    /^Invalid option: expected one of (.+)$/,
    (m) => `must be one of ${m[1]!.replaceAll('|', ', ')}`,
  ],
];

export function plainReason(raw: string): string {
  for (const [re, say] of REASONS) {
    const m = raw.match(re);
    if (m) return say(m);
  }
  return raw;
}
