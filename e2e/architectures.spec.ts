/**
 * Every architecture end to end on WebGPU (SwiftShader here, so tiny models): chosen in the form,
 * built, trained for a few recorded steps, and shown with the panels its data calls for. On the
 * software GPU the first steps compile shaders and every recorded step (evaluation, histograms,
 * read-back) takes seconds, hence few records and generous timeouts.
 */
import { expect, test, type Page } from '@playwright/test';
import { applyForm, currentStep, numberAttr, openLab, setField } from './helpers';

declare global {
  interface Window {
    /** Every aria-valuenow the load-progress bar showed, in order. */
    __loadProgress?: number[];
  }
}

const STEPS = 20;
const RECORD_EVERY = 5;
/** From Train to 'finished' (about 30 s for the CNN on SwiftShader). */
const TRAIN_TIMEOUT_MS = 150_000;

/** Records the load-progress bar's values from page start, whenever it appears or changes. */
async function watchLoadProgress(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__loadProgress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=load-progress]');
      const value = bar?.getAttribute('aria-valuenow');
      const seen = window.__loadProgress!;
      if (value != null && Number(value) !== seen.at(-1)) seen.push(Number(value));
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
}

/**
 * Opens the lab on WebGPU by name (auto would measure, and pick cpu or wasm for these tiny models
 * on a software GPU), picks `arch` in the form — which brings a data set it can read, checked by
 * `afterArch` — then the extra fields, and applies.
 */
async function configure(
  page: Page,
  arch: string,
  afterArch: (page: Page) => Promise<void>,
  fields: [label: string, value: string | boolean][],
  backend: 'wasm' | 'webgpu' = 'webgpu',
): Promise<void> {
  await openLab(page, backend);
  await setField(page, 'Architecture', arch);
  await afterArch(page);
  for (const [label, value] of fields) await setField(page, label, value);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await applyForm(page);
  await expect(page.getByTestId('run-state')).toHaveText('ready', { timeout: 60_000 });
}

/** Trains the whole run and checks the counters, the loss, and the per-layer charts. */
async function trainAndCheck(page: Page, layers: string[], hiddenLayers: string[]): Promise<void> {
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-state')).toHaveText('finished', {
    timeout: TRAIN_TIMEOUT_MS,
  });
  expect(await currentStep(page)).toBe(STEPS);
  const loss = page.getByTestId('loss-chart');
  await expect(loss).toHaveAttribute('data-last-step', String(STEPS));
  const lastLoss = await numberAttr(page, 'loss-chart', 'data-last-loss-train');
  expect(Number.isFinite(lastLoss), `final training loss ${lastLoss}`).toBe(true);
  expect(lastLoss).toBeGreaterThan(0);
  await expect.poll(() => numberAttr(page, 'loss-chart', 'data-points')).toBe(STEPS / RECORD_EVERY);

  // One gradient-norm line per parameter group, named as the architecture names them.
  const grad = page.getByTestId('gradnorm-chart');
  await expect(grad).toHaveAttribute('data-last-step', String(STEPS));
  const chips = grad.locator('.caption .chip');
  await expect(chips).toHaveCount(layers.length);
  for (const [i, name] of layers.entries())
    await expect(chips.nth(i)).toHaveText(new RegExp(`^${name} \\S+$`));
  await expect(grad.locator('path.plot-line')).toHaveCount(layers.length);

  // One histogram per reported activation.
  const hist = page.getByTestId('histogram-chart');
  await expect(hist).toHaveAttribute('data-layers', String(hiddenLayers.length));
  await expect(hist.locator('button.hist-thumb')).toHaveText(hiddenLayers);
}

const isShown = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const normOption = (page: Page, name: string) =>
  page.getByLabel('Normalization', { exact: true }).locator('option', { hasText: name });

/** After choosing the CNN: an image set, and the CNN's own fields instead of the MLP's. */
async function cnnFields(page: Page): Promise<void> {
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue(/mnist/);
  for (const label of ['Channels', 'Kernel size', 'Pooling', 'Spatial dropout'])
    await expect(isShown(page, label)).toBeVisible();
  for (const label of ['Width', 'Residual blocks', 'Min length'])
    await expect(isShown(page, label)).toHaveCount(0);
  // InstanceNorm is offered to the CNN only.
  await expect(normOption(page, 'InstanceNorm')).toHaveCount(1);
}

/** After choosing a sequence model: a sequence task, with lengths, and the model's own field. */
function sequenceFields(own: string) {
  return async (page: Page): Promise<void> => {
    for (const label of ['Min length', 'Max length', own])
      await expect(isShown(page, label)).toBeVisible();
    for (const label of ['Channels', 'Residual blocks', 'Noise'])
      await expect(isShown(page, label)).toHaveCount(0);
    await expect(normOption(page, 'InstanceNorm')).toHaveCount(0);
  };
}

