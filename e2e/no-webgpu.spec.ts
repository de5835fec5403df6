/**
 * Runs only in the 'no-webgpu' project (Chromium without --enable-unsafe-webgpu), where
 * `requestAdapter()` returns null: the lab must fall back and say why.
 */
import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

for (const requested of [null, 'webgpu'] as const) {
  test(`without WebGPU the badge shows the fallback and its reason (${requested ?? 'default'} preference)`, async ({
    page,
  }, testInfo) => {
    expect(testInfo.project.name, 'this file runs without --enable-unsafe-webgpu').toBe(
      'no-webgpu',
    );
    await openLab(page, requested);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-backend', /^(webgl|cpu)$/);
    await expect(badge).toHaveAttribute('data-fallback', 'true');
    const reason = page.getByTestId('backend-reason');
    await expect(reason).toBeVisible();
    await expect(reason).toContainText(/WebGPU/i);
    await expect(reason).toContainText(/adapter|not available|navigator\.gpu/i);

    // The fallback backend really trains: one step moves the counter and records a loss.
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByTestId('step-counter')).toHaveAttribute('data-step', '1', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-last-loss-train', /^\d/);
  });
}
