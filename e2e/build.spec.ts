/**
 * Checks on the static build: relative asset URLs (so it works from any sub-path), tfjs only in
 * the worker chunk, and the app actually running when served from a sub-path.
 */
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const DIST = process.env.E2E_OUTDIR ?? 'dist';
const ASSETS = join(DIST, 'assets');
// Strings that survive minification in any bundle containing tfjs-core (kernel names, flag names).
const TFJS_MARKERS = ['Conv2DBackpropFilter', 'WEBGL_VERSION', 'registerKernel'];

const hasTfjs = (code: string) => TFJS_MARKERS.filter((m) => code.includes(m)).length >= 2;

function jsChunks(): string[] {
  return readdirSync(ASSETS).filter((f) => f.endsWith('.js'));
}

/** The worker chunk is the one the main code refers to as a worker URL. */
function chunkRoles() {
  const all = jsChunks();
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entry = all.filter((f) => html.includes(f));
  const workers = all.filter((f) => /worker/i.test(f));
  return { all, entry, workers };
}

test('index.html refers to its assets by relative URLs', () => {
  expect(existsSync(join(DIST, 'index.html')), 'run `npm run build` first').toBe(true);
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(urls.length).toBeGreaterThan(0);
  for (const u of urls) expect(u, `absolute URL in index.html: ${u}`).not.toMatch(/^\//);
});

test('main-thread JavaScript contains no tfjs; the worker chunk does', () => {
  const { all, entry, workers } = chunkRoles();
  expect(entry.length).toBeGreaterThan(0);
  expect(workers.length).toBe(1);
  for (const f of all.filter((f) => !workers.includes(f))) {
    expect(hasTfjs(readFileSync(join(ASSETS, f), 'utf8')), `tfjs found in main-thread chunk ${f}`).toBe(false);
  }
  expect(hasTfjs(readFileSync(join(ASSETS, workers[0]!), 'utf8'))).toBe(true);
});

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves dist/ under `prefix`, like a static host serving the lab from a sub-folder. */
function serveUnder(prefix: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(path.slice(prefix.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, rel.endsWith('/') || rel === '.' ? 'index.html' : rel);
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the built lab runs from a sub-path', async ({ page }) => {
  const prefix = '/some/deep/path/';
  const server = await serveUnder(prefix);
  try {
    const { port } = server.address() as AddressInfo;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}${prefix}?backend=cpu`);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu');
    await page.getByTestId('train-toggle').click();
    await expect
      .poll(async () => Number(await page.getByTestId('step-counter').getAttribute('data-step')))
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});
