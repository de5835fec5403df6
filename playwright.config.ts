import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * E2E tests run against the BUILT app (`vite preview`), in system Chromium. Playwright never
 * downloads a browser here: CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own browser
 * if a developer has installed one.
 */
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// Flags that let Chromium run headless as root on a machine without network (see TFJS-NOTES).
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Several developers on one machine each build to their own folder and serve on their own port:
// E2E_OUTDIR (default dist) and E2E_PORT (default 4173).
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT_DIR = process.env.E2E_OUTDIR ? ` --outDir ${process.env.E2E_OUTDIR}` : '';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two cores: one browser at a time keeps timings honest and the worker responsive.
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: { executablePath: chromiumPath },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort${OUT_DIR}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      // WebGPU through SwiftShader: the flag is needed headless.
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts|build\.spec\.ts/,
      use: { launchOptions: { executablePath: chromiumPath, args: [...BASE_ARGS, '--enable-unsafe-webgpu'] } },
    },
    {
      // Without the flag requestAdapter() returns null: the real fallback path.
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath: chromiumPath, args: BASE_ARGS } },
    },
    {
      // Checks on the built files themselves; no page needed.
      name: 'build',
      testMatch: /build\.spec\.ts/,
    },
  ],
});
