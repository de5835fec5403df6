/**
 * `npm run bench`: speed measured side by side in one process, reported as ratios, so machine
 * load and warm-up affect every variant alike. Variants run interleaved in rounds (A B C A B C …)
 * and each gets the median of its rounds.
 *
 * Section "diagnostics cost": the default diagnostics (layer statistics, gradient histograms,
 * calibration, sharpness every 100 steps, health monitor) against everything switched off, on
 * the same model and data. Both variants record every `recordEvery` steps (loss, accuracy and
 * gradient norms are the baseline every run pays for).
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { mustParseConfig, type ConfigInput, type ExperimentConfig } from '../src/config/schema';
import { makeDataset } from '../src/engine/datasets';
import { startBackend } from '../src/engine/node-backend';
import { isRecordStep } from '../src/engine/run';
import { Supervisor } from '../src/engine/supervisor';
import { Trainer } from '../src/engine/trainer';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'auto' },
    rounds: { type: 'string', default: '5' },
    steps: { type: 'string', default: '200' },
  },
});
const ROUNDS = Number(values.rounds);
const STEPS = Number(values.steps);

const OFF: ConfigInput['diagnostics'] = {
  layerStats: false,
  gradHistograms: false,
  calibration: false,
  sharpnessEvery: 0,
  monitor: false,
};

interface Variant {
  name: string;
  config: ExperimentConfig;
  trainer: Trainer;
  supervisor: Supervisor;
  rates: number[];
}

function variant(name: string, input: ConfigInput): Variant {
  const config = mustParseConfig(input);
  const trainer = new Trainer(config, makeDataset(config));
  return { name, config, trainer, supervisor: new Supervisor(trainer, config), rates: [] };
}

/** STEPS more optimizer steps exactly as a run takes them (records, readback, monitor); steps/s. */
async function timeSteps(v: Variant): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < STEPS; i++) {
    const record = isRecordStep(v.trainer.step + 1, v.config);
    const pending = v.trainer.trainStep(record ? { boundary: false } : null);
    if (pending) v.supervisor.afterRecord(await v.trainer.readRecord(pending));
  }
  return STEPS / ((performance.now() - start) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function compare(title: string, variants: Variant[]): Promise<void> {
  // One untimed round first: kernels compile and caches (sharpness batch, eigenvector) fill.
  for (const v of variants) await timeSteps(v);
  for (let r = 0; r < ROUNDS; r++) for (const v of variants) v.rates.push(await timeSteps(v));
  const base = median(variants[0]!.rates);
  console.log(`\n## ${title}\n`);
  console.log('| variant | steps/s (median of rounds) | ratio to first |');
  console.log('|---|---|---|');
  for (const v of variants) {
    const m = median(v.rates);
    console.log(`| ${v.name} | ${m.toFixed(1)} | ${(m / base).toFixed(2)} |`);
    v.supervisor.dispose();
    v.trainer.dispose();
  }
}

async function main(): Promise<void> {
  const backend = await startBackend(values.backend as 'auto', (line) => console.error(line));
  console.log(
    `# Stability Lab benchmark\n\nbackend ${backend}, tfjs ${tf.version_core}, ${ROUNDS} rounds of ${STEPS} steps per variant, interleaved.`,
  );
  // Steps long enough that every round includes sharpness measurements (every 100 steps by default).
  const base: ConfigInput = { training: { steps: 1_000_000, recordEvery: 10 } };
  // Each default diagnostic on its own over "all off", then all of them: what each one costs.
  const only = (d: NonNullable<ConfigInput['diagnostics']>): ConfigInput => ({
    ...base,
    diagnostics: { ...OFF, ...d },
  });
  await compare('Diagnostics cost: spiral MLP (default model), records every 10 steps', [
    variant('diagnostics off', only({})),
    variant('+ layer stats only', only({ layerStats: true })),
    variant('+ gradient histograms only', only({ gradHistograms: true })),
    variant('+ calibration only', only({ calibration: true })),
    variant('+ sharpness (every 100) only', only({ sharpnessEvery: 100 })),
    variant('+ health monitor only', only({ monitor: true })),
    variant('default diagnostics (all of the above)', base),
  ]);
  const deep: ConfigInput = { ...base, model: { depth: 8, width: 64 } };
  const deepOnly = (d: NonNullable<ConfigInput['diagnostics']>): ConfigInput => ({
    ...deep,
    diagnostics: { ...OFF, ...d },
  });
  await compare('Diagnostics cost: deep MLP (depth 8, width 64), records every 10 steps', [
    variant('diagnostics off', deepOnly({})),
    variant('+ layer stats only', deepOnly({ layerStats: true })),
    variant('+ sharpness (every 100) only', deepOnly({ sharpnessEvery: 100 })),
    variant('default diagnostics', deep),
  ]);
}

await main();
