/**
 * Runs only in the 'no-webgpu' project (Chromium without --enable-unsafe-webgpu), where
 * `requestAdapter()` returns null: the lab must do without WebGPU and say why.
 */
import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

/** The fallback backend really trains: one step moves the counter and records a loss. */
async function stepOnce(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step-counter')).toHaveAttribute('data-step', '1', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-last-loss-train', /^\d/);
}

test('without WebGPU, auto measures the others and says why WebGPU was skipped', async ({
  page,
}, testInfo) => {
  expect(testInfo.project.name, 'this file runs without --enable-unsafe-webgpu').toBe('no-webgpu');
  await openLab(page, null);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', /^(cpu|wasm|webgl)$/);
  // Auto never "falls back": it chose, and the probe lists what was skipped and why.
  await expect(badge).toHaveAttribute('data-fallback', 'false');
  await expect(page.getByTestId('backend-decision')).toContainText(/ · auto: \d/);
  const details = page.getByTestId('backend-probe');
  await details.locator('summary').click();
  const webgpu = details.locator('tr[data-backend=webgpu]');
  await expect(webgpu).toContainText(/skipped/);
  await expect(webgpu).toContainText(/adapter|not available|navigator\.gpu/i);
  await expect(badge).toHaveAttribute('title', /webgpu: skipped — .*(adapter|navigator\.gpu)/i);
  // The details float over the page; a press elsewhere closes them.
  await page.getByRole('heading', { name: 'Stability Lab' }).click();
  await expect(details).not.toHaveAttribute('open', '');
  await stepOnce(page);
});

test('without WebGPU, asking for it by name falls back and shows the reason', async ({
  page,
}, testInfo) => {
  expect(testInfo.project.name, 'this file runs without --enable-unsafe-webgpu').toBe('no-webgpu');
  await openLab(page, 'webgpu');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', /^(webgl|cpu)$/);
  await expect(badge).toHaveAttribute('data-fallback', 'true');
  const reason = page.getByTestId('backend-reason');
  await expect(reason).toBeVisible();
  await expect(reason).toContainText(/WebGPU/i);
  await expect(reason).toContainText(/adapter|not available|navigator\.gpu/i);
  await stepOnce(page);
});
