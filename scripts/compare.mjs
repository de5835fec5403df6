#!/usr/bin/env node
/**
 * Runs several CLI configs over several seeds and prints a Markdown table of the final metrics
 * (mean ± spread over seeds). Usage:
 *   node scripts/compare.mjs --seeds 1,2,3 experiments/deep16-none.json experiments/deep16-batch.json
 * Every run goes through the real CLI (`src/cli/main.ts`), so the numbers are what a user gets.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seeds: { type: 'string', default: '1,2,3' }, backend: { type: 'string', default: 'auto' } },
});
const seeds = values.seeds.split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'compare-'));

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Mean (min–max) over the runs that have a value; diverged runs have none and are counted apart. */
const fmt = (all, digits = 3) => {
  const xs = all.filter((x) => x !== null && Number.isFinite(x));
  if (xs.length === 0) return 'n/a';
  return `${mean(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
};

console.log(`| config | seeds | final val. accuracy, mean (min–max) | final val. loss | total weight norm | largest layer grad. norm | diverged |`);
console.log(`|---|---|---|---|---|---|---|`);
for (const cfg of positionals) {
  const rows = seeds.map((seed) => {
    const out = join(dir, `${basename(cfg, '.json')}-${seed}.json`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', cfg, '--seed', String(seed), '--backend', values.backend, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cfg} seed ${seed} failed (exit ${r.status})`);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    const last = res.history.at(-1);
    const weightNorm = Math.sqrt(Object.values(last.weightNorm).reduce((a, w) => a + w * w, 0));
    // The largest per-layer gradient norm seen at any record: how violent the run got.
    const maxGrad = Math.max(...res.history.flatMap((h) => Object.values(h.gradNorm).filter(Number.isFinite)));
    return { acc: res.summary.finalAccuracyVal, loss: res.summary.finalLossVal, weightNorm, maxGrad, diverged: res.summary.diverged };
  });
  console.log(
    `| ${basename(cfg)} | ${seeds.join(',')} | ${fmt(rows.map((r) => r.acc))} | ${fmt(rows.map((r) => r.loss))} | ${fmt(rows.map((r) => r.weightNorm), 2)} | ${fmt(rows.map((r) => r.maxGrad), 1)} | ${rows.filter((r) => r.diverged).length}/${rows.length} |`,
  );
}
