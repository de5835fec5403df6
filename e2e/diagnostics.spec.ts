/**
 * The training-health views end to end: real browser, real worker, real engine. Training runs on
 * the cpu backend (fastest for the default 4×16 MLP); each view is opened while training runs and
 * must show data drawn from the worker's measurements.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { applyForm, numberAttr, openLab, setField } from './helpers';

/** Default model: 4 hidden layers and the output layer. */
const LAYERS = ['hidden1', 'hidden2', 'hidden3', 'hidden4', 'output'];

async function openTab(page: Page, name: RegExp | string): Promise<void> {
  const tab = page.getByRole('tab', { name });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

const attrOf = async (el: Locator, name: string) => Number(await el.getAttribute(name));

test('each diagnostics view shows data while the default config trains', async ({ page }) => {
  await openLab(page);
  // A long run keeps training while every view is checked (sharpness, off by default, is turned
  // on from the curvature chart below).
  await setField(page, 'Steps', '100000');
  await applyForm(page);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');

  await openTab(page, 'Layers');
  // One row per layer, each with finite norms and update ratio; hidden layers also with finite
  // activation statistics.
  const table = page.getByTestId('layer-table');
  await expect(table).toHaveAttribute('data-layers', String(LAYERS.length));
  const rows = table.locator('[data-testid="layer-row"][data-kind="layer"]');
  await expect(rows).toHaveCount(LAYERS.length);
  await expect.poll(() => numberAttr(page, 'layer-table', 'data-step')).toBeGreaterThan(10);
  for (const [i, name] of LAYERS.entries()) {
    const row = rows.nth(i);
    await expect(row).toHaveAttribute('data-layer', name);
    for (const attr of ['data-grad-norm', 'data-weight-norm', 'data-update-ratio'])
      expect(Number.isFinite(await attrOf(row, attr)), `${name} ${attr}`).toBe(true);
    if (name === 'output') continue;
    for (const attr of ['data-act-mean', 'data-act-std', 'data-dead', 'data-saturated'])
      expect(Number.isFinite(await attrOf(row, attr)), `${name} ${attr}`).toBe(true);
  }
  await expect(rows.first().locator('td').first()).toHaveText(/^\d/);
  await expect
    .poll(() => numberAttr(page, 'update-ratio-chart', 'data-points'))
    .toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('update-ratio-chart').locator('path.plot-line')).toHaveCount(
    LAYERS.length,
  );

  for (const id of ['heatmap-activation', 'heatmap-gradient']) {
    await expect.poll(() => numberAttr(page, id, 'data-columns')).toBeGreaterThanOrEqual(2);
    const heatmap = page.getByTestId(id);
    await expect(heatmap.getByRole('img').first()).toHaveAttribute(
      'aria-label',
      /records from step/,
    );
    // Some cells are painted: the canvas is not blank.
    const painted = await heatmap.locator('canvas').evaluate((el: HTMLCanvasElement) => {
      const { data } = el.getContext('2d')!.getImageData(0, 0, el.width, el.height);
      let blue = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 2]! > data[i]! + 40) blue++;
      return blue;
    });
    expect(painted, id).toBeGreaterThan(100);
  }
  // The layer selector switches the heatmap to another layer.
  const gradients = page.getByTestId('heatmap-gradient');
  await gradients.getByLabel('Layer').selectOption('output');
  await expect(gradients).toHaveAttribute('data-layer', 'output');

  await openTab(page, 'Curvature & calibration');
  // Sharpness is off by default: the chart says what it costs and turns it on in one click.
  const sharpness = page.getByTestId('sharpness-chart');
  await expect(sharpness).toHaveAttribute('data-points', '0');
  await expect(sharpness.locator('.empty')).toContainText(
    /Sharpness is off by default: each measurement costs about as much arithmetic as \d+ training steps?, so measuring every 50 steps makes training take about \d+ % longer\./,
  );
  const turnOn = sharpness.getByRole('button', { name: 'Measure sharpness every 50 steps' });
  await expect(turnOn).toBeVisible();
  await turnOn.click();
  // Applied like the config form's Apply: the form shows the new interval.
  await expect(page.getByLabel('Sharpness every', { exact: true })).toHaveValue('50');
  await expect(turnOn).toHaveCount(0);
  await expect
    .poll(() => numberAttr(page, 'sharpness-chart', 'data-points'))
    .toBeGreaterThanOrEqual(1);
  expect(await numberAttr(page, 'sharpness-chart', 'data-last-sharpness')).toBeGreaterThan(0);
  // Adam's default learning rate 0.01: the 2/η line sits at 200.
  expect(await numberAttr(page, 'sharpness-chart', 'data-last-edge')).toBeCloseTo(200, 3);
  await expect.poll(() => numberAttr(page, 'reliability-diagram', 'data-total')).toBeGreaterThan(0);
  await expect(page.getByTestId('ece-value')).toHaveText(/^\d+(\.\d+)?(e-\d+)?$/);
  const ece = await numberAttr(page, 'reliability-diagram', 'data-ece');
  expect(ece).toBeGreaterThanOrEqual(0);
  expect(ece).toBeLessThanOrEqual(1);
  await expect.poll(() => numberAttr(page, 'gap-chart', 'data-points')).toBeGreaterThanOrEqual(2);
  await expect.poll(() => numberAttr(page, 'ece-chart', 'data-points')).toBeGreaterThanOrEqual(2);

  // Tabs follow the arrow keys, and only the selected panel is rendered.
  await page.getByRole('tab', { name: 'Curvature & calibration' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /^Events/ })).toBeFocused();
  await expect(page.getByRole('tab', { name: /^Events/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('sharpness-chart')).toHaveCount(0);
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: 'Training' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('loss-chart')).toBeVisible();
  await expect(page.getByTestId('run-state')).toHaveText('running');
});

