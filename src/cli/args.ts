/**
 * Command-line parsing for `npm run lab`. Pure: returns what to do (or why the line is wrong) so
 * main decides exit codes and output, and the parser stays testable.
 */
import { parseArgs } from 'node:util';
import type { NodeBackend } from '../engine/node-backend';

/** `auto` is WASM (SIMD, far faster; every model trains there) with cpu as its fallback. */
export const NODE_BACKENDS: readonly (NodeBackend | 'auto')[] = ['auto', 'cpu', 'wasm'];

export const USAGE = `Stability Lab — headless runner

Usage:
  npm run lab -- run <config.json> [--out result.json] [--backend auto|cpu|wasm] [--seed N]
  npm run lab -- --help

Commands:
  run <config.json>   Train one experiment described by a (partial) config file. Missing fields
                      take their defaults; an unknown key or a bad value is reported by name.

Options:
  -o, --out <file>    Write the result JSON ({config, env, history, summary}) to <file>
                      instead of stdout.
  -b, --backend <b>   tfjs backend: auto (default: wasm, else cpu), cpu (pure JS),
                      or wasm (SIMD; CNNs convolve by im2col there).
  -s, --seed <n>      Override the config's seed (repeat a run over seeds without editing it).
  -h, --help          Show this help.

Progress and the final summary go to stderr. Exit codes: 0 finished (a diverged run also
counts as finished: summary.diverged is true), 1 the run failed, 2 bad command line or config.`;

export interface RunCommand {
  kind: 'run';
  configPath: string;
  out: string | null;
  backend: NodeBackend | 'auto';
  /** Replaces config.seed when given; validated with the rest of the config. */
  seed: number | null;
}

export type CliCommand = RunCommand | { kind: 'help' } | { kind: 'usage-error'; message: string };

function isNodeBackend(name: string): name is NodeBackend | 'auto' {
  return (NODE_BACKENDS as readonly string[]).includes(name);
}

export function parseCli(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        backend: { type: 'string', short: 'b', default: 'auto' },
        help: { type: 'boolean', short: 'h', default: false },
        seed: { type: 'string', short: 's' },
      },
    });
  } catch (err) {
    // node's messages already name the flag, e.g. "Unknown option '--foo'".
    return { kind: 'usage-error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  const [command, configPath, ...extra] = positionals;
  if (command === undefined)
    return { kind: 'usage-error', message: 'missing command (expected "run")' };
  if (command !== 'run')
    return { kind: 'usage-error', message: `unknown command "${command}" (expected "run")` };
  if (configPath === undefined)
    return { kind: 'usage-error', message: 'missing <config.json> after "run"' };
  if (extra.length > 0) {
    return {
      kind: 'usage-error',
      message: `unexpected argument "${extra[0]}" (one config file per run)`,
    };
  }
  const backend = values.backend ?? 'auto';
  if (!isNodeBackend(backend)) {
    return {
      kind: 'usage-error',
      message: `--backend must be one of ${NODE_BACKENDS.join(', ')}; got "${backend}"`,
    };
  }
  if (values.out === '') return { kind: 'usage-error', message: '--out needs a file name' };
  let seed: number | null = null;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (values.seed.trim() === '' || !Number.isFinite(seed)) {
      return { kind: 'usage-error', message: `--seed must be a number; got "${values.seed}"` };
    }
  }
  return { kind: 'run', configPath, out: values.out ?? null, backend, seed };
}
