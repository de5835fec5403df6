import { expect, test } from '@playwright/test';
import { applyForm, openLab, setField } from './helpers';

test('MNIST CNN preset in the browser (measurement)', async ({ page }) => {
  test.setTimeout(60 * 60_000);
  await openLab(page, (process.env.MNIST_BACKEND ?? 'webgpu') as 'webgpu');
  await setField(page, 'Dataset', 'mnist');
  await applyForm(page);
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 120_000 });
  const t0 = Date.now();
  await page.getByTestId('train-toggle').click();
  const speeds: number[] = [];
  for (;;) {
    const state = await page.getByTestId('run-state').innerText();
    const sps = Number((await page.getByTestId('steps-per-sec').innerText()).replace(/[^0-9.]/g, ''));
    if (sps > 0) speeds.push(sps);
    const step = await page.getByTestId('step-counter').getAttribute('data-step');
    const acc = await page.getByTestId('loss-chart').getAttribute('data-last-accuracy-val');
    console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s  state ${state} step ${step} acc ${acc} sps ${sps}`);
    if (state === 'finished' || state === 'diverged' || state === 'error') break;
    await page.waitForTimeout(20_000);
  }
  const backend = await page.getByTestId('backend-badge').innerText();
  const acc = Number(await page.getByTestId('loss-chart').getAttribute('data-last-accuracy-val'));
  speeds.sort((a, b) => a - b);
  console.log(`RESULT backend=${backend} seconds=${((Date.now() - t0) / 1000).toFixed(0)} acc=${acc} medianStepsPerSec=${speeds[Math.floor(speeds.length / 2)]}`);
  await page.screenshot({ path: 'tmp/mnist-browser.png', fullPage: true });
  expect(acc).toBeGreaterThan(0);
});
