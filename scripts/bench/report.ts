/**
 * The results as markdown, one table per section and the budgets last. The console prints the
 * same text that docs/BENCHMARKS.md holds. Pure: results in, text out.
 */
import type { BudgetLine } from './budgets';
import type { ProfileSummary } from './profile';
import { FIT, LAB, LAB_OFF, type BenchResults, type BrowserBackend } from './results';
import type { BuiltSizes } from './sizes';
import { median, minMax, pairedRatios } from './stats';
import { fmtBytes, fmtKB, fmtMs, fmtPercent, fmtRate, fmtRatioRange, mdTable } from './table';
import { WORKLOAD_LABELS } from './workloads';

/** Extras that only the report shows (not part of the results budgets read). */
export interface ReportExtras {
  topTasks: { atMs: number; durationMs: number }[];
  profile: ProfileSummary | null;
  lazy: BuiltSizes['lazy'];
  mainBySource: BuiltSizes['mainBySource'];
}

const ratioCell = (a: number[], b: number[]) => {
  const rs = pairedRatios(a, b);
  return fmtRatioRange(median(rs), minMax(rs));
};

const costCell = (on: number[], off: number[]) => {
  const rs = pairedRatios(on, off).map((r) => 1 - r);
  const range = minMax(rs);
  const m = median(rs);
  if (!Number.isFinite(m)) return '–';
  const [lo, hi] = range ? [fmtPercent(range[0]), fmtPercent(range[1])] : ['', ''];
  return `${fmtPercent(m)}${lo !== hi ? ` (${lo} … ${hi})` : ''}`;
};

const windows = (p: { steps: number; rounds: number }) => `${p.rounds} × ${p.steps}`;

const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '–');

function unavailableBackends(r: BenchResults): string[] {
  return r.browser.filter((b) => b.unavailable).map((b) => `- **${b.backend}** unavailable: ${b.unavailable}`);
}

