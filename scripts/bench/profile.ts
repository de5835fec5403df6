/**
 * Evidence for a failing main-thread budget: a sampling CPU profile of the page (Chrome DevTools
 * protocol) summarized as self time per function, over the whole window and inside the long
 * tasks only. Profiling slows the page down, so it runs in a pass of its own (--app-profile).
 */
import type { CDPSession, Page } from '@playwright/test';
import { groupOf, type SourceMapIndex } from './attribution';

/** Finds the source map of a script the page loaded (by URL), or null. */
export type MapFor = (url: string) => SourceMapIndex | null;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  windowTop: ProfileLine[];
  /** Self time by npm package or app folder (source-mapped), or browser work in parentheses. */
  windowByPackage: ProfileLine[];
  /** Self time inside the long tasks only (what made them long). */
  longTaskTop: ProfileLine[];
}

export class PageProfiler {
  private session: CDPSession | null = null;
  /** performance.now() in the page when the profile started (aligns samples with long tasks). */
  private pageStartMs = 0;

  constructor(
    private readonly page: Page,
    private readonly mapFor: MapFor,
  ) {}

  async start(): Promise<void> {
    this.session = await this.page.context().newCDPSession(this.page);
    await this.session.send('Profiler.enable');
    await this.session.send('Profiler.setSamplingInterval', { interval: 500 });
    await this.session.send('Profiler.start');
    this.pageStartMs = await this.page.evaluate(() => performance.now());
  }

  /** Stops and summarizes; `tasks` are long tasks in page time (performance.now ms). */
  async stop(tasks: { start: number; duration: number }[], top = 12): Promise<ProfileSummary> {
    const { profile } = (await this.session!.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await this.session!.detach();
    return summarize(profile, this.pageStartMs, tasks, top, this.mapFor);
  }
}

/** "name (src/ui/App.tsx:12)" through the source map where there is one; package for grouping. */
function describe(n: ProfileNode, mapFor: MapFor): { label: string; group: string } {
  const f = n.callFrame;
  if (!f.url) return { label: f.functionName, group: f.functionName };
  const pos = mapFor(f.url)?.lookup(f.lineNumber, f.columnNumber);
  if (pos) {
    // Short paths: from the package (node_modules/…) or the app folder (src/…).
    const src = pos.source.replace(/^.*node_modules\//, '').replace(/^.*?(?=src\/)/, '');
    return { label: `${pos.name ?? f.functionName ?? '(anonymous)'} (${src}:${pos.line})`, group: groupOf(pos.source) };
  }
  const file = f.url.split('/').pop()!.split('?')[0];
  return { label: `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`, group: file ?? f.url };
}

export function summarize(
  p: CpuProfile,
  pageStartMs: number,
  tasks: { start: number; duration: number }[],
  top: number,
  mapFor: MapFor,
): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const seen = new Map<number, { label: string; group: string }>();
  const all = new Map<string, number>();
  const groups = new Map<string, number>();
  const inTasks = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);
  let t = 0;
  const inLongTask = (ms: number) => tasks.some((k) => ms >= k.start && ms <= k.start + k.duration);
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i + 1] ?? 0;
    t += p.timeDeltas[i] ?? 0;
    const node = byId.get(p.samples[i]!);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    if (!seen.has(node.id)) seen.set(node.id, describe(node, mapFor));
    const { label, group } = seen.get(node.id)!;
    const ms = dt / 1000;
    add(all, label, ms);
    add(groups, group, ms);
    if (inLongTask(pageStartMs + t / 1000)) add(inTasks, label, ms);
  }
  return { windowTop: topOf(all, top), windowByPackage: topOf(groups, top), longTaskTop: topOf(inTasks, top) };
}

function topOf(m: Map<string, number>, n: number): ProfileLine[] {
  const total = [...m.values()].reduce((s, x) => s + x, 0);
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, selfMs]) => ({ where, selfMs, share: total > 0 ? selfMs / total : 0 }));
}
