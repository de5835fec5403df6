/**
 * Headless Chromium for the bench: the system browser (CHROMIUM_PATH, else /usr/bin/chromium),
 * never a download. WebGPU needs --enable-unsafe-webgpu headless (SwiftShader here).
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { existsSync } from 'node:fs';
import type { PageRequest } from './page/protocol';
import type { BackendRun, BrowserBackend } from './results';

/** Flags that let Chromium run headless as root on a machine without network (TFJS-NOTES). */
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
];

export function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ARGS, headless: true });
}

/** Forwards the page's console lines (the bench worker's progress) and errors to `log`. */
export function relayConsole(context: BrowserContext, log: (line: string) => void): void {
  context.on('console', (m) => {
    // The pages have no favicon; that 404 says nothing about the bench.
    if (!m.text().startsWith('Failed to load resource')) log(m.text());
  });
  context.on('weberror', (e) => log(`page error: ${e.error().message}`));
}

/** Runs one backend's cells (a, b, d) in a fresh page, so backends never share a GPU device. */
export async function runBackend(
  browser: Browser,
  pageUrl: string,
  req: Omit<PageRequest, 'backend' | 'dataUrl'>,
  backend: BrowserBackend,
  log: (line: string) => void,
): Promise<BackendRun> {
  const context = await browser.newContext();
  relayConsole(context, log);
  try {
    const page = await context.newPage();
    await page.goto(pageUrl);
    const full: PageRequest = { ...req, backend, dataUrl: new URL('data/', pageUrl).href };
    return await page.evaluate((r) => window.runBench(r), full);
  } catch (err) {
    // A crashed page or lost device takes this backend's cells with it, not the whole bench.
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    log(`${backend}: failed: ${reason}`);
    return { backend, unavailable: `the bench page failed: ${reason}`, adapter: null, speed: [], memory: [] };
  } finally {
    await context.close();
  }
}
