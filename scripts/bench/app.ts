/**
 * (c) and the start-up half of (e), on the real built app as a person uses it: open the page, wait
 * for "ready", press Train, wait for the first recorded step to be drawn, then watch ~10 s of
 * training. Timestamps are taken inside the page (an init script) so the driver's polling does not
 * blur them: long tasks from PerformanceObserver('longtask'), frames from a requestAnimationFrame
 * loop, and marks when the run state, step counter and loss chart first change.
 */
import type { Browser } from '@playwright/test';
import { join } from 'node:path';
import { loadSourceMap, type SourceMapIndex } from './attribution';
import { relayConsole } from './browser';
import { PageProfiler, type ProfileSummary } from './profile';
import type { AppHealth } from './results';

declare global {
  interface Window {
    __bench?: {
      marks: Record<string, number>;
      longTasks: { start: number; duration: number }[];
      frames: number[];
    };
  }
}

/** Runs in the page before any of its scripts. */
function instrument(): void {
  const b = { marks: {} as Record<string, number>, longTasks: [] as { start: number; duration: number }[], frames: [] as number[] };
  window.__bench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const tick = (t: number) => {
    b.frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const mark = (k: string) => {
    if (!(k in b.marks)) b.marks[k] = performance.now();
  };
  const attr = (id: string, name: string) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name));
  document.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('[data-testid="train-toggle"]')) mark('train');
    },
    true,
  );
  // Watches the DOM only until the first record is drawn, so it adds nothing to the window itself.
  const watch = new MutationObserver(() => {
    if (document.querySelector('[data-testid="run-state"]')?.textContent === 'ready') mark('ready');
    if (attr('step-counter', 'data-step') > 0) mark('firstStep');
    if (attr('loss-chart', 'data-points') > 0) {
      mark('firstRecord');
      watch.disconnect();
    }
  });
  document.addEventListener('DOMContentLoaded', () =>
    watch.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true }),
  );
}

export interface AppOptions {
  url: string;
  /** The served build folder: its hidden source maps name the profiled functions. */
  distDir: string;
  backend: string;
  windowS: number;
  profile: boolean;
  log: (line: string) => void;
}

export interface AppRun {
  health: AppHealth;
  /** The longest tasks of the window, ms after the first record was drawn. */
  topTasks: { atMs: number; durationMs: number }[];
  profile: ProfileSummary | null;
  /** The longest tasks of the profiled pass, when a second pass ran (profile comes from it). */
  profiledTopTasks?: { atMs: number; durationMs: number }[];
}

const LOAD_TIMEOUT_MS = 180_000;

export async function measureApp(browser: Browser, o: AppOptions): Promise<AppRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  relayConsole(context, (l) => o.log(`  app: ${l}`));
  try {
    const page = await context.newPage();
    // As source text: tsx compiles this file with esbuild's keepNames, whose `__name` helper
    // calls would not exist in the page, so a no-op stand-in comes first.
    await page.addInitScript({ content: `var __name = (f) => f;\n(${instrument.toString()})();` });
    // A run long enough never to finish inside the window.
    const url = `${o.url}?backend=${o.backend}&training.steps=1000000`;
    o.log(`app: ${url}`);
    await page.goto(url);
    await page.waitForFunction(() => window.__bench!.marks.ready !== undefined, null, { timeout: LOAD_TIMEOUT_MS });
    await page.getByTestId('train-toggle').click();
    await page.waitForFunction(() => window.__bench!.marks.firstRecord !== undefined, null, { timeout: LOAD_TIMEOUT_MS });
    const backend = (await page.getByTestId('backend-badge').getAttribute('data-backend')) ?? o.backend;
    const step0 = Number(await page.getByTestId('step-counter').getAttribute('data-step'));
    const maps = new Map<string, SourceMapIndex | null>();
    const mapFor = (url: string) => {
      const path = new URL(url).pathname;
      if (!maps.has(path)) maps.set(path, loadSourceMap(join(o.distDir, path)));
      return maps.get(path)!;
    };
    const profiler = o.profile ? new PageProfiler(page, mapFor) : null;
    await profiler?.start();
    const t0 = await page.evaluate(() => performance.now());
    o.log(`app: training on ${backend}; watching the page for ${o.windowS} s`);
    await page.waitForTimeout(o.windowS * 1000);
    const t1 = await page.evaluate(() => performance.now());
    const step1 = Number(await page.getByTestId('step-counter').getAttribute('data-step'));
    const b = await page.evaluate(() => window.__bench!);
    const tasks = b.longTasks.filter((t) => t.start + t.duration >= t0 && t.start <= t1);
    const profile = profiler ? await profiler.stop(tasks) : null;
    await page.getByTestId('train-toggle').click();
    const frames = b.frames.filter((f) => f >= t0 && f <= t1);
    const gaps = frames.slice(1).map((f, i) => f - frames[i]!);
    const { ready, train, firstRecord } = b.marks as Record<string, number>;
    const health: AppHealth = {
      backend,
      url,
      loadToReadyMs: ready!,
      trainToFirstMetricMs: firstRecord! - train!,
      loadToFirstMetricMs: ready! + (firstRecord! - train!),
      windowS: (t1 - t0) / 1000,
      longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      longTasks: tasks.length,
      fps: frames.length > 1 ? ((frames.length - 1) * 1000) / (frames.at(-1)! - frames[0]!) : 0,
      worstFrameMs: gaps.length ? Math.max(...gaps) : NaN,
      appStepsPerSec: ((step1 - step0) * 1000) / (t1 - t0),
    };
    const topTasks = [...tasks]
      .sort((a, b2) => b2.duration - a.duration)
      .slice(0, 5)
      .map((t) => ({ atMs: t.start - t0, durationMs: t.duration }));
    return { health, topTasks, profile };
  } finally {
    await context.close();
  }
}
