/**
 * The browser and the CLI run the same engine: a config trained in the browser on the cpu backend
 * ends with the same loss as the same config run headless (here, in this Node process) on cpu.
 * The browser's number is read from its saved run's JSON export, as a user would get it.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { parseRunFile } from '../src/config/runFile';
import { mustParseConfig } from '../src/config/schema';
import { configToSearch } from '../src/config/urlConfig';
import { useNodeBackend } from '../src/engine/node-backend';
import { runExperiment } from '../src/engine/run';

const CONFIG = mustParseConfig({
  seed: 5,
  model: { depth: 3, width: 12, norm: 'batch', activation: 'relu' },
  regularization: { dropout: 0.1, l2: 1e-4 },
  training: { steps: 120, recordEvery: 20 },
});

test('the browser on cpu ends with the CLI engine’s final loss to 1e-6', async ({ page }) => {
  await useNodeBackend('cpu');
  const headless = await runExperiment(CONFIG, 'e2e (node)');
  const expected = headless.history.at(-1)!;

  await page.goto(`./?backend=cpu&${configToSearch(CONFIG)}`);
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });
  await page.getByRole('tab', { name: /^Runs/ }).click();
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-state', 'finished');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('button', { name: 'JSON' }).click(),
  ]);
  const parsed = parseRunFile(await readFile((await download.path())!, 'utf8'));
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  expect(parsed.run.config).toEqual(CONFIG);
  const last = parsed.run.history.at(-1)!;
  expect(last.step).toBe(expected.step);
  expect(Math.abs(last.lossTrain! - expected.lossTrain)).toBeLessThanOrEqual(1e-6);
  expect(Math.abs(last.lossVal! - expected.lossVal)).toBeLessThanOrEqual(1e-6);
});
