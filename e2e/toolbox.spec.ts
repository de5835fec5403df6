/**
 * The stabilization toolbox in the UI: every normalization and a set of regularizers, switched in
 * the form and trained briefly on the cpu backend; the reset question for changes that need a new
 * model; a live change during training; and the info popovers, by keyboard.
 */
import { expect, test, type Page } from '@playwright/test';
import { applyConfig, applyForm, currentStep, numberAttr, openLab, setField } from './helpers';

declare global {
  interface Window {
    __minStep?: number;
  }
}

/** Steps per brief run: a multiple of the default record interval, so the last step is drawn. */
const BRIEF_STEPS = 80;

/** From a fresh model, trains BRIEF_STEPS steps and checks the run counted them with a finite loss. */
async function trainBriefly(page: Page): Promise<void> {
  const counter = page.getByTestId('step-counter');
  const lossChart = page.getByTestId('loss-chart');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(counter).toHaveAttribute('data-step', '0');
  await expect(lossChart).toHaveAttribute('data-points', '0');
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-state')).toHaveText('finished');
  expect(await currentStep(page)).toBe(BRIEF_STEPS);
  await expect(lossChart).toHaveAttribute('data-last-step', String(BRIEF_STEPS));
  const loss = await numberAttr(page, 'loss-chart', 'data-last-loss-train');
  expect(Number.isFinite(loss), `final training loss ${loss}`).toBe(true);
  expect(loss).toBeGreaterThan(0);
}

interface Recipe {
  name: string;
  set: [label: string, value: string | boolean][];
  /** Whether the change needs a new model (so, after a run, the lab asks first). */
  rebuilds: boolean;
  /** Extra checks after the fields are set, before applying. */
  check?: (page: Page) => Promise<void>;
}

const NORMS: Recipe[] = [
  'BatchNorm',
  'LayerNorm',
  'RMSNorm',
  'GroupNorm',
  'WeightNorm',
  'Batch Renorm',
  'None',
].map((norm) => ({ name: norm, set: [['Normalization', norm]], rebuilds: true }));

// GroupNorm's groups must divide the width: the error sits next to the field until it does.
NORMS[3]!.check = async (page) => {
  await setField(page, 'Groups', '5');
  await expect(page.getByRole('alert').filter({ hasText: 'Groups' })).toHaveText(
    'Groups: GroupNorm needs groups to divide the width (16 is not divisible by 5)',
  );
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeDisabled();
  await setField(page, 'Groups', '4');
  await expect(page.getByRole('alert')).toHaveCount(0);
};
NORMS[5]!.check = async (page) => {
  await expect(page.getByLabel('Renorm rmax', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Renorm dmax', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Groups', { exact: true })).toHaveCount(0);
};

const REGULARIZERS: Recipe[] = [
  { name: 'L1', set: [['L1', '0.0005']], rebuilds: false },
  { name: 'dropout', set: [['Dropout', '0.1']], rebuilds: false },
  {
    name: 'noise',
    set: [
      ['Noise std', '0.05'],
      ['Noise at', 'Hidden layers'],
    ],
    rebuilds: false,
  },
  { name: 'label smoothing', set: [['Label smoothing', '0.1']], rebuilds: false },
  { name: 'max-norm', set: [['Max-norm', '3']], rebuilds: false },
  { name: 'clip norm', set: [['Clip norm', '1']], rebuilds: false },
  { name: 'AGC', set: [['AGC', '0.1']], rebuilds: false },
  {
    name: 'AdamW with weight decay',
    set: [
      ['Optimizer', 'AdamW'],
      ['Weight decay', '0.01'],
    ],
    rebuilds: true,
    // Plain Adam refuses decoupled decay, and says so next to the field.
    check: async (page) => {
      await setField(page, 'Optimizer', 'Adam');
      await expect(page.getByRole('alert').filter({ hasText: 'Weight decay' })).toContainText(
        'decoupled weight decay needs optimizer "adamw"',
      );
      await setField(page, 'Optimizer', 'AdamW');
      await expect(page.getByRole('alert')).toHaveCount(0);
    },
  },
  {
    name: 'RMSProp',
    set: [
      ['Optimizer', 'RMSProp'],
      ['Rho', '0.9'],
      ['Momentum', '0'],
    ],
    rebuilds: true,
  },
  {
    name: 'LR warm-up and cosine decay',
    set: [
      ['LR warm-up steps', '20'],
      ['LR schedule', 'Cosine decay'],
      ['Min LR fraction', '0.1'],
    ],
    rebuilds: false,
  },
];

