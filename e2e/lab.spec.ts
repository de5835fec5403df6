/**
 * The lab end to end in Chromium, against the built app. Training runs on the cpu backend
 * (`?backend=cpu`) except where the backend itself is under test: for a tiny MLP it is the
 * fastest, and these tests are about the UI and the worker protocol, not GPU speed.
 */
import { expect, test } from '@playwright/test';
import { applyConfig, blurControls, currentStep, numberAttr, openLab } from './helpers';

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

test('training starts and the loss falls', async ({ page }) => {
  await openLab(page);
  const toggle = page.getByTestId('train-toggle');
  await expect(toggle).toHaveText('Train');
  await toggle.click();
  await expect(toggle).toHaveText('Pause');
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect.poll(() => numberAttr(page, 'steps-per-sec', 'data-value')).toBeGreaterThan(0);
  // The default run is 500 steps of a 4×16 MLP on the spiral set.
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 90_000 });
  await expect(toggle).toHaveText('Train');
  expect(await currentStep(page)).toBe(500);
  // Charts refresh in turn, a moment after the counters: wait for the last record to be drawn.
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-last-step', '500');

  const first = await numberAttr(page, 'loss-chart', 'data-first-loss-train');
  const last = await numberAttr(page, 'loss-chart', 'data-last-loss-train');
  const lastVal = await numberAttr(page, 'loss-chart', 'data-last-loss-val');
  const accuracy = await numberAttr(page, 'loss-chart', 'data-last-accuracy-val');
  expect(first).toBeGreaterThan(0.5); // two classes, so it starts near ln 2
  expect(last).toBeLessThan(first * 0.75);
  expect(Number.isFinite(lastVal)).toBe(true);
  expect(accuracy).toBeGreaterThan(0.6);
  await expect(page.getByTestId('accuracy-val')).toHaveText(/\d+\.\d %/);
});

test('the three charts and the decision boundary render with data', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 90_000 });

  const loss = page.getByTestId('loss-chart');
  await expect(loss).toHaveAttribute('data-last-step', '500');
  await expect.poll(() => numberAttr(page, 'loss-chart', 'data-points')).toBeGreaterThan(10);
  // train loss and validation loss, plus validation accuracy as a number
  await expect(loss.locator('path.plot-line')).toHaveCount(2);
  await expect(loss.locator('.readout')).toContainText(/val\. accuracy\s*\d+\.\d %/);
  await expect(loss.locator('path.plot-line').first()).toHaveAttribute('d', /^M[\d.,-]+L/);

  const grad = page.getByTestId('gradnorm-chart');
  await expect.poll(() => numberAttr(page, 'gradnorm-chart', 'data-points')).toBeGreaterThan(10);
  // Depth 4: four hidden layers and the output layer.
  await expect(grad.locator('path.plot-line')).toHaveCount(5);
  const logScale = grad.getByLabel('Log scale');
  await expect(logScale).toBeChecked();
  await logScale.uncheck();
  await expect(grad).toHaveAttribute('data-log', 'false');
  await expect(grad.locator('path.plot-line')).toHaveCount(5);

  // One thumbnail per hidden layer; choosing one shows it as a bar chart with its range.
  const hist = page.getByTestId('histogram-chart');
  await expect(hist).toHaveAttribute('data-layers', '4');
  const thumbs = hist.locator('button.hist-thumb');
  await expect(thumbs).toHaveCount(4);
  for (const [i, thumb] of (await thumbs.all()).entries()) {
    await thumb.click();
    await expect(thumb).toHaveAttribute('aria-pressed', 'true');
    const detail = hist.locator('figure.hist-detail');
    await expect(detail).toHaveAttribute('data-layer', `hidden${i + 1}`);
    await expect(detail.locator('.plot-bar').first()).toBeVisible();
    // tanh activations are binned over its range, -1 .. 1
    await expect(detail.locator('.range')).toContainText('range -1 .. 1');
  }

  const canvas = page.getByTestId('boundary-canvas');
  await expect(canvas).toHaveAttribute('data-step', /^\d+$/);
  expect(await numberAttr(page, 'boundary-canvas', 'data-points')).toBe(600);
  // Both class colours appear in the field: the model separates the plane into two regions.
  const tint = await canvas.evaluate((el: HTMLCanvasElement) => {
    const ctx = el.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, el.width, el.height);
    let orange = 0;
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (r > b + 40 && r > g) orange++;
      if (b > r + 40 && b > g) blue++;
    }
    return { orange, blue, total: data.length / 4 };
  });
  expect(tint.orange).toBeGreaterThan(tint.total * 0.05);
  expect(tint.blue).toBeGreaterThan(tint.total * 0.05);
});

