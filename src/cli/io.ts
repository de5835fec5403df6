/**
 * Files in and out of the CLI: reading and validating a config file (or an exported run), writing
 * the result JSON.
 * Every failure becomes a message that names the file, never a stack trace.
 */
import { constants } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseConfig, type ExperimentConfig } from '../config/schema';
import type { RunResult } from '../engine/run';

/** What `run` was given: a config file, or a run exported from the lab (or by the CLI). */
export type ConfigSource =
  | { kind: 'config' }
  | {
      kind: 'exported-run';
      fileSeed: number | null;
      history: unknown[] | null;
      backend: string | null;
    };

export type LoadResult =
  { ok: true; config: ExperimentConfig; source: ConfigSource } | { ok: false; messages: string[] };

export type JsonRead = { ok: true; json: unknown } | { ok: false; messages: string[] };

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (err as Error).message;
}

/** Reads and parses a JSON file holding an object; `what` names it in messages ("config file"). */
export async function readJsonFile(path: string, what: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, messages: [`cannot read ${what} "${path}": ${describeFsError(err)}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      messages: [`${what} "${path}" is not valid JSON: ${(err as Error).message}`],
    };
  }
  // parseConfig reads null as "all defaults"; in a file it is almost surely a mistake.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const got = json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json;
    return { ok: false, messages: [`${what} "${path}" must hold a JSON object, not ${got}`] };
  }
  return { ok: true, json };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Reads, parses and validates a (partial) config file, or the `config` of an exported run (a
 * RunResult: config, env, history, events, summary, as the CLI writes and the browser exports;
 * other keys such as the browser's `name` are ignored). A config has no `config` key, so a file
 * with one is a run. Defaults fill whatever is missing.
 */
export async function loadConfigFile(
  path: string,
  seed: number | null = null,
): Promise<LoadResult> {
  const read = await readJsonFile(path, 'config file');
  if (!read.ok) return read;
  const json = read.json as Record<string, unknown>;
  let input: unknown = json;
  let source: ConfigSource = { kind: 'config' };
  let what = `config file "${path}"`;
  if (Object.hasOwn(json, 'config')) {
    what = `the config of exported run "${path}"`;
    input = json.config;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { ok: false, messages: [`exported run "${path}": "config" must be an object`] };
    }
    const fileSeed = (input as { seed?: unknown }).seed;
    const env = json.env as { backend?: unknown } | undefined;
    source = {
      kind: 'exported-run',
      fileSeed: typeof fileSeed === 'number' ? fileSeed : null,
      history: Array.isArray(json.history) ? json.history : null,
      backend: typeof env?.backend === 'string' ? env.backend : null,
    };
  } else if (Object.hasOwn(json, 'axes')) {
    return {
      ok: false,
      messages: [
        `config file "${path}" looks like a sweep file (it has "axes"); run it with \`sweep\``,
      ],
    };
  }
  // A --seed override goes through the same validation as the file's own fields.
  const parsed = parseConfig(seed !== null ? { ...(input as object), seed } : input);
  if (parsed.ok) return { ...parsed, source };
  return {
    ok: false,
    messages: [
      `${what} has ${plural(parsed.errors.length, 'invalid field')}:`,
      ...parsed.errors.map((e) => `  ${e.message}`),
    ],
  };
}

/**
 * JSON has no NaN or Infinity: JSON.stringify writes them as null, which is how a diverged
 * run's final losses appear in the file (summary.diverged says why).
 */
export function resultToJson(result: RunResult | object): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/**
 * Checks before training that `out` can be written, so a long run is not lost to a typo in the
 * path. Returns a message naming the file, or null when it looks writable.
 */
export async function checkWritable(out: string): Promise<string | null> {
  try {
    const existing = await stat(out).catch(() => null);
    if (existing?.isDirectory()) return `cannot write result file "${out}": it is a directory`;
    await access(existing ? out : dirname(out), constants.W_OK);
    return null;
  } catch (err) {
    return `cannot write result file "${out}": ${describeFsError(err)}`;
  }
}

/**
 * Writes a result (a run's, or a sweep's) to `out`, or to stdout when `out` is null. Throws a
 * message naming the file.
 */
export async function writeResult(result: RunResult | object, out: string | null): Promise<void> {
  const text = resultToJson(result);
  if (out === null) {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text, (err) => (err ? reject(err) : resolve())),
    );
    return;
  }
  try {
    await writeFile(out, text, 'utf8');
  } catch (err) {
    throw new Error(`cannot write result file "${out}": ${describeFsError(err)}`, { cause: err });
  }
}
