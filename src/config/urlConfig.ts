/**
 * The experiment config as URL query parameters, so copying the address bar shares an experiment.
 *
 * Only fields that differ from the defaults are written, one flat dotted parameter each, in the
 * schema's field order: `?model.depth=8&model.norm=layer&optimizer.lr=0.003&seed=7`. The default
 * config is the empty string. Booleans are `true`/`false`, numbers are printed as JavaScript
 * prints them (the shortest text that reads back as the same float64, so a round trip is exact),
 * enums by their names.
 *
 * Reading is forgiving: every parameter is checked by the one schema (`parseConfig`), and a bad or
 * stale one — unknown key, wrong type, out of range, or a cross-field rule it breaks — is named in
 * a problem sentence and falls back to its default, while every other parameter still applies.
 */
import { defaultConfig, parseConfig, type ExperimentConfig, type FieldError } from './schema';

/** Parameters that share the query string but are not part of the config (read elsewhere). */
export const NON_CONFIG_PARAMS: readonly string[] = ['backend'];

type Leaf = number | boolean | string;

/** Every leaf of the config as [dotted path, value], in the schema's order. */
function leaves(obj: unknown, prefix = ''): [string, Leaf][] {
  return Object.entries(obj as Record<string, unknown>).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'object' && value !== null
      ? leaves(value, path)
      : [[path, value as Leaf] as [string, Leaf]];
  });
}

const DEFAULTS = new Map(leaves(defaultConfig()));

/** `String`, except that −0 stays −0 (`String(-0)` is "0"), so every float64 reads back exactly. */
function show(value: Leaf): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** The query string (without `?`) holding every field of `config` that differs from its default. */
export function configToSearch(config: ExperimentConfig): string {
  const params = new URLSearchParams();
  for (const [path, value] of leaves(config)) {
    if (!Object.is(value, DEFAULTS.get(path))) params.append(path, show(value));
  }
  return params.toString();
}

export interface ConfigFromSearch {
  /** A valid config: the defaults overridden by every parameter that passed the schema. */
  config: ExperimentConfig;
  /** One sentence per ignored parameter, naming it, what is wrong and what is used instead. */
  problems: string[];
}

/** Longest parameter value quoted back in a problem sentence. */
const MAX_QUOTED = 40;

interface Param {
  /** Position in the query string, so problems are listed in the order a person reads the URL. */
  index: number;
  path: string;
  raw: string;
  value: unknown;
}

/** A decimal number as JavaScript prints one (no hex, no spaces, no `Infinity`). */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * A URL value as the type the field expects. Text that is not a number (or not `true`/`false`)
 * stays text, so the schema rejects it with its own words.
 */
function decode(raw: string, dflt: Leaf): unknown {
  if (typeof dflt === 'number') return DECIMAL.test(raw) ? Number(raw) : raw;
  if (typeof dflt === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

function nest(params: readonly Param[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path, value } of params) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let node = root;
    for (const k of keys) node = (node[k] ??= {}) as Record<string, unknown>;
    node[last] = value;
  }
  return root;
}

function quote(raw: string): string {
  return raw.length > MAX_QUOTED ? `${raw.slice(0, MAX_QUOTED)}…` : raw;
}

function problem(param: Param, why: string): string {
  return `URL parameter ${param.path}=${quote(param.raw)}: ${why}; using the default ${show(DEFAULTS.get(param.path)!)}`;
}

/** The schema's sentence without its own `path: ` prefix when it is about this very parameter. */
function reason(param: Param, error: FieldError): string {
  const prefix = `${param.path}: `;
  return error.path === param.path && error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}

/** Same section first (a cross-field rule is usually about its neighbours), then later parameters first. */
function suspects(params: readonly Param[], errorPath: string): Param[] {
  const section = errorPath.includes('.') ? errorPath.slice(0, errorPath.indexOf('.') + 1) : null;
  const inSection = (p: Param) => section !== null && p.path.startsWith(section);
  const reversed = [...params].reverse();
  return [...reversed.filter(inSection), ...reversed.filter((p) => !inSection(p))];
}

/**
 * Reads a config from a query string (with or without `?`). Never throws: a bad parameter is
 * reported in `problems` and its field keeps the default. Parameters in `NON_CONFIG_PARAMS` are
 * left to their own readers.
 */
export function configFromSearch(search: string): ConfigFromSearch {
  const problems: { index: number; text: string }[] = [];
  const done = (config: ExperimentConfig): ConfigFromSearch => ({
    config,
    problems: problems.sort((a, b) => a.index - b.index).map((p) => p.text),
  });
  // The last of repeated parameters wins, as when a person appends one to a long URL.
  const byPath = new Map<string, Param>();
  for (const [index, [path, raw]] of [...new URLSearchParams(search)].entries()) {
    if (NON_CONFIG_PARAMS.includes(path)) continue;
    const dflt = DEFAULTS.get(path);
    if (dflt === undefined) {
      const text = `URL parameter ${path}=${quote(raw)}: unknown key "${path}" (no such config field); ignored`;
      problems.push({ index, text });
      continue;
    }
    byPath.delete(path);
    byPath.set(path, { index, path, raw, value: decode(raw, dflt) });
  }

  let params = [...byPath.values()];
  for (;;) {
    const parsed = parseConfig(nest(params));
    if (parsed.ok) return done(parsed.config);
    // Drop every parameter the schema names, then look again: a field that falls back can
    // reveal or settle a cross-field rule.
    const named = new Map<Param, FieldError>();
    for (const e of parsed.errors) {
      const p = params.find((q) => q.path === e.path);
      if (p && !named.has(p)) named.set(p, e);
    }
    if (named.size === 0) {
      // A cross-field rule named a field the URL leaves at its default (e.g. `model.groups` after
      // `model.norm=group&model.width=10`): drop the one parameter whose absence settles it.
      const error = parsed.errors[0]!;
      const culprit = suspects(params, error.path).find((p) => {
        const without = parseConfig(nest(params.filter((q) => q !== p)));
        return without.ok || !without.errors.some((e) => e.path === error.path);
      });
      // No single parameter settles it: every remaining one falls back (the defaults are valid).
      for (const p of culprit ? [culprit] : params) named.set(p, error);
    }
    for (const [p, e] of named) problems.push({ index: p.index, text: problem(p, reason(p, e)) });
    params = params.filter((p) => !named.has(p));
  }
}
