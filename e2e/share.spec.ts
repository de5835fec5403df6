/**
 * Sharing an experiment by URL: every applied config is written to the address bar as flat
 * dotted parameters (only fields away from their defaults), and opening that address restores
 * exactly the same config. Bad parameters are named and fall back to their defaults.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ExperimentConfig } from '../src/config/schema';
import { applyForm, openLab, setField } from './helpers';

/** The config the worker runs, as the config panel publishes it. */
async function shownConfig(page: Page): Promise<ExperimentConfig> {
  const json = await page.getByTestId('config-panel').getAttribute('data-config');
  return JSON.parse(json ?? 'null') as ExperimentConfig;
}

async function fieldValue(page: Page, label: string): Promise<string> {
  return page.getByLabel(label, { exact: true }).inputValue();
}

/** Waits until the lab has built the model the URL describes. */
async function openUrl(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
}

test('an applied config goes to the URL, and that URL restores exactly the same config', async ({
  page,
  context,
}) => {
  await openLab(page); // ?backend=cpu
  expect(new URL(page.url()).search).toBe('?backend=cpu');
  const historyLength = await page.evaluate(() => history.length);

  await setField(page, 'Depth', '8');
  await setField(page, 'Normalization', 'layer');
  await setField(page, 'Learning rate', '0.003');
  await setField(page, 'Residual blocks', true);
  await setField(page, 'Norm epsilon', '1e-7');
  await applyForm(page);

  // replaceState: the address changes without a reload or a new history entry.
  await expect.poll(() => new URL(page.url()).searchParams.get('model.depth')).toBe('8');
  const shared = page.url();
  const params = new URL(shared).searchParams;
  expect(params.get('backend')).toBe('cpu');
  expect(params.get('model.norm')).toBe('layer');
  expect(params.get('optimizer.lr')).toBe('0.003');
  expect(params.get('model.residual')).toBe('true');
  expect(params.get('model.normEpsilon')).toBe('1e-7');
  // Only changed fields are written.
  expect([...params.keys()].sort()).toEqual(
    ['backend', 'model.depth', 'model.norm', 'model.normEpsilon', 'model.residual', 'optimizer.lr'].sort(),
  );
  expect(await page.evaluate(() => history.length)).toBe(historyLength);

  const applied = await shownConfig(page);
  expect(applied.model.depth).toBe(8);
  expect(applied.model.norm).toBe('layer');
  expect(applied.optimizer.lr).toBe(0.003);
  expect(applied.model.residual).toBe(true);
  expect(applied.model.normEpsilon).toBe(1e-7);

  // A fresh page at the shared address: the same config, in the form and in the worker.
  const other = await context.newPage();
  await openUrl(other, shared);
  await expect(other.getByTestId('url-warning')).toHaveCount(0);
  expect(await shownConfig(other)).toEqual(applied);
  expect(await fieldValue(other, 'Depth')).toBe('8');
  expect(await fieldValue(other, 'Normalization')).toBe('layer');
  expect(await fieldValue(other, 'Learning rate')).toBe('0.003');
  expect(await fieldValue(other, 'Norm epsilon')).toBe('1e-7');
  await expect(other.getByLabel('Residual blocks', { exact: true })).toBeChecked();
  // Nothing is left to apply: the form starts from the URL's config.
  await expect(other.getByRole('button', { name: 'Apply', exact: true })).toBeDisabled();
  // The model it built has the URL's depth (eight hidden layers).
  await other.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(other.getByTestId('histogram-chart')).toHaveAttribute('data-layers', '8');
  // Loading the page did not rewrite its address.
  expect(other.url()).toBe(shared);
  await other.close();
});

test('bad URL parameters are named and fall back to their defaults while the rest applies', async ({
  page,
}) => {
  await openUrl(page, './?model.depth=-3&model.foo=1&optimizer.lr=0.5&backend=cpu');
  const warning = page.getByTestId('url-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('model.depth=-3');
  await expect(warning).toContainText('using the default 4');
  await expect(warning).toContainText('model.foo');
  await expect(warning).not.toContainText('optimizer.lr');
  await expect(warning.locator('li')).toHaveCount(2);

  expect(await fieldValue(page, 'Depth')).toBe('4');
  expect(await fieldValue(page, 'Learning rate')).toBe('0.5');
  const config = await shownConfig(page);
  expect(config.model.depth).toBe(4);
  expect(config.optimizer.lr).toBe(0.5);

  // The next applied config rewrites the URL without the stale parameters.
  await setField(page, 'Steps', '300');
  await applyForm(page);
  await expect
    .poll(() => new URL(page.url()).search)
    .toBe('?backend=cpu&optimizer.lr=0.5&training.steps=300');
});

test('"Copy link" copies the address, or says how to share without a clipboard', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openLab(page);
  await setField(page, 'Seed', '7');
  await applyForm(page);
  await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('7');

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('copy-status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

  // Without a clipboard API (e.g. plain http on another host) it says what to do instead.
  const bare = await context.newPage();
  await bare.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }),
  );
  await openUrl(bare, page.url());
  await bare.getByRole('button', { name: 'Copy link' }).click();
  await expect(bare.getByTestId('copy-status')).toHaveText(/clipboard unavailable.*address bar/i);
  await bare.close();
});
