/**
 * (e) JavaScript sizes of the built app, gzip -9 as a static host would serve them. Main thread:
 * the entry script of index.html and everything it imports statically (what must load before
 * the page runs). Worker: the worker chunk(s) and their static imports. Chunks the main thread
 * loads lazily (dynamic import) are listed apart, as they do not block start-up.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { attributeFile, type Share } from './attribution';
import type { FileSize, JsSizes } from './results';

/** Static imports in minified ES output: `import"./a.js"`, `from"./a.js"` (not `import("./a.js")`). */
const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["']\.\/([\w.-]+\.js)["']/g;

export function staticImports(code: string): string[] {
  return [...code.matchAll(STATIC_IMPORT)].map((m) => m[1]!);
}

/** Every file reachable from `roots` through static imports (names inside `assets`). */
export function closure(roots: string[], read: (file: string) => string): string[] {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...staticImports(read(f)));
  }
  return [...seen];
}

function sizeOf(path: string): FileSize {
  const bytes = readFileSync(path);
  return { file: basename(path), bytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength };
}

export interface BuiltSizes extends JsSizes {
  /** Main-thread chunks loaded on demand (dynamic imports), not counted in the budget. */
  lazy: FileSize[];
  /** Where the main-thread characters come from (source maps); empty without maps. */
  mainBySource: Share[];
}

/** Sums the per-file shares of several files into one list. */
function combine(lists: Share[][]): Share[] {
  const m = new Map<string, number>();
  for (const l of lists) for (const s of l) m.set(s.group, (m.get(s.group) ?? 0) + s.chars);
  const total = [...m.values()].reduce((a, b) => a + b, 0);
  return [...m.entries()].map(([group, chars]) => ({ group, chars, share: total ? chars / total : 0 })).sort((a, b) => b.chars - a.chars);
}

export function measureSizes(distDir: string): BuiltSizes {
  const assets = join(distDir, 'assets');
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const read = (f: string) => readFileSync(join(assets, f), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="[^"]*?([\w.-]+\.js)"/g)].map((m) => m[1]!);
  if (entries.length === 0) throw new Error(`${distDir}/index.html names no module script`);
  const main = closure(entries, read);
  // Vite names a worker chunk after its source file (lab.worker.ts → lab.worker-<hash>.js).
  const worker = closure(js.filter((f) => /worker/i.test(f)), read).filter((f) => !main.includes(f));
  const lazy = js.filter((f) => !main.includes(f) && !worker.includes(f));
  const sized = (fs: string[]) => fs.map((f) => sizeOf(join(assets, f))).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const maps = main.map((f) => attributeFile(join(assets, f))).filter((x): x is Share[] => x !== null);
  return { mainThread: sized(main), worker: sized(worker), lazy: sized(lazy), mainBySource: combine(maps) };
}
