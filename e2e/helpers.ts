/** Helpers that read like what a person does in the lab. */
import { expect, type Page } from '@playwright/test';
import type { BackendPreference } from '../src/protocol';

/**
 * Opens the lab with a backend preference (null: no parameter, so auto) and waits until a model is
 * built and idle.
 */
export async function openLab(
  page: Page,
  backend: BackendPreference | null = 'cpu',
): Promise<void> {
  await page.goto(backend ? `./?backend=${backend}` : './');
  // Auto times every backend first and a named GPU backend warms up (seconds on a software GPU);
  // the badge names a backend only once it is decided.
  await expect(page.getByTestId('backend-badge')).toHaveAttribute(
    'data-backend',
    backend === 'cpu' ? 'cpu' : /.+/,
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
}

/** Fills form fields by their visible labels and applies them; waits for the worker's answer. */
export async function applyConfig(page: Page, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.form-status')).toHaveText(/^Applied/);
}

export async function currentStep(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-counter').getAttribute('data-step'));
}

export async function numberAttr(page: Page, testId: string, name: string): Promise<number> {
  const v = await page.getByTestId(testId).getAttribute(name);
  return v === null ? NaN : Number(v);
}

/** Removes focus from any control, so Space goes to the page shortcut. */
export async function blurControls(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/**
 * Sets a form control by its visible label: a select by option label (or value), a checkbox by
 * `true`/`false`, anything else by typing. A control in a collapsed group is revealed first.
 */
export async function setField(page: Page, label: string, value: string | boolean): Promise<void> {
  const control = page.getByLabel(label, { exact: true });
  if (!(await control.isVisible())) {
    await page.locator('details', { has: control }).locator('summary').click();
  }
  const type = await control.evaluate((el) =>
    el instanceof HTMLSelectElement ? 'select' : (el as HTMLInputElement).type,
  );
  if (type === 'select') await control.selectOption(String(value));
  else if (type === 'checkbox') await control.setChecked(value === true || value === 'true');
  else await control.fill(String(value));
}

/**
 * Presses Apply and, if the lab asks whether to reset the model, confirms. Resolves once the
 * worker has answered; says whether the question was asked.
 */
export async function applyForm(page: Page): Promise<{ asked: boolean }> {
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  const applied = page.locator('.form-status').filter({ hasText: /^Applied/ });
  const refused = page.getByTestId('error-banner');
  await expect(dialog.or(applied).or(refused).first()).toBeVisible();
  const asked = await dialog.isVisible();
  if (asked) await dialog.getByRole('button', { name: 'Apply & reset' }).click();
  // A config the worker refuses (or cannot build) fails here, with the lab's own words.
  await expect(applied.or(refused).first()).toBeVisible();
  if (await refused.isVisible()) {
    throw new Error(`the lab did not apply the config: ${await refused.innerText()}`);
  }
  return { asked };
}
