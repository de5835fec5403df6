/**
 * Files in and out of the CLI: reading and validating a config file, writing the result JSON.
 * Every failure becomes a message that names the file, never a stack trace.
 */
import { constants } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseConfig, type ExperimentConfig } from '../config/schema';
import type { RunResult } from '../engine/run';

export type LoadResult = { ok: true; config: ExperimentConfig } | { ok: false; messages: string[] };

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (err as Error).message;
}

/** Reads, parses and validates a (partial) config file; defaults fill whatever is missing. */
export async function loadConfigFile(path: string, seed: number | null = null): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, messages: [`cannot read config file "${path}": ${describeFsError(err)}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      messages: [`config file "${path}" is not valid JSON: ${(err as Error).message}`],
    };
  }
  // parseConfig reads null as "all defaults"; in a file it is almost surely a mistake.
  if (json === null)
    return { ok: false, messages: [`config file "${path}" must hold a JSON object, not null`] };
  // A --seed override goes through the same validation as the file's own fields.
  const parsed = parseConfig(seed !== null && typeof json === 'object' ? { ...json, seed } : json);
  if (parsed.ok) return parsed;
  const n = parsed.errors.length;
  return {
    ok: false,
    messages: [
      `config file "${path}" has ${n} invalid field${n === 1 ? '' : 's'}:`,
      ...parsed.errors.map((e) => `  ${e.message}`),
    ],
  };
}

/**
 * JSON has no NaN or Infinity: JSON.stringify writes them as null, which is how a diverged
 * run's final losses appear in the file (summary.diverged says why).
 */
export function resultToJson(result: RunResult): string {
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

/** Writes the result to `out`, or to stdout when `out` is null. Throws a message naming the file. */
export async function writeResult(result: RunResult, out: string | null): Promise<void> {
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