test('the backend badge says webgpu when WebGPU is asked for, and it trains there', async ({
  page,
}, testInfo) => {
  expect(testInfo.project.name, 'this file runs with --enable-unsafe-webgpu').toBe('webgpu');
  // By name: auto measures, and on this software GPU a tiny MLP is faster on cpu (backend.spec.ts).
  await openLab(page, 'webgpu');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', 'webgpu');
  await expect(badge).toHaveAttribute('data-fallback', 'false');
  await expect(badge).toContainText('WebGPU');
  await expect(page.getByTestId('backend-reason')).toHaveCount(0);
  // One real optimizer step on the GPU (the first one compiles shaders, so it may take seconds).
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step-counter')).toHaveAttribute('data-step', '1', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-last-step', '1');
  expect(await numberAttr(page, 'loss-chart', 'data-last-loss-train')).toBeGreaterThan(0);
});

test('pause, step and reset', async ({ page }) => {
  await openLab(page);
  await applyConfig(page, { Steps: '100000' });
  const toggle = page.getByTestId('train-toggle');
  const state = page.getByTestId('run-state');
  const counter = page.getByTestId('step-counter');

  await toggle.click();
  await expect.poll(() => currentStep(page)).toBeGreaterThan(30);
  await toggle.click();
  await expect(state).toHaveText('paused');
  await expect(toggle).toHaveText('Train');

  const paused = await currentStep(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(counter).toHaveAttribute('data-step', String(paused + 1));
  await expect(state).toHaveText('paused');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(counter).toHaveAttribute('data-step', String(paused + 2));
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);

  // Space toggles training when no control has focus.
  await blurControls(page);
  await page.keyboard.press('Space');
  await expect(state).toHaveText('running');
  await expect.poll(() => currentStep(page)).toBeGreaterThan(paused + 2);
  await page.keyboard.press('Space');
  await expect(state).toHaveText('paused');

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(counter).toHaveAttribute('data-step', '0');
  await expect(state).toHaveText('ready');
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('histogram-chart')).toHaveAttribute('data-layers', '0');
});

test('a bad value in the form shows a readable error naming the field and is not applied', async ({
  page,
}) => {
  await openLab(page);
  const apply = page.getByRole('button', { name: 'Apply' });

  await page.getByLabel('Width', { exact: true }).fill('0');
  await expect(page.getByRole('alert').filter({ hasText: 'Width' })).toHaveText(
    'Width: must be at least 1',
  );
  await expect(page.getByLabel('Width', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(apply).toBeDisabled();

  await page.getByLabel('Learning rate', { exact: true }).fill('-1');
  await expect(page.getByRole('alert').filter({ hasText: 'Learning rate' })).toHaveText(
    'Learning rate: must be greater than 0',
  );
  // Enter submits the form, but an invalid config is never sent.
  await page.getByLabel('Learning rate', { exact: true }).press('Enter');
  await expect(page.locator('.form-status')).toHaveText('Fix the marked fields to apply.');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  await page.getByLabel('Depth', { exact: true }).fill('');
  await expect(page.getByRole('alert').filter({ hasText: 'Depth' })).toHaveText(
    'Depth: enter a number',
  );

  // Fixing the values clears the errors, and the valid config applies (a new width rebuilds).
  await page.getByLabel('Width', { exact: true }).fill('8');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.02');
  await page.getByLabel('Depth', { exact: true }).fill('3');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await apply.click();
  await expect(page.locator('.form-status')).toHaveText(/^Applied: model rebuilt/);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('histogram-chart')).toHaveAttribute('data-layers', '3');
});

test('no main-thread task longer than 100 ms while training', async ({ page }, testInfo) => {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
  await openLab(page);
  await applyConfig(page, { Steps: '100000' });
  await page.getByTestId('train-toggle').click();
  // Start-up is over once every chart has been drawn from several records (the first draws
  // also compile the chart code).
  await expect.poll(() => numberAttr(page, 'loss-chart', 'data-points')).toBeGreaterThanOrEqual(10);
  await expect
    .poll(() => numberAttr(page, 'gradnorm-chart', 'data-points'))
    .toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('histogram-chart')).toHaveAttribute('data-layers', '4');
  const t0 = await page.evaluate(() => performance.now());
  const stepAtStart = await currentStep(page);

  // The measurement window itself: ~8 s of live training and chart updates.
  await page.waitForFunction((since) => performance.now() - since >= 8000, t0, {
    polling: 250,
    timeout: 30_000,
  });

  await expect(page.getByTestId('run-state')).toHaveText('running');
  expect(await currentStep(page)).toBeGreaterThan(stepAtStart + 100);
  const tasks = await page.evaluate(
    (since) => (window.__longTasks ?? []).filter((t) => t.start >= since),
    t0,
  );
  const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  testInfo.annotations.push({
    type: 'long tasks',
    description: `${tasks.length} over 50 ms, longest ${longest.toFixed(0)} ms`,
  });
  expect(tasks.filter((t) => t.duration > 100)).toEqual([]);
});
