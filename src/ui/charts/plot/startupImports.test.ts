/**
 * Recharts stays off the page's start-up path: the live charts draw with ./LinePlot and
 * ./BarPlot, and only lazily loaded tabs (the Runs tab's Compare chart) may use Recharts. Follows
 * the static imports of the sources from the entry module, as the bundler does.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENTRY = resolve(__dirname, '../../main.tsx');
/** `import … from '…'` and `export … from '…'`, not `import('…')`; type-only imports vanish. */
const STATIC = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

function resolveModule(from: string, spec: string): string | null {
  const base = join(dirname(from), spec);
  const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => base + e).find(isFile);
  return found ?? null;
}

/** Every source module and package reachable from `entry` through static imports. */
function startupGraph(entry: string): { modules: Set<string>; packages: Map<string, string> } {
  const modules = new Set<string>();
  const packages = new Map<string, string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (modules.has(file)) continue;
    modules.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, file);
        continue;
      }
      const next = resolveModule(file, spec);
      if (next && /\.tsx?$/.test(next)) todo.push(next);
    }
  }
  return { modules, packages };
}

describe('start-up imports', () => {
  const { modules, packages } = startupGraph(ENTRY);

  it('reach the live charts', () => {
    const names = [...modules].map((m) => m.replace(/\\/g, '/'));
    expect(names.some((m) => m.endsWith('charts/LossChart.tsx'))).toBe(true);
    expect(names.some((m) => m.endsWith('charts/plot/LinePlot.tsx'))).toBe(true);
  });

  it('would show recharts if it were there (the lazily loaded Runs tab has it)', () => {
    const runs = startupGraph(resolve(__dirname, '../../runs/RunsView.tsx'));
    expect(runs.packages.has('recharts')).toBe(true);
  });

  it('do not include recharts', () => {
    const recharts = [...packages].filter(([p]) => p === 'recharts' || p.startsWith('recharts/'));
    expect(recharts, `imported by ${recharts.map(([, f]) => f).join(', ')}`).toEqual([]);
  });
});
