/**
 * Seeds & sweeps in a real browser: batches queue in the real worker, their runs land in the real
 * IndexedDB, the heatmap is built from them, and a cell opens its runs in the compare view.
 */
import { expect, test, type Page } from '@playwright/test';
import { mustParseConfig, type ConfigInput } from '../src/config/schema';
import { configToSearch } from '../src/config/urlConfig';

async function openWith(page: Page, input: ConfigInput) {
  await page.goto(`./?backend=cpu&${configToSearch(mustParseConfig(input))}`);
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Seeds & sweeps' }).click();
}

async function setAxis(page: Page, n: 1 | 2, setting: string, values: string) {
  const axis = page.getByRole('group', { name: `Axis ${n}` });
  await axis.getByLabel('Setting').selectOption({ label: setting });
  await axis.getByLabel(/^Values/).fill(values);
}

test('a 2×2 sweep finishes with a progress bar, and its heatmap appears and opens a cell', async ({ page }) => {
  await openWith(page, { seed: 3, training: { steps: 150, recordEvery: 25 } });
  await setAxis(page, 1, 'L2 strength', '0, 0.05');
  await setAxis(page, 2, 'Normalization', 'none, layer');
  await page.getByRole('button', { name: 'Run sweep (4 runs)' }).click();

  const progress = page.getByTestId('batch-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/run [1-4] of 4/);
  await expect(page.getByTestId('batch-outcome')).toHaveText('4 run(s) finished and saved.', { timeout: 90_000 });
  await expect(progress).toBeHidden();

  const heatmap = page.getByTestId('sweep-heatmap');
  await expect(heatmap).toHaveAttribute('data-cells', '4');
  await expect(heatmap).toHaveAttribute('data-diverged', '0');
  const cells = heatmap.getByRole('button');
  await expect(cells).toHaveCount(4);
  // Every cell holds its own run's final loss: four numbers, not all the same.
  const values = (await heatmap.locator('.heat-value').allTextContents()).map(Number);
  expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  expect(new Set(values).size).toBeGreaterThan(1);

  // The runs were saved like any other: four in the Runs tab.
  await expect(page.getByRole('tab', { name: /^Runs/ })).toContainText('4');

  // Reload: the heatmap is rebuilt from the saved runs.
  await page.reload();
  await page.getByRole('tab', { name: 'Seeds & sweeps' }).click();
  await expect(page.getByTestId('sweep-heatmap').locator('.heat-value')).toHaveText(values.map(String).map((v) => new RegExp(`^${v.replace('.', '\\.')}`)));

  // A cell opens its run in the compare view.
  await page.getByTestId('sweep-heatmap').getByRole('button', { name: /regularization\.l2 = 0\.05, model\.norm = layer/ }).click();
  await expect(page.getByRole('tab', { name: /^Runs/ })).toHaveAttribute('aria-selected', 'true');
  const chart = page.getByTestId('compare-chart');
  await expect(chart).toHaveAttribute('data-series', '1');
  await expect(page.getByTestId('compare-legend')).toContainText('regularization.l2=0.05 model.norm=layer');
});

test('a diverging cell is marked in the heatmap', async ({ page }) => {
  await openWith(page, { model: { activation: 'relu' }, optimizer: { name: 'sgd' }, training: { steps: 60, recordEvery: 10 } });
  await setAxis(page, 1, 'Learning rate', '0.01, 1000000');
  await page.getByRole('group', { name: 'Axis 2' }).getByLabel('Setting').selectOption({ label: '(none)' });
  await page.getByRole('button', { name: 'Run sweep (2 runs)' }).click();
  await expect(page.getByTestId('batch-outcome')).toHaveText('2 run(s) finished and saved.', { timeout: 60_000 });
  const heatmap = page.getByTestId('sweep-heatmap');
  await expect(heatmap).toHaveAttribute('data-diverged', '1');
  await expect(heatmap.locator('[data-cell="1"]')).toContainText('1/1 diverged');
  await expect(heatmap.locator('[data-cell="0"]')).not.toContainText('diverged');
});

test('a seed repeat shows the spread of the final metric over its seeds', async ({ page }) => {
  await openWith(page, { seed: 11, training: { steps: 80, recordEvery: 20 } });
  await page.getByLabel('Seeds', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Repeat over 3 seeds' }).click();
  await expect(page.getByTestId('batch-outcome')).toHaveText('3 run(s) finished and saved.', { timeout: 60_000 });
  const spread = page.getByTestId('seed-spread');
  await expect(spread).toHaveAttribute('data-n', '3');
  await expect(spread).toContainText('seed 11:');
  await expect(spread).toContainText('seed 13:');
  await expect(spread).toContainText(/± [\d.e-]+ \(sample sd, n = 3\)/);

  // In Compare the three seeds are one mean line with a band.
  await page.getByRole('button', { name: 'Compare all 3 runs' }).click();
  await expect(page.getByTestId('compare-chart')).toHaveAttribute('data-series', '1');
  await expect(page.getByTestId('compare-legend')).toContainText('line = mean, band = min–max over 3 seeds');
});

test('a sweep with a bad value is refused before anything runs, naming the value', async ({ page }) => {
  await openWith(page, { training: { steps: 50 } });
  await setAxis(page, 1, 'Normalization', 'none, sparkle');
  await page.getByRole('group', { name: 'Axis 2' }).getByLabel('Setting').selectOption({ label: '(none)' });
  await page.getByRole('button', { name: 'Run sweep (2 runs)' }).click();
  await expect(page.getByTestId('batch-errors')).toContainText('sparkle');
  await expect(page.getByTestId('batch-progress')).toHaveCount(0);
  await expect(page.getByTestId('sweep-heatmap')).toHaveCount(0);
});
