/**
 * The exported-run file: `{ config, env, history, events, summary }`, the same shape the CLI
 * writes, so a run exported from the browser reruns in the CLI and a CLI result opens in the lab.
 * Importing validates everything before anything is stored: a malformed or oversized file is
 * refused with a message that says what is wrong.
 */
import { z } from 'zod';
import { configSchema, type ExperimentConfig } from './schema';

/** Files above this are refused before parsing: a run of 10⁵ records with diagnostics is far smaller. */
export const MAX_RUN_FILE_BYTES = 50 * 1024 * 1024;

/** JSON has no NaN or ∞: a diverged record's numbers are written as null. */
const metric = z.number().nullable();

const historyRecordSchema = z
  .object({
    step: z.number().int().min(1),
    lossTrain: metric,
    lossVal: metric,
    accuracyTrain: metric,
    accuracyVal: metric,
    gradNorm: z.record(z.string(), metric),
  })
  // Diagnostics fields vary with what was switched on; they are kept as they are.
  .loose();

const eventSchema = z.object({
  step: z.number(),
  kind: z.string(),
  source: z.enum(['monitor', 'controller']),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  detail: z.string(),
  remedy: z.string(),
  layer: z.string().optional(),
});

export const runFileSchema = z.object({
  /** The name the run had in the lab (browser exports). */
  name: z.string().max(500).optional(),
  config: configSchema,
  env: z.record(z.string(), z.unknown()).optional(),
  history: z.array(historyRecordSchema),
  events: z.array(eventSchema).default([]),
  summary: z.record(z.string(), z.unknown()).optional(),
});

export type RunFile = z.infer<typeof runFileSchema> & { config: ExperimentConfig };

export type RunFileResult = { ok: true; run: RunFile } | { ok: false; message: string };

function describe(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join('.') || '(file)';
    return `${path}: ${i.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more problems)` : '';
  return `This is not a valid Stability Lab run: ${lines.join('; ')}${more}.`;
}

/** Validates an exported-run file's text; never throws. */
export function parseRunFile(text: string, byteLength = text.length): RunFileResult {
  if (byteLength > MAX_RUN_FILE_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return {
      ok: false,
      message: `The file is ${mb(byteLength)} MB; runs larger than ${mb(MAX_RUN_FILE_BYTES)} MB are refused.`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `The file is not JSON: ${(err as Error).message}.` };
  }
  const r = runFileSchema.safeParse(json);
  return r.success ? { ok: true, run: r.data } : { ok: false, message: describe(r.error) };
}

/** JSON text of a run, with non-finite numbers as null (JSON cannot hold NaN or ∞). */
export function runFileText(run: {
  config: ExperimentConfig;
  history: unknown[];
  events?: unknown[];
  env?: unknown;
  summary?: unknown;
}): string {
  return JSON.stringify(run, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? null : value,
  );
}
