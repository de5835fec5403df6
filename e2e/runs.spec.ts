/**
 * Saved runs end to end: real browser, real worker, real IndexedDB. A run is saved as it trains,
 * survives a reload with its history, and exports as JSON (the CLI's shape) and CSV.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { parseRunFile } from '../src/config/runFile';
import { currentStep, openLab, setField, applyForm } from './helpers';

async function openRuns(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Runs/ }).click();
  await expect(page.getByTestId('runs-view')).toBeVisible();
}

/** Trains until at least `steps` steps are recorded, then pauses. */
async function trainSome(page: Page, steps: number): Promise<void> {
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(steps);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
}

test('a run survives a reload with its name and history, and exports as JSON and CSV', async ({
  page,
}) => {
  await openLab(page);
  await setField(page, 'Steps', '100000');
  await applyForm(page);
  await trainSome(page, 60);
  await openRuns(page);
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-state', 'paused');
  const stepBefore = Number(await row.getAttribute('data-step'));
  expect(stepBefore).toBeGreaterThanOrEqual(50);
  await row.getByLabel('Run name').fill('my baseline');
  await row.getByLabel('Run name').press('Enter');
  // The stored name comes back through the list before the page goes away.
  await expect(row).toHaveAttribute('data-name', 'my baseline');

  await page.reload();
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
  await openRuns(page);
  const again = page
    .getByTestId('run-row')
    .filter({ has: page.locator('input[value="my baseline"]') });
  await expect(again).toHaveCount(1);
  await expect(again).toHaveAttribute('data-step', String(stepBefore));

  const [json] = await Promise.all([
    page.waitForEvent('download'),
    again.getByRole('button', { name: 'JSON' }).click(),
  ]);
  expect(json.suggestedFilename()).toBe('my_baseline.json');
  const parsed = parseRunFile(await readFile((await json.path())!, 'utf8'));
  expect(parsed.ok).toBe(true);
  if (parsed.ok) {
    expect(parsed.run.config.training.steps).toBe(100000);
    expect(parsed.run.history.at(-1)!.step).toBe(stepBefore);
  }
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    again.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\n');
  expect(lines[0]).toMatch(/^step,lr,lossBatch,lossTrain,lossVal/);
  expect(lines.at(-1)!.split(',')[0]).toBe(String(stepBefore));

  // The exported file imports back as a run of its own, with the same history length.
  await page.getByTestId('run-import').setInputFiles((await json.path())!);
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  // The import is the finished copy beside the paused original.
  const imported = page.getByTestId('run-row').and(page.locator('[data-state="finished"]'));
  await expect(imported).toHaveAttribute('data-name', 'my baseline');
  await expect(imported).toHaveAttribute('data-step', String(stepBefore));
  await expect(page.getByTestId('import-error')).toHaveCount(0);
});

test('a malformed or invalid import is refused with a message and the store is unchanged', async ({
  page,
}) => {
  await openLab(page);
  await trainSome(page, 20);
  await openRuns(page);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  const input = page.getByTestId('run-import');
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"config": {'),
  });
  await expect(page.getByTestId('import-error')).toHaveText(/broken\.json: The file is not JSON/);
  const bad = JSON.stringify({ config: { model: { depth: -3 } }, history: [] });
  await input.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(bad),
  });
  await expect(page.getByTestId('import-error')).toHaveText(/config\.model\.depth/);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await page.reload();
  await openRuns(page);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
});

test('deleting a run asks first, then removes it for good', async ({ page }) => {
  await openLab(page);
  await trainSome(page, 20);
  await openRuns(page);
  const count = await page.getByTestId('run-row').count();
  await page.getByTestId('run-row').first().getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(count - 1);
  await page.reload();
  await openRuns(page);
  await expect(page.getByTestId('run-row')).toHaveCount(count - 1);
});
