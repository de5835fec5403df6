/**
 * The Compare view end to end: two real runs trained in the browser (cpu, different learning
 * rates and record cadences), overlaid in the Runs tab, one pinned as baseline, the metric
 * switched, and the whole comparison still there after a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { mustParseConfig, type ExperimentConfig } from '../src/config/schema';
import { configToSearch } from '../src/config/urlConfig';

const SMALL = { model: { depth: 2, width: 8 }, training: { steps: 60 } };
/** Recorded every 10 steps, no sharpness. */
const FAST = mustParseConfig({
  ...SMALL,
  optimizer: { lr: 0.05 },
  training: { steps: 60, recordEvery: 10 },
  diagnostics: { sharpnessEvery: 0 },
});
/** Recorded every 5 steps (so the runs' steps differ), sharpness every 30. */
const SLOW = mustParseConfig({
  ...SMALL,
  optimizer: { lr: 0.002 },
  training: { steps: 60, recordEvery: 5 },
  diagnostics: { sharpnessEvery: 30 },
});

/** Opens the lab on a config, trains it to the end, and names its saved run. */
async function trainRun(page: Page, config: ExperimentConfig, name: string): Promise<void> {
  await page.goto(`./?backend=cpu&${configToSearch(config)}`);
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });
  await openRuns(page);
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-state', 'finished');
  await row.getByLabel('Run name').fill(name);
  await row.getByLabel('Run name').press('Enter');
  await expect(row).toHaveAttribute('data-name', name);
}

async function openRuns(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Runs/ }).click();
  await expect(page.getByTestId('runs-view')).toBeVisible();
}

const legendNames = (page: Page) =>
  page
    .getByTestId('compare-legend-item')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));

test('the compare view overlays two runs', async ({ page }) => {
  await trainRun(page, FAST, 'fast lr');
  await trainRun(page, SLOW, 'slow lr');
  const rowOf = (name: string) =>
    page.getByTestId('run-row').and(page.locator(`[data-name="${name}"]`));
  await expect(page.getByTestId('run-row')).toHaveCount(2);

  // Nothing selected yet: no chart, a hint.
  await expect(page.getByTestId('compare-chart')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Compare fast lr' }).check();
  await page.getByRole('checkbox', { name: 'Compare slow lr' }).check();

  const chart = page.getByTestId('compare-chart');
  await expect(chart).toHaveAttribute('data-series', '2');
  await expect(chart).toHaveAttribute('data-metric', 'lossVal');
  // Two curves really drawn, one per run.
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(2);
  expect(await legendNames(page)).toEqual(['fast lr', 'slow lr']);
  // The table's final validation loss is the one the run list shows for that run.
  const finalCell = (name: string) =>
    page
      .getByTestId('compare-row')
      .and(page.locator(`[data-name="${name}"]`))
      .locator('td')
      .nth(1);
  await expect(finalCell('fast lr')).toHaveText(
    (await rowOf('fast lr').locator('td').nth(5).innerText()).trim(),
  );
  // Only metrics a selected run has: sharpness (slow lr has it), no BatchNorm gap (no BatchNorm).
  const metric = page.getByLabel('Metric', { exact: true });
  await expect(metric.locator('option', { hasText: 'sharpness' })).toHaveCount(1);
  await expect(metric.locator('option', { hasText: 'BatchNorm' })).toHaveCount(0);

  // Pin the second-selected run: it becomes the baseline, marked, and listed first.
  await rowOf('slow lr')
    .getByRole('button', { name: /^Pin as baseline/ })
    .click();
  await expect(rowOf('slow lr').getByRole('button', { name: /^Pin as baseline/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(rowOf('fast lr').getByRole('button', { name: /^Pin as baseline/ })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(chart).toHaveAttribute('data-baseline', 'slow lr');
  await expect(page.getByTestId('compare-legend-item').first()).toHaveAttribute(
    'data-baseline',
    'true',
  );
  expect(await legendNames(page)).toEqual(['slow lr', 'fast lr']);
  const baselineRow = page.getByTestId('compare-row').first();
  await expect(baselineRow).toHaveAttribute('data-name', 'slow lr');
  await expect(baselineRow.locator('td').nth(2)).toHaveText('baseline');
  await expect(page.getByTestId('compare-row').nth(1).locator('td').nth(2)).toHaveText(/^[+−]\d/);
  // The runs differ in lr and record cadence, and the table says so.
  await expect(page.getByTestId('compare-row').nth(1).locator('td').nth(4)).toHaveText(/lr 0\.05/);

  // Difference from baseline: the baseline's own line becomes zero, the chart says it is a difference.
  await page.getByLabel('Difference from baseline').check();
  await expect(chart).toHaveAttribute('data-diff', 'true');
  await page.getByLabel('Difference from baseline').uncheck();
  await expect(chart).toHaveAttribute('data-diff', 'false');

  // Another metric: the chart and the final values change with it.
  const valLoss = await finalCell('fast lr').innerText();
  await metric.selectOption({ label: 'train loss' });
  await expect(chart).toHaveAttribute('data-metric', 'lossTrain');
  await expect(page.getByTestId('compare-view').locator('h2')).toContainText('train loss');
  await expect(finalCell('fast lr')).not.toHaveText(valLoss);
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(2);

  // Open a run: its details, with what differs from the baseline.
  await rowOf('fast lr').getByRole('button', { name: 'Open fast lr' }).click();
  const details = page.getByTestId('run-details');
  await expect(details).toContainText('fast lr');
  await expect(details.getByTestId('run-config-diff')).toContainText('optimizer.lr');
  await expect(details.getByTestId('run-config-diff')).toContainText('training.recordEvery');
  await expect(details).toContainText('cpu');

  // A reload keeps the selection, the baseline, the metric and the open details.
  await page.reload();
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
  await openRuns(page);
  await expect(page.getByRole('checkbox', { name: 'Compare fast lr' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Compare slow lr' })).toBeChecked();
  await expect(chart).toHaveAttribute('data-series', '2');
  await expect(chart).toHaveAttribute('data-baseline', 'slow lr');
  await expect(chart).toHaveAttribute('data-metric', 'lossTrain');
  expect(await legendNames(page)).toEqual(['slow lr', 'fast lr']);
  await expect(page.getByTestId('run-details')).toContainText('fast lr');

  // Deselecting leaves one line; the deselected run stays saved.
  await page.getByRole('checkbox', { name: 'Compare fast lr' }).uncheck();
  await expect(chart).toHaveAttribute('data-series', '1');
  await expect(page.getByTestId('run-row')).toHaveCount(2);
});