test('a run that blows up lists alerts with remedies and marks them on the loss chart', async ({
  page,
}) => {
  await openLab(page);
  // Plain SGD at learning rate 50: every step overshoots, the loss jumps and oscillates.
  await setField(page, 'Optimizer', 'sgd');
  await setField(page, 'Learning rate', '50');
  await applyForm(page);
  await page.getByTestId('train-toggle').click();

  const eventsTab = page.getByRole('tab', { name: /^Events \(\d+\)$/ });
  await expect(eventsTab).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(() => numberAttr(page, 'loss-chart', 'data-events'), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(1);
  const marker = page.getByTestId('loss-chart').getByTestId('event-marker').first();
  await expect(marker).toHaveAttribute('data-severity', /^(warning|critical)$/);
  await expect(marker).toHaveAttribute('aria-label', /^Step \d+: /);

  await eventsTab.click();
  const list = page.getByTestId('events-list');
  await expect.poll(() => numberAttr(page, 'events-list', 'data-count')).toBeGreaterThanOrEqual(1);
  const alerts = list.locator('[data-testid="event-item"][data-source="monitor"]');
  await expect(alerts.first()).toBeVisible();
  await expect(alerts.first().locator('.event-title')).not.toBeEmpty();
  await expect(alerts.first().getByTestId('event-remedy')).toHaveText(/^Try: \S+/);
  // Filtering by source: there is no controller here, so its filter shows none.
  await page.getByRole('button', { name: 'Controller actions' }).click();
  await expect(list).toHaveAttribute('data-count', '0');
  await expect(page.getByText('No events from this source.')).toBeVisible();
  await page.getByRole('button', { name: 'Alerts' }).click();
  expect(await numberAttr(page, 'events-list', 'data-count')).toBeGreaterThanOrEqual(1);
});

test('the events view says when the monitor is quiet', async ({ page }) => {
  await openLab(page);
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByTestId('events-list')).toHaveAttribute('data-count', '0');
  await expect(page.getByText('The monitor is quiet: no alerts so far.')).toBeVisible();
});
