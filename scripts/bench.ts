/**
 * `npm run bench`: builds the app and a bench page into their own folder, drives headless Chromium
 * (system Chromium, WebGPU through --enable-unsafe-webgpu) and the CLI engine, prints one table per
 * section and the budgets with PASS/FAIL, and writes the same markdown to docs/BENCHMARKS.md.
 * Progress goes to stderr, the tables to stdout. `npm run bench -- --help` lists the flags.
 *
 * Every speed comparison runs its variants interleaved in rounds (A B C A B C …) and reports
 * medians and per-round ratios, so the load of a shared machine affects all sides alike.
 */
import { writeFileSync } from 'node:fs';
import { measureApp, type AppRun } from './bench/app';
import { parseBenchArgs, USAGE, type BenchArgs } from './bench/args';
import { launch, runBackend } from './bench/browser';
import { evaluateBudgets, LIMITS } from './bench/budgets';
import { writeDoc } from './bench/doc';
import { machineInfo } from './bench/machine';
import { diagnosticsParts, nodeBackends } from './bench/node';
import { renderReport } from './bench/report';
import type { BackendRun, BenchResults } from './bench/results';
import { buildApp, buildPage, folders, serveApp, servePage, type Served } from './bench/serve';
import { measureSizes, type BuiltSizes } from './bench/sizes';

const T0 = Date.now();
/** Progress on stderr, each line with the minutes:seconds since the start (where the time goes). */
const log = (line: string) => {
  const s = Math.floor((Date.now() - T0) / 1000);
  console.error(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}`);
};
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function readArgs(): BenchArgs {
  try {
    return parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`error: ${errorText(err)}\n\n${USAGE}`);
    process.exit(2);
  }
}

interface BrowserPart {
  browser: BackendRun[];
  app: BenchResults['app'];
  appRun: AppRun | null;
  chromium: string | null;
}

async function browserPart(a: BenchArgs): Promise<BrowserPart> {
  const out: BrowserPart = { browser: [], app: null, appRun: null, chromium: null };
  const wantPage = a.sections.has('speed') || a.sections.has('memory');
  const wantApp = a.sections.has('app');
  if (!wantPage && !wantApp) return out;
  const dirs = folders(a.outDir);
  const browser = await launch();
  out.chromium = browser.version();
  const servers: Served[] = [];
  try {
    if (wantPage) {
      const page = await servePage(dirs.page, a.port + 1);
      servers.push(page);
      const req = {
        workloads: a.sections.has('speed') ? a.models : [],
        memoryWorkloads: a.sections.has('memory') ? a.memoryModels : [],
        memorySteps: a.memorySteps,
        memoryBudgetS: a.memoryS,
        timing: { targetWindowS: a.windowS, budgetS: a.cellS, maxRounds: a.rounds, fixedSteps: a.steps },
      };
      for (const backend of a.backends) out.browser.push(await runBackend(browser, page.url, req, backend, log));
    }
    if (wantApp) {
      const app = await serveApp(dirs.app, a.port);
      servers.push(app);
      try {
        const opts = { url: app.url, distDir: dirs.app, backend: a.appBackend, windowS: a.appS, log };
        out.appRun = await measureApp(browser, { ...opts, profile: false });
        out.app = { status: 'ok', health: out.appRun.health };
        const h = out.appRun.health;
        const failing = h.longestTaskMs > LIMITS.longestTaskMs || h.fps < LIMITS.fps;
        if (a.appProfile === 'always' || (a.appProfile === 'auto' && failing)) {
          // Evidence from a second pass: the profiler slows the page, so the figures stay the first pass's.
          log('app: second pass with the CPU profiler');
          const profiled = await measureApp(browser, { ...opts, profile: true });
          out.appRun = { ...out.appRun, profile: profiled.profile, profiledTopTasks: profiled.topTasks };
        }
      } catch (err) {
        log(`app: failed: ${errorText(err)}`);
        out.app = { status: 'error', reason: errorText(err).split('\n')[0]! };
      }
    }
  } finally {
    for (const s of servers) await s.close();
    await browser.close();
  }
  return out;
}

async function main(): Promise<void> {
  const a = readArgs();
  if (a.help) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const machine = machineInfo();
  const dirs = folders(a.outDir);
  if (a.build) {
    if (a.sections.has('app') || a.sections.has('size')) {
      log(`building the app into ${dirs.app}`);
      await buildApp(dirs.app);
    }
    if (a.sections.has('speed') || a.sections.has('memory')) {
      log(`building the bench page into ${dirs.page}`);
      await buildPage(dirs.page);
    }
  }
  const b = await browserPart(a);
  machine.chromium = b.chromium;
  const gpu = b.browser.find((r) => r.backend === 'webgpu');
  machine.adapter = gpu ? (gpu.adapter ?? (gpu.unavailable ? `none (${gpu.unavailable})` : null)) : null;
  let sizes: BuiltSizes | null = null;
  if (a.sections.has('size')) sizes = measureSizes(dirs.app);
  const timing = { targetWindowS: a.windowS, budgetS: a.cellS, maxRounds: a.rounds, fixedSteps: a.steps, log };
  const node = a.sections.has('node') ? await nodeBackends({ ...timing, workloads: a.nodeModels, backends: a.nodeBackends }) : [];
  // Seven variants per round: short windows and more rounds, so a load swing on the shared machine
  // lands in few pairs instead of skewing whole rounds.
  const partsTiming = { ...timing, targetWindowS: Math.min(a.windowS, 0.5), maxRounds: Math.max(a.rounds, 9) };
  const parts = a.sections.has('parts')
    ? await diagnosticsParts({ ...partsTiming, workloads: a.partsModels, backends: [a.partsBackend], backend: a.partsBackend })
    : [];
  const results: BenchResults = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    durationS: (Date.now() - started) / 1000,
    machine,
    browser: b.browser,
    app: b.app,
    sizes: sizes && { mainThread: sizes.mainThread, worker: sizes.worker },
    node,
    parts,
  };
  const budgets = evaluateBudgets(results);
  const report = renderReport(results, budgets, {
    topTasks: b.appRun?.topTasks ?? [],
    profile: b.appRun?.profile ?? null,
    lazy: sizes?.lazy ?? [],
    mainBySource: sizes?.mainBySource ?? [],
  });
  console.log(`\n${report}\n`);
  if (a.doc) {
    writeDoc(a.doc, report);
    log(`wrote ${a.doc}`);
  }
  if (a.json) writeFileSync(a.json, JSON.stringify({ results, budgets, appRun: b.appRun }, null, 2));
  if (a.strict && budgets.some((l) => l.verdict === 'FAIL')) process.exitCode = 1;
}

await main();
