/**
 * Regenerates docs/screenshot.png: serves the built app (`npm run build` first), trains the default
 * spiral MLP on the cpu backend for a while, and captures the page. Uses the same Chromium as the
 * e2e tests (CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own).
 *   node scripts/screenshot.mjs [--steps 1500] [--backend cpu]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const PORT = 4174;
const steps = arg('steps', '1500');
const backend = arg('backend', 'cpu');
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// Node runs vite directly (not through npx), so killing `server` really stops it.
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => String(d).includes(String(PORT)) && resolve());
  server.on('exit', (code) => reject(new Error(`vite preview exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
    deviceScaleFactor: 1,
  });
  await page.goto(`http://localhost:${PORT}/?backend=${backend}`);
  await page.getByTestId('run-state').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
  await page.getByLabel('Steps', { exact: true }).fill(steps);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText(/^Applied/).waitFor();
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('run-state').filter({ hasText: 'finished' }).waitFor({ timeout: 300_000 });
  // Let the staggered charts catch up with the last record.
  const final = await page.getByTestId('step-counter').getAttribute('data-step');
  await page.locator(`[data-testid=histogram-chart][data-step="${final}"]`).waitFor();
  await page.locator(`[data-testid=loss-chart][data-last-step="${final}"]`).waitFor();
  await page.locator(`[data-testid=gradnorm-chart][data-last-step="${final}"]`).waitFor();
  await page.mouse.move(0, 0);
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  server.kill();
}
