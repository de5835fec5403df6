#!/usr/bin/env node
/**
 * `npm test`: unit tests (Vitest, Node), then the build and the e2e tests (Playwright, Chromium).
 * Ends with one line `N passed, N failed` summing every suite (CI reads it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const OUT = 'test-results';
mkdirSync(OUT, { recursive: true });

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const totals = { passed: 0, failed: 0 };
const lines = [];

// Unit tests.
const unitJson = `${OUT}/unit.json`;
const unitCode = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${unitJson}`]);
const unit = readJson(unitJson);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests + (unit.numRuntimeErrorTestSuites ?? 0);
  lines.push(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
}
if (!unit || (unitCode !== 0 && unit.numFailedTests === 0)) {
  totals.failed += 1;
  lines.push(`unit: the runner itself failed (exit ${unitCode})`);
}

// Build, then e2e against the built app.
const buildCode = run('npm', ['run', 'build']);
if (buildCode !== 0) {
  totals.failed += 1;
  lines.push(`build: failed (exit ${buildCode}); e2e not run`);
} else {
  const e2eJson = `${OUT}/e2e.json`;
  const e2eCode = run('npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  });
  const e2e = existsSync(e2eJson) ? readJson(e2eJson) : null;
  if (e2e?.stats) {
    const passed = e2e.stats.expected + (e2e.stats.flaky ?? 0);
    const failed = e2e.stats.unexpected;
    totals.passed += passed;
    totals.failed += failed;
    lines.push(`e2e: ${passed} passed, ${failed} failed`);
    if (e2eCode !== 0 && failed === 0) {
      totals.failed += 1;
      lines.push(`e2e: the runner itself failed (exit ${e2eCode})`);
    }
  } else {
    totals.failed += 1;
    lines.push(`e2e: the runner produced no report (exit ${e2eCode})`);
  }
}

const summary = `${totals.passed} passed, ${totals.failed} failed`;
writeFileSync(`${OUT}/summary.txt`, `${summary}\n`);
console.log(`\n${lines.join('\n')}\n${summary}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
