/**
 * "PNG" in a chart header downloads that chart as an image: checked on the bytes of the file
 * (signature, IHDR size) and on its pixels, decoded in the page, for an SVG chart (Loss) and a
 * canvas chart (the decision boundary on the default spiral set).
 */
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { numberAttr, openLab } from './helpers';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which a PNG must start with after its signature. */
function ihdrSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function pngBytes(download: Download): Promise<Buffer> {
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  return bytes;
}

interface PixelStats {
  width: number;
  height: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
  /** Pixels near `color` in rows [fromRow, toRow). */
  colored: number;
  /** Pixels of any clear hue (not white, grey or black) in rows [fromRow, toRow). */
  chromatic: number;
  /** Dark pixels (text) in the top `titleRows` rows. */
  titleInk: number;
}

/** Decodes the PNG in the page (the browser's own decoder) and counts pixels. */
function pixelStats(
  page: Page,
  bytes: Buffer,
  color: [number, number, number],
  fromRow: number,
  toRow: number,
  titleRows: number,
): Promise<PixelStats> {
  return page.evaluate(
    async ({ b64, color, fromRow, toRow, titleRows }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([data], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      let inked = 0;
      let colored = 0;
      let titleInk = 0;
      let chromatic = 0;
      for (let i = 0; i < bmp.width * bmp.height; i++) {
        const [r, g, b] = [px[4 * i]!, px[4 * i + 1]!, px[4 * i + 2]!];
        const row = Math.floor(i / bmp.width);
        if (r < 245 || g < 245 || b < 245) inked++;
        const near =
          Math.abs(r - color[0]) < 40 && Math.abs(g - color[1]) < 40 && Math.abs(b - color[2]) < 40;
        const inPlot = row >= fromRow && row < toRow;
        if (near && inPlot) colored++;
        if (inPlot && Math.max(r, g, b) - Math.min(r, g, b) > 30) chromatic++;
        if (row < titleRows && r + g + b < 300) titleInk++;
      }
      return {
        width: bmp.width,
        height: bmp.height,
        inked: inked / (bmp.width * bmp.height),
        colored,
        chromatic,
        titleInk,
      };
    },
    { b64: bytes.toString('base64'), color, fromRow, toRow, titleRows },
  );
}

/** An attribute once it has stopped changing: charts refresh in turn, after the step counter. */
async function settled(target: Locator, name: string): Promise<string> {
  let last: string | null = null;
  await expect
    .poll(
      async () => {
        const before = last;
        last = await target.getAttribute(name);
        return last !== null && last === before;
      },
      { intervals: [500] },
    )
    .toBe(true);
  return last!;
}

/** Trains the default spiral MLP for a few dozen steps, then pauses so the charts hold still. */
async function trainBriefly(page: Page): Promise<void> {
  const toggle = page.getByTestId('train-toggle');
  await toggle.click();
  await expect.poll(() => numberAttr(page, 'loss-chart', 'data-last-step')).toBeGreaterThan(40);
  await toggle.click();
  await expect(toggle).toHaveText('Train');
}

/** Title band of the image (in image pixels): 14 px padding + 22 px title, at 2×. */
const TITLE_ROWS = 2 * 36;
/** The train-loss line colour (TRAIN_COLOR in src/ui/format.ts). */
const TRAIN_RGB: [number, number, number] = [0x2f, 0x6d, 0xb5];

/** Pixel stats of the plot band: below the 2× title block, as tall as the plot on screen × 2. */
function plotBandStats(page: Page, bytes: Buffer, plotHeight: number) {
  const plotTop = 2 * (36 + 10);
  return pixelStats(page, bytes, TRAIN_RGB, plotTop, plotTop + 2 * plotHeight, TITLE_ROWS);
}

test('the Loss chart downloads as a sharp, non-blank PNG', async ({ page }) => {
  await openLab(page, 'cpu');
  await trainBriefly(page);
  const chart = page.getByTestId('loss-chart');
  const step = await settled(chart, 'data-last-step');
  const button = chart.getByRole('button', { name: 'Download Loss as PNG' });
  await expect(button).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe(`loss-step-${step}.png`);
  const bytes = await pngBytes(download);

  const panel = (await chart.boundingBox())!;
  const plot = (await chart.locator('.chart-box').boundingBox())!;
  const size = ihdrSize(bytes);
  expect(size.width).toBeGreaterThanOrEqual(Math.floor(2 * panel.width));
  expect(size.width).toBeLessThanOrEqual(Math.ceil(2 * panel.width) + 2);
  expect(size.height).toBeGreaterThanOrEqual(2 * plot.height);

  // The train-loss line, drawn from the SVG, lies in the plot band (below the title, above the
  // legend, whose own swatch has the same colour).
  const stats = await plotBandStats(page, bytes, plot.height);
  expect(stats.width).toBe(size.width);
  expect(stats.inked).toBeGreaterThan(0.01);
  expect(stats.colored).toBeGreaterThan(300);
  expect(stats.titleInk).toBeGreaterThan(50);
});

test('the decision boundary (a canvas) downloads from the keyboard', async ({ page }) => {
  await openLab(page, 'cpu');
  await trainBriefly(page);
  const canvas = page.getByTestId('boundary-canvas');
  const step = await settled(canvas, 'data-step');
  const button = page.getByRole('button', { name: 'Download Decision boundary as PNG' });
  await button.focus();
  await expect(button).toBeFocused();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.keyboard.press('Enter'),
  ]);
  expect(download.suggestedFilename()).toBe(`decision-boundary-step-${step}.png`);
  const bytes = await pngBytes(download);

  const box = (await canvas.boundingBox())!;
  const size = ihdrSize(bytes);
  expect(size.width).toBeGreaterThanOrEqual(2 * box.width);
  expect(size.height).toBeGreaterThanOrEqual(2 * box.height);

  // The tinted probability field and the coloured dots fill much of the square: a blank or
  // missing canvas would leave it white and grey.
  const stats = await plotBandStats(page, bytes, box.height);
  expect(stats.inked).toBeGreaterThan(0.05);
  expect(stats.chromatic).toBeGreaterThan(0.2 * 4 * box.width * box.height);
  expect(stats.titleInk).toBeGreaterThan(50);
});