test.describe('every architecture trains on WebGPU from the form', () => {
  test.describe.configure({ timeout: 240_000 });

  test('CNN on MNIST: the image set loads with progress, samples show predictions', async ({
    page,
  }, testInfo) => {
    await watchLoadProgress(page);
    await configure(page, 'CNN', cnnFields, [
      ['Depth', '1'],
      ['Channels', '4'],
      ['Normalization', 'BatchNorm'],
      // 20 validation images: the 16 samples and a little more (each record evaluates them all).
      ['Examples', '200'],
      ['Validation fraction', '0.1'],
      ['Batch size', '16'],
      ['Steps', String(STEPS)],
      ['Record every', String(RECORD_EVERY)],
    ]);
    const backend = await page.getByTestId('backend-badge').getAttribute('data-backend');
    testInfo.annotations.push({ type: 'backend', description: backend ?? '?' });
    await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('mnist');

    // The download is over: the bar has gone, and whatever it showed only ever grew.
    await expect(page.getByTestId('load-progress')).toHaveCount(0);
    const shown = await page.evaluate(() => window.__loadProgress ?? []);
    testInfo.annotations.push({ type: 'load progress seen', description: shown.join(', ') });
    for (const [i, v] of shown.entries()) {
      expect(v).toBeGreaterThanOrEqual(i > 0 ? shown[i - 1]! : 0);
      expect(v).toBeLessThanOrEqual(100);
    }

    // Points have no place here: the panel beside the loss shows the images.
    await expect(page.getByTestId('boundary-canvas')).toHaveCount(0);
    const grid = page.getByTestId('sample-grid');
    await expect(grid).toHaveAttribute('data-count', '16');
    await expect(grid.locator('li.sample canvas')).toHaveCount(16);
    // The images are drawn: each 28×28 canvas holds ink (dark pixels) on white.
    const inked = await grid.locator('li.sample canvas').evaluateAll((canvases) =>
      (canvases as HTMLCanvasElement[]).map((c) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
        return { width: c.width, height: c.height, dark };
      }),
    );
    for (const c of inked) {
      expect(c).toMatchObject({ width: 28, height: 28 });
      expect(c.dark).toBeGreaterThan(10);
    }

    await trainAndCheck(page, ['conv1', 'output'], ['conv1']);

    await expect(grid).toHaveAttribute('data-step', String(STEPS));
    const correct = await numberAttr(page, 'sample-grid', 'data-correct');
    expect(correct).toBeGreaterThanOrEqual(0);
    expect(correct).toBeLessThanOrEqual(16);
    // Every image says what was predicted and what is true; mistakes say so in words too.
    const samples = grid.locator('li.sample');
    await expect(samples.filter({ hasText: /pred \d \/ true \d/ })).toHaveCount(16);
    const wrong = samples.filter({ hasText: '✗' });
    await expect(wrong).toHaveCount(16 - correct);
    await expect(grid.locator('li.sample.wrong')).toHaveCount(16 - correct);
    if (16 - correct > 0)
      await expect(wrong.first().locator('canvas')).toHaveAttribute('aria-label', /, wrong$/);
    await expect(page.getByTestId('timegrad-chart')).toHaveCount(0);
  });

  test('GRU on parity: gradients through time over every step', async ({ page }) => {
    await configure(page, 'Recurrent (RNN/GRU)', sequenceFields('Cell'), [
      ['Dataset', 'Parity'],
      ['Cell', 'GRU'],
      ['Depth', '1'],
      ['Width', '8'],
      ['Min length', '4'],
      ['Max length', '6'],
      ['Examples', '200'],
      ['Batch size', '16'],
      ['Steps', String(STEPS)],
      ['Record every', String(RECORD_EVERY)],
    ]);
    await expect(page.getByTestId('boundary-canvas')).toHaveCount(0);
    await expect(page.getByTestId('sample-grid')).toHaveCount(0);

    await trainAndCheck(page, ['gru1', 'output'], ['gru1']);

    const chart = page.getByTestId('timegrad-chart');
    await expect(chart).toHaveAttribute('data-step', String(STEPS));
    // T = the padded length, the maximum length.
    await expect(chart).toHaveAttribute('data-points', '6');
    await expect(chart.locator('canvas')).toBeVisible();
    await expect(chart).toContainText('small early values = vanishing gradients');
    await expect(chart.locator('.chip')).toHaveText(/^t = 1: \S+ · t = \d: \S+$/);
  });

  test('Transformer on first-token recall: per-block gradients and activations', async ({
    page,
  }) => {
    await configure(page, 'Transformer', sequenceFields('Heads'), [
      ['Dataset', 'First-token recall'],
      ['Depth', '1'],
      ['Width', '8'],
      ['Heads', '2'],
      ['Min length', '4'],
      ['Max length', '6'],
      ['Examples', '200'],
      ['Batch size', '16'],
      ['Steps', String(STEPS)],
      ['Record every', String(RECORD_EVERY)],
    ]);
    await expect(page.getByLabel('Block norm', { exact: true })).toHaveValue('pre');
    await expect(page.getByTestId('boundary-canvas')).toHaveCount(0);

    await trainAndCheck(page, ['embed', 'attn1', 'mlp1', 'output'], ['attn1', 'mlp1']);

    // The Transformer may or may not report gradients through time; the panel says which.
    const chart = page.getByTestId('timegrad-chart');
    await expect(chart).toBeVisible();
    const points = await numberAttr(page, 'timegrad-chart', 'data-points');
    if (points === 0) await expect(chart).toContainText('reports no gradient through time');
    else expect(points).toBe(6);
  });
});

test('the CNN trains on WASM when asked for by URL (no conv-filter gradient there: im2col)', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await configure(
    page,
    'CNN',
    cnnFields,
    [
      ['Depth', '2'],
      ['Channels', '4'],
      ['Examples', '200'],
      ['Validation fraction', '0.1'],
      ['Batch size', '16'],
      ['Steps', String(STEPS)],
      ['Record every', String(RECORD_EVERY)],
    ],
    'wasm',
  );
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  await trainAndCheck(page, ['conv1', 'conv2', 'output'], ['conv1', 'conv2']);
});
