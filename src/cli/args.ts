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
  npm run lab -- run <config.json|run.json> [--out result.json] [--backend auto|cpu|wasm] [--seed N]
  npm run lab -- sweep <sweep.json> [--out results.json] [--backend …] [--seeds 1,2,3] [--histories]
  npm run lab -- --help

Commands:
  run <config.json>   Train one experiment described by a (partial) config file. Missing fields
                      take their defaults; an unknown key or a bad value is reported by name.
  run <run.json>      Rerun a run exported from the lab (or written by --out): a file with a
                      "config" key (and history, env, events, summary) is trained again with its
                      config and seed; when it holds a history, the two are compared.
  sweep <sweep.json>  Train every combination of one or two config fields, e.g.
                        {"base": {"training": {"steps": 300}},
                         "axes": [{"path": "regularization.l2", "values": [0, 0.001, 0.01]},
                                  {"path": "model.norm", "values": ["none", "layer"]}]}
                      (at most 2 axes of 1–20 values; optional "seeds": [1, 2]). The whole grid is
                      validated before anything runs. Ends with a table of final validation
                      accuracy per cell (mean over seeds) on stderr. A sweep's output file is
                      accepted too: its "sweep" runs again.

Options:
  -o, --out <file>    Write the result JSON to <file> instead of stdout. run: {config, env,
                      history, events, summary}; sweep: {sweep, env, runs: [{values, seed,
                      summary, final, events}]}.
  -b, --backend <b>   tfjs backend: auto (default: wasm, else cpu), cpu (pure JS),
                      or wasm (SIMD; CNNs convolve by im2col there).
  -s, --seed <n>      run: override the config's seed (repeat a run over seeds without editing it).
      --seeds <list>  sweep: run every combination with each seed, e.g. 1,2,3 (replaces "seeds").
      --histories     sweep: also write each run's full history (large).
  -h, --help          Show this help.

Progress and the final summary go to stderr. Exit codes: 0 finished (a diverged run also
counts as finished: summary.diverged is true), 1 a run failed, 2 bad command line, config or
sweep file (nothing is run).`;

interface CommonOptions {
  out: string | null;
  backend: NodeBackend | 'auto';
}

export interface RunCommand extends CommonOptions {
  kind: 'run';
  configPath: string;
  /** Replaces config.seed when given; validated with the rest of the config. */
  seed: number | null;
}

export interface SweepCommand extends CommonOptions {
  kind: 'sweep';
  sweepPath: string;
  /** Replaces the sweep file's seeds when given; each is validated as config.seed. */
  seeds: number[] | null;
  /** Write each run's full history into the output. */
  histories: boolean;
}

export type CliCommand =
  RunCommand | SweepCommand | { kind: 'help' } | { kind: 'usage-error'; message: string };

type UsageError = { kind: 'usage-error'; message: string };
const usageError = (message: string): UsageError => ({ kind: 'usage-error', message });

const COMMANDS = ['run', 'sweep'] as const;
const FILE_ARG = { run: '<config.json>', sweep: '<sweep.json>' } as const;

function isNodeBackend(name: string): name is NodeBackend | 'auto' {
  return (NODE_BACKENDS as readonly string[]).includes(name);
}

/** "1,2,3" → [1, 2, 3]; ranges are checked later, with the config's own seed rules. */
export function parseSeedList(text: string): number[] | UsageError {
  const items = text.split(',').map((s) => s.trim());
  const seeds = items.map(Number);
  if (items.some((s) => s === '') || !seeds.every(Number.isInteger)) {
    return usageError(
      `--seeds must be a comma-separated list of integers such as 1,2,3; got "${text}"`,
    );
  }
  return seeds;
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
        seeds: { type: 'string' },
        histories: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    // node's messages already name the flag, e.g. "Unknown option '--foo'".
    return usageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  const [command, path, ...extra] = positionals;
  const expected = COMMANDS.map((c) => `"${c}"`).join(' or ');
  if (command === undefined) return usageError(`missing command (expected ${expected})`);
  if (command !== 'run' && command !== 'sweep')
    return usageError(`unknown command "${command}" (expected ${expected})`);
  if (path === undefined) return usageError(`missing ${FILE_ARG[command]} after "${command}"`);
  if (extra.length > 0)
    return usageError(`unexpected argument "${extra[0]}" (one file per ${command})`);

  const backend = values.backend ?? 'auto';
  if (!isNodeBackend(backend))
    return usageError(`--backend must be one of ${NODE_BACKENDS.join(', ')}; got "${backend}"`);
  if (values.out === '') return usageError('--out needs a file name');
  const common: CommonOptions = { out: values.out ?? null, backend };

  if (command === 'sweep') {
    if (values.seed !== undefined)
      return usageError('--seed is for "run"; a sweep takes --seeds 1,2,3');
    let seeds: number[] | null = null;
    if (values.seeds !== undefined) {
      const list = parseSeedList(values.seeds);
      if (!Array.isArray(list)) return list;
      seeds = list;
    }
    return {
      kind: 'sweep',
      sweepPath: path,
      ...common,
      seeds,
      histories: values.histories ?? false,
    };
  }

  if (values.seeds !== undefined)
    return usageError('--seeds is for "sweep"; run takes one --seed N');
  if (values.histories)
    return usageError('--histories is for "sweep" (run always writes the history)');
  let seed: number | null = null;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (values.seed.trim() === '' || !Number.isFinite(seed))
      return usageError(`--seed must be a number; got "${values.seed}"`);
  }
  return { kind: 'run', configPath: path, ...common, seed };
}
