/**
 * Build of the bench page (scripts/bench/page), apart from the app's own build: its own root and
 * out dir, the app's shipped data files as public assets (MNIST is fetched like the app does).
 * scripts/bench/build.ts sets the out dir; `npx vite build -c scripts/bench/vite.config.ts` works too.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./page'),
  base: './',
  publicDir: here('../../public'),
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    outDir: '/tmp/dist-bench/page',
    emptyOutDir: true,
    target: 'es2022',
    // The bench worker holds tfjs (with layers); its size is not what this build is about.
    chunkSizeWarningLimit: 5000,
  },
});
