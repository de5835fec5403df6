/**
 * Builds the app and the bench page into the bench's own folder and serves each with `vite preview`
 * on the bench's own ports: other developers use dist/ and port 4173 at the same time.
 * Vite's build is used directly (not `npm run build`): the bench measures the bundle, and a type
 * error elsewhere in a shared checkout should not stop it.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PAGE_CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

/** Rolldown warns when plugins are slow, which on a busy shared machine is every build. */
const QUIET = { checks: { bundlerTimings: false } };

export interface Folders {
  app: string;
  page: string;
}

export function folders(outDir: string): Folders {
  return { app: join(outDir, 'app'), page: join(outDir, 'page') };
}

export async function buildApp(outDir: string): Promise<void> {
  await build({
    root: REPO,
    configFile: join(REPO, 'vite.config.ts'),
    logLevel: 'warn',
    // 'hidden' writes .map files without a sourceMappingURL comment: the JavaScript measured is
    // byte for byte what `npm run build` ships, and the maps tell where its bytes come from.
    build: { outDir, emptyOutDir: true, sourcemap: 'hidden', rolldownOptions: QUIET },
  });
}

export async function buildPage(outDir: string): Promise<void> {
  await build({ configFile: PAGE_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true, rolldownOptions: QUIET } });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(configFile: string, root: string | undefined, outDir: string, port: number): Promise<Served> {
  const server: PreviewServer = await preview({
    ...(root ? { root } : {}),
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

export const serveApp = (outDir: string, port: number) => serve(join(REPO, 'vite.config.ts'), REPO, outDir, port);
export const servePage = (outDir: string, port: number) => serve(PAGE_CONFIG, undefined, outDir, port);
