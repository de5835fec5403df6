/** Command-line flags of `npm run bench`, validated up front with the flag named in every error. */
import { parseArgs } from 'node:util';
import type { NodeBackend } from '../../src/engine/node-backend';
import { BROWSER_BACKENDS, type BrowserBackend } from './results';
import { WORKLOAD_IDS, type WorkloadId } from './workloads';

export const SECTIONS = ['speed', 'memory', 'app', 'size', 'node', 'parts'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  sections: Set<Section>;
  backends: BrowserBackend[];
  models: WorkloadId[];
  rounds: number;
  windowS: number;
  cellS: number;
  steps: number | null;
  memorySteps: number[];
  memoryModels: WorkloadId[];
  memoryS: number;
  appBackend: string;
  appS: number;
  appProfile: 'auto' | 'always' | 'never';
  nodeBackends: NodeBackend[];
  nodeModels: WorkloadId[];
  partsBackend: NodeBackend;
  partsModels: WorkloadId[];
  outDir: string;
  port: number;
  build: boolean;
  doc: string | null;
  json: string | null;
  strict: boolean;
  help: boolean;
}

export const USAGE = `npm run bench -- [flags]

Builds the app and a bench page, drives headless Chromium and the CLI engine, prints one table per
section and the budgets, and writes docs/BENCHMARKS.md. Default run: about 10-15 min.

  --sections LIST       ${SECTIONS.join(',')} (default: all)
                          speed  a) lab vs model.fit and b) diagnostics on/off, in the browser
                          memory d) numTensors / GPU bytes at two steps, in the browser
                          app    c) long tasks and fps, e) load to first metric, on the real app
                          size   e) main-thread and worker JavaScript, gzip
                          node   f) CLI engine on cpu vs wasm
                          parts  b) each default diagnostic alone (Node), to see where cost comes from
  --backends LIST       browser backends (default: ${BROWSER_BACKENDS.join(',')})
  --models LIST         speed-section models (default: ${WORKLOAD_IDS.join(',')})
  --rounds N            most interleaved rounds per cell (default 9; slow cells fit fewer)
  --window-seconds S    target length of one timed window (default 1.5)
  --cell-seconds S      time for the timed rounds of one cell; fewer rounds when slow (default 50)
  --steps N             fixed steps per window instead of --window-seconds
  --memory-steps A,B    steps at which memory is read (default 100,2000)
  --memory-models LIST  (default: spiral-mlp)
  --memory-seconds S    skip a memory cell that would take longer (default 240)
  --app-backend NAME    backend the app is opened with (default auto: what a person gets)
  --app-seconds S       training window watched on the app (default 10)
  --app-profile WHEN    auto|always|never (default auto): a second, profiled pass over the app
                        (main-thread CPU profile, source-mapped) when its budgets fail
  --node-backends LIST  (default cpu,wasm)
  --node-models LIST    (default spiral-mlp,mlp-6x256)
  --parts-backend NAME  Node backend for "parts" (default wasm)
  --parts-models LIST   (default spiral-mlp)
  --quick               a smoke run of every section in a few minutes (spiral MLP only, short windows)
  --out-dir DIR         build folder (default /tmp/dist-bench); app and page go in DIR/app, DIR/page
  --port N              app preview port (default 4190); the bench page uses N+1
  --no-build            reuse the builds in --out-dir
  --doc FILE            markdown output (default docs/BENCHMARKS.md); --no-doc to skip
  --json FILE           also write the raw results as JSON
  --strict              exit with status 1 when a budget fails
`;

function list<T extends string>(flag: string, raw: string, allowed: readonly T[]): T[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) {
    if (!allowed.includes(i as T)) throw new Error(`--${flag}: "${i}" is not one of ${allowed.join(', ')}`);
  }
  return items as T[];
}

function positive(flag: string, raw: string, integer = false): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${flag}: expected a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sections: { type: 'string' },
      backends: { type: 'string' },
      models: { type: 'string' },
      rounds: { type: 'string' },
      'window-seconds': { type: 'string' },
      'cell-seconds': { type: 'string' },
      steps: { type: 'string' },
      'memory-steps': { type: 'string' },
      'memory-models': { type: 'string' },
      'memory-seconds': { type: 'string' },
      'app-backend': { type: 'string' },
      'app-seconds': { type: 'string' },
      'app-profile': { type: 'string' },
      'node-backends': { type: 'string' },
      'node-models': { type: 'string' },
      'parts-backend': { type: 'string' },
      'parts-models': { type: 'string' },
      quick: { type: 'boolean' },
      'out-dir': { type: 'string' },
      port: { type: 'string' },
      'no-build': { type: 'boolean' },
      doc: { type: 'string' },
      'no-doc': { type: 'boolean' },
      json: { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = v.quick === true;
  // --quick changes the defaults only: any flag given explicitly still wins.
  const d = quick
    ? { models: 'spiral-mlp', rounds: '2', window: '1', cell: '10', memSteps: '100,300', app: '5', nodeModels: 'spiral-mlp', sections: 'speed,memory,app,size,node' }
    : { models: WORKLOAD_IDS.join(','), rounds: '9', window: '1.5', cell: '50', memSteps: '100,2000', app: '10', nodeModels: 'spiral-mlp,mlp-6x256', sections: SECTIONS.join(',') };
  const memorySteps = (v['memory-steps'] ?? d.memSteps).split(',').map((s) => positive('memory-steps', s, true));
  if (memorySteps.length < 2) throw new Error('--memory-steps: give at least two steps, e.g. 100,2000');
  const nodeBackends: readonly NodeBackend[] = ['cpu', 'wasm'];
  return {
    sections: new Set(list('sections', v.sections ?? d.sections, SECTIONS)),
    backends: list('backends', v.backends ?? BROWSER_BACKENDS.join(','), BROWSER_BACKENDS),
    models: list('models', v.models ?? d.models, WORKLOAD_IDS),
    rounds: positive('rounds', v.rounds ?? d.rounds, true),
    windowS: positive('window-seconds', v['window-seconds'] ?? d.window),
    cellS: positive('cell-seconds', v['cell-seconds'] ?? d.cell),
    steps: v.steps === undefined ? null : positive('steps', v.steps, true),
    memorySteps,
    memoryModels: list('memory-models', v['memory-models'] ?? 'spiral-mlp', WORKLOAD_IDS),
    memoryS: positive('memory-seconds', v['memory-seconds'] ?? '240'),
    appBackend: list('app-backend', v['app-backend'] ?? 'auto', ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'])[0] ?? 'auto',
    appS: positive('app-seconds', v['app-seconds'] ?? d.app),
    appProfile: list('app-profile', v['app-profile'] ?? 'auto', ['auto', 'always', 'never'] as const)[0] ?? 'auto',
    nodeBackends: list('node-backends', v['node-backends'] ?? 'cpu,wasm', nodeBackends),
    nodeModels: list('node-models', v['node-models'] ?? d.nodeModels, WORKLOAD_IDS),
    partsBackend: list('parts-backend', v['parts-backend'] ?? 'wasm', nodeBackends)[0] ?? 'wasm',
    partsModels: list('parts-models', v['parts-models'] ?? 'spiral-mlp', WORKLOAD_IDS),
    outDir: v['out-dir'] ?? '/tmp/dist-bench',
    port: positive('port', v.port ?? '4190', true),
    build: v['no-build'] !== true,
    doc: v['no-doc'] ? null : (v.doc ?? 'docs/BENCHMARKS.md'),
    json: v.json ?? null,
    strict: v.strict === true,
    help: v.help === true,
  };
}