test('every normalization and a set of regularizers train from the form', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page);
  await applyConfig(page, { Steps: String(BRIEF_STEPS) });

  for (const [i, recipe] of [...NORMS, ...REGULARIZERS].entries()) {
    await test.step(recipe.name, async () => {
      for (const [label, value] of recipe.set) await setField(page, label, value);
      await recipe.check?.(page);
      const { asked } = await applyForm(page);
      // After the first run, a change that needs a new model is confirmed first; others are live.
      expect(asked).toBe(recipe.rebuilds && i > 0);
      await expect(page.locator('.form-status')).toHaveText(
        recipe.rebuilds ? /^Applied: model rebuilt/ : 'Applied live.',
      );
      await trainBriefly(page);
    });
  }
});

/** Records the smallest step the counter shows from now on (a reset would show up as a drop). */
async function watchMinStep(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid=step-counter]')!;
    window.__minStep = Number(el.getAttribute('data-step'));
    new MutationObserver(() => {
      window.__minStep = Math.min(window.__minStep!, Number(el.getAttribute('data-step')));
    }).observe(el, { attributes: true, attributeFilter: ['data-step'] });
  });
}
const minStep = (page: Page) => page.evaluate(() => window.__minStep!);

test('while training, a new model needs a yes; a live change keeps the run', async ({ page }) => {
  await openLab(page);
  await applyConfig(page, { Steps: '100000' });
  const state = page.getByTestId('run-state');
  const dialog = page.getByRole('alertdialog');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => currentStep(page)).toBeGreaterThan(100);

  // Cancel keeps the running model and the edited draft.
  await setField(page, 'Normalization', 'LayerNorm');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    'This change needs a new model: training restarts from step 0. Apply and reset?',
  );
  // `before` first: the counter may move between the two reads, and the watch must not start
  // below it (a count from before `before` is not a drop).
  const before = await currentStep(page);
  await watchMinStep(page);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(state).toHaveText('running');
  await expect.poll(() => currentStep(page)).toBeGreaterThan(before);
  expect(await minStep(page)).toBeGreaterThanOrEqual(before);
  await expect(page.getByLabel('Normalization', { exact: true })).toHaveValue('layer');
  await expect(page.locator('.form-status')).toHaveText(/^Unapplied changes/);

  // Escape is a Cancel too.
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(state).toHaveText('running');

  // Apply & reset: a new model, trained from step 0 without a further click.
  await expect.poll(() => currentStep(page)).toBeGreaterThan(100);
  const trained = await currentStep(page);
  await watchMinStep(page);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await dialog.getByRole('button', { name: 'Apply & reset' }).click();
  await expect(page.locator('.form-status')).toHaveText(/^Applied: model rebuilt/);
  expect(await minStep(page)).toBeLessThan(trained);
  await expect(state).toHaveText('running');
  await expect.poll(() => currentStep(page)).toBeGreaterThan(20);

  // The learning rate applies live: no question, no reset, the run goes on.
  const beforeLive = await currentStep(page);
  await watchMinStep(page);
  await setField(page, 'Learning rate', '0.003');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.locator('.form-status')).toHaveText('Applied live.');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => currentStep(page)).toBeGreaterThan(beforeLive + 20);
  expect(await minStep(page)).toBeGreaterThanOrEqual(beforeLive);
  await expect(state).toHaveText('running');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.003');
});

test('the info popover opens from the keyboard and shows the formula', async ({ page }) => {
  await openLab(page);
  // The info button follows its control in the tab order.
  await page.getByLabel('L2', { exact: true }).focus();
  await page.keyboard.press('Tab');
  const info = page.getByRole('button', { name: 'About L2' });
  await expect(info).toBeFocused();
  await expect(info).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(info).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('region', { name: 'About L2' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('L = CE + λ·Σw²');
  await expect(panel).toContainText('Krogh & Hertz, 1992');
  await expect(panel).toContainText('Applies live while training.');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(info).toHaveAttribute('aria-expanded', 'false');
  await expect(info).toBeFocused();

  // A technique choice explains the option chosen, with its own formula.
  await setField(page, 'Normalization', 'BatchNorm');
  const normInfo = page.getByRole('button', { name: 'About Normalization' });
  await normInfo.focus();
  await page.keyboard.press('Enter');
  const normPanel = page.getByRole('region', { name: 'About Normalization' });
  await expect(normPanel).toContainText('y = γ·(x − μ_B)/√(σ²_B + ε) + β');
  await expect(normPanel).toContainText('Ioffe & Szegedy, 2015');
  await expect(normPanel).toContainText('needs a new model');
  await page.keyboard.press('Escape');
  await expect(normPanel).toHaveCount(0);

  // Collapsed groups open from the keyboard too.
  const summary = page.locator('summary', { hasText: 'Constraints & clipping' });
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Clip norm', { exact: true })).toBeVisible();
});