function speedSection(r: BenchResults): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const run of r.browser) {
    for (const c of run.speed) {
      const name = WORKLOAD_LABELS[c.workload];
      if (c.status !== 'ok') {
        rows.push([c.backend, name, '–', '–', `${c.status}: ${c.reason}`, '–', '–']);
        continue;
      }
      if (c.plan.note) notes.push(`- ${c.backend} · ${name}: ${c.plan.note}.`);
      rows.push([
        c.backend,
        name,
        fmtRate(median(c.rates[LAB]!)),
        fmtRate(median(c.rates[FIT]!)),
        ratioCell(c.rates[LAB]!, c.rates[FIT]!),
        ratioCell(c.rates[LAB_OFF]!, c.rates[FIT]!),
        windows(c.plan),
      ]);
    }
  }
  const cost: string[][] = [];
  for (const run of r.browser) {
    for (const c of run.speed) {
      if (c.status !== 'ok') continue;
      const on = c.stepCost[LAB]!;
      const off = c.stepCost[LAB_OFF]!;
      const warm = (k: string) => (c.warmupS[k] !== undefined ? `${c.warmupS[k]!.toFixed(1)} s` : '–');
      cost.push([
        c.backend,
        WORKLOAD_LABELS[c.workload],
        ms(c.fitStepMs),
        ms(off.plain),
        ms(off.record),
        ms(on.plain),
        ms(on.record),
        ms(on.sharpness),
        `${on.counts.record} / ${on.counts.sharpness}`,
        `${warm(FIT)} / ${warm(LAB)}`,
      ]);
    }
  }
  const costTable = cost.length
    ? [
        '',
        'Where the time goes: median ms per step of each kind (fit step: a window\'s time over its steps, synced at the end, as fit runs without callbacks; plain step; record step = step + diagnostics + the one readback + monitor; sharpness step = record step with the Hessian estimate). Warm-up: the first two steps (for the lab, the first is a record), where kernels compile. On webgpu/webgl a plain step only queues work and the next readback waits for it, so there the record column also carries the queued steps; on cpu the split is exact.',
        '',
        mdTable(
          ['backend', 'model', 'fit step', 'off: plain', 'off: record', 'lab: plain', 'lab: record', 'lab: sharpness', 'records / sharpness seen', 'warm-up fit / lab'],
          cost,
          ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
        ),
      ]
    : [];
  return [
    '## a) Lab loop vs `model.fit` (headless Chromium, dedicated worker)',
    '',
    'Steps/s, median over interleaved rounds (lab, lab without diagnostics, fit, repeated). The ratio is the median of the per-round ratios, with its range over rounds. Windows: rounds × steps per window.',
    '',
    rows.length
      ? mdTable(['backend', 'model', 'lab steps/s', 'model.fit steps/s', 'lab / fit', 'lab, diagnostics off / fit', 'windows'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right'])
      : '_not run_',
    ...unavailableBackends(r).map((l) => `\n${l}`),
    ...(notes.length ? ['', ...notes] : []),
    ...costTable,
  ].join('\n');
}

function diagnosticsSection(r: BenchResults): string {
  const rows: string[][] = [];
  for (const run of r.browser) {
    for (const c of run.speed) {
      if (c.status !== 'ok') continue;
      rows.push([c.backend, WORKLOAD_LABELS[c.workload], fmtRate(median(c.rates[LAB]!)), fmtRate(median(c.rates[LAB_OFF]!)), costCell(c.rates[LAB]!, c.rates[LAB_OFF]!)]);
    }
  }
  const parts: string[] = [];
  for (const p of r.parts) {
    if (p.status !== 'ok') {
      parts.push('', `Each default diagnostic alone — ${WORKLOAD_LABELS[p.workload]}, Node ${p.backend}: ${p.status}: ${p.reason}`);
      continue;
    }
    const off = p.rates['off']!;
    const prow = Object.entries(p.rates).map(([name, rs]) => [name, fmtRate(median(rs)), name === 'off' ? '' : costCell(rs, off)]);
    parts.push(
      '',
      `Each default diagnostic alone over "all off" — ${WORKLOAD_LABELS[p.workload]}, Node ${p.backend} (${windows(p.plan)}):`,
      '',
      mdTable(['diagnostics', 'steps/s', 'cost vs off'], prow, ['left', 'right', 'right']),
    );
  }
  return [
    '## b) Cost of the default diagnostics (on vs off)',
    '',
    'Cost = 1 − (steps/s with the default diagnostics) / (steps/s with all of them off), per round, median and range. "Off" still records loss, accuracy and gradient norms every `recordEvery` steps.',
    '',
    rows.length ? mdTable(['backend', 'model', 'default steps/s', 'off steps/s', 'cost'], rows, ['left', 'left', 'right', 'right', 'right']) : '_browser cells not run_',
    ...parts,
  ].join('\n');
}

function appSection(r: BenchResults, x: ReportExtras): string {
  if (!r.app) return '## c) Main thread while training (the real app)\n\n_not run_';
  if (r.app.status !== 'ok') return `## c) Main thread while training (the real app)\n\n${r.app.status}: ${r.app.reason}`;
  const h = r.app.health;
  const out = [
    '## c) Main thread while training (the real app)',
    '',
    `The built app, \`${h.url.replace(/^https?:\/\/[^/]+/, '')}\`, from the first drawn record for ${h.windowS.toFixed(1)} s. Long tasks from PerformanceObserver('longtask'), frames from a requestAnimationFrame loop.`,
    '',
    mdTable(
      ['backend', 'longest task', 'tasks ≥ 50 ms', 'fps', 'worst frame gap', 'app steps/s'],
      [[h.backend, h.longTasks ? fmtMs(h.longestTaskMs) : 'none ≥ 50 ms', String(h.longTasks), h.fps.toFixed(1), fmtMs(h.worstFrameMs), fmtRate(h.appStepsPerSec)]],
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ),
  ];
  if (x.topTasks.length) {
    out.push('', `Longest tasks (ms after the first record was drawn): ${x.topTasks.map((t) => `${fmtMs(t.durationMs)} at ${t.atMs.toFixed(0)} ms`).join(', ')}.`);
  }
  if (x.profile) {
    const lines = (ls: ProfileSummary['windowTop']) => ls.map((l) => [l.where, fmtMs(l.selfMs), fmtPercent(l.share)]);
    out.push(
      '',
      'Main-thread CPU profile from a second, profiled pass (the figures above come from the unprofiled one), sampled and source-mapped: self time over the window by package, then by function. "(program)" is the browser\'s own work outside JavaScript (style, layout, paint).',
      '',
      mdTable(['package', 'self', 'share'], lines(x.profile.windowByPackage), ['left', 'right', 'right']),
      '',
      mdTable(['function', 'self', 'share'], lines(x.profile.windowTop), ['left', 'right', 'right']),
    );
    if (x.profile.longTaskTop.length) {
      out.push('', 'Inside the long tasks only:', '', mdTable(['function', 'self', 'share'], lines(x.profile.longTaskTop), ['left', 'right', 'right']));
    }
  }
  return out.join('\n');
}

function memorySection(r: BenchResults): string {
  const rows: string[][] = [];
  for (const run of r.browser) {
    for (const c of run.memory) {
      const name = WORKLOAD_LABELS[c.workload];
      if (c.status !== 'ok') {
        rows.push([c.backend, name, '–', `${c.status}: ${c.reason}`, '', '']);
        continue;
      }
      for (const s of c.samples) rows.push([c.backend, name, String(s.step), String(s.numTensors), fmtBytes(s.numBytes), fmtBytes(s.numBytesInGPU)]);
    }
  }
  return [
    '## d) Memory of the lab loop (default diagnostics)',
    '',
    '`tf.memory()` right after the awaited readback of the given step; the Trainer holds its data splits, weights, optimizer state and probes.',
    '',
    rows.length ? mdTable(['backend', 'model', 'step', 'numTensors', 'tf bytes', 'GPU bytes'], rows, ['left', 'left', 'right', 'right', 'right', 'right']) : '_not run_',
  ].join('\n');
}

function startupSection(r: BenchResults, x: ReportExtras): string {
  const out = ['## e) Start-up and JavaScript size', ''];
  if (r.app?.status === 'ok') {
    const h = r.app.health;
    out.push(
      mdTable(
        ['backend', 'page load → ready', 'Train → first record drawn', 'load → first metric'],
        [[h.backend, fmtMs(h.loadToReadyMs), fmtMs(h.trainToFirstMetricMs), fmtMs(h.loadToFirstMetricMs)]],
        ['left', 'right', 'right', 'right'],
      ),
      '',
      '"load → first metric" adds the two, leaving out the driver\'s click delay.',
      '',
    );
  }
  if (r.sizes) {
    const sum = (fs: { bytes: number; gzipBytes: number }[]) => [fmtKB(fs.reduce((s, f) => s + f.bytes, 0)), fmtKB(fs.reduce((s, f) => s + f.gzipBytes, 0))];
    const rows = [
      ['main thread (entry + static imports)', String(r.sizes.mainThread.length), ...sum(r.sizes.mainThread)],
      ['worker', String(r.sizes.worker.length), ...sum(r.sizes.worker)],
      ...(x.lazy.length ? [['main thread, loaded on demand', String(x.lazy.length), ...sum(x.lazy)]] : []),
    ];
    out.push(mdTable(['JavaScript', 'files', 'bytes', 'gzip -9'], rows, ['left', 'right', 'right', 'right']));
    if (x.mainBySource.length) {
      const gz = r.sizes.mainThread.reduce((s, f) => s + f.gzipBytes, 0);
      const top = x.mainBySource.slice(0, 10).map((g) => [g.group, fmtPercent(g.share, 1), `~${fmtKB(g.share * gz)}`]);
      out.push(
        '',
        'Main-thread JavaScript by source (from the source map: share of characters; gzip estimated in proportion):',
        '',
        mdTable(['source', 'share', 'gzip (est.)'], top, ['left', 'right', 'right']),
      );
    }
  }
  return out.join('\n');
}

function nodeSection(r: BenchResults): string {
  const ok = r.node.flatMap((c) => (c.status === 'ok' ? [c] : []));
  const head = ok[0] ? Object.keys(ok[0].rates) : ['cpu', 'wasm'];
  const rows = r.node.map((c) => {
    if (c.status !== 'ok') return [WORKLOAD_LABELS[c.workload], ...head.map(() => '–'), `${c.status}: ${c.reason}`, '–'];
    const [a, b] = head;
    return [
      WORKLOAD_LABELS[c.workload],
      ...head.map((k) => fmtRate(median(c.rates[k] ?? []))),
      a && b && c.rates[a] && c.rates[b] ? ratioCell(c.rates[b], c.rates[a]) : '–',
      windows(c.plan),
    ];
  });
  return [
    '## f) CLI engine (Node) on cpu vs wasm',
    '',
    'The headless loop of the CLI (default diagnostics), both backends in one process, interleaved.',
    '',
    rows.length
      ? mdTable(['model', ...head.map((h) => `${h} steps/s`), head[1] ? `${head[1]} / ${head[0]}` : 'ratio', 'windows'], rows, ['left', ...head.map(() => 'right' as const), 'right', 'right'])
      : '_not run_',
  ].join('\n');
}

export function budgetsSection(lines: BudgetLine[]): string {
  const pass = lines.filter((l) => l.verdict === 'PASS').length;
  const fail = lines.filter((l) => l.verdict === 'FAIL').length;
  const open_ = lines.filter((l) => l.verdict === 'inconclusive').length;
  const none = lines.length - pass - fail - open_;
  return [
    '## Budgets',
    '',
    mdTable(['budget', 'where', 'measured', 'limit', 'result'], lines.map((l) => [l.budget, l.where, l.measured, l.limit, l.verdict])),
    '',
    `${pass} pass, ${fail} fail${open_ ? `, ${open_} inconclusive (a pass measured only as a bound, or too few rounds to tell from the limit)` : ''}${none ? `, ${none} not measured` : ''}.`,
  ].join('\n');
}

function machineSection(r: BenchResults): string {
  const m = r.machine;
  const rows = [
    ['CPU', `${m.cpu}, ${m.cores} logical cores`],
    ['RAM', `${m.ramGiB.toFixed(1)} GiB`],
    ['OS', m.os],
    ['Node', m.node],
    ['Chromium', m.chromium ?? '–'],
    ['WebGPU adapter', m.adapter ?? '–'],
    ['tfjs', m.tfjs],
    ['load average at start (1 min)', m.loadAverage.toFixed(2)],
  ];
  return ['## Machine', '', mdTable(['', 'machine'], rows)].join('\n');
}

export function renderReport(r: BenchResults, budgets: BudgetLine[], x: ReportExtras): string {
  const browsers = r.browser.map((b) => b.backend as BrowserBackend).join(', ') || 'none';
  const head = [
    '# Stability Lab benchmarks',
    `Written by \`npm run bench\` on ${r.date} in ${(r.durationS / 60).toFixed(1)} min: \`${r.command}\`. Browser backends: ${browsers}.`,
    '> Software GPU (SwiftShader) and a CPU shared with other work: absolute speeds say little about real hardware and move from run to run. Every comparison is interleaved in one run, so read the ratios.',
  ];
  return [
    ...head,
    machineSection(r),
    speedSection(r),
    diagnosticsSection(r),
    appSection(r, x),
    memorySection(r),
    startupSection(r, x),
    nodeSection(r),
    budgetsSection(budgets),
  ].join('\n\n');
}
