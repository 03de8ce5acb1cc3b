/** The site, the browser and the pages: the static server, the page probe, waiting for results, the raw page. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PRESETS } from '../app/core/preprocess';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { ensureBrowser } from '../e2e/browser';
import { CACHE, CHROMIUM_ARGS, DIST, opts, ORIGIN, PORT, THIRD_PARTY, TIMEOUT } from './config';
import { testUrls, type BenchModel } from './models';
import { log } from './report';

// ---------------------------------------------------------------------------------------------------
// The site and the browser.

export function ensureBuilt(): void {
  if (existsSync(join(DIST, 'index.html')) && !opts.build) {
    log(`Site: ${relative(PROJECT_ROOT, DIST)}/ built ${statSync(join(DIST, 'index.html')).mtime.toISOString()} (run \`npx vite build\` first if the sources changed, or pass --build)`);
    return;
  }
  log(`Building the site into ${relative(PROJECT_ROOT, DIST)}/ (npx vite build)…`);
  const outDir = relative(PROJECT_ROOT, DIST);
  const build = spawnSync('npx', ['vite', 'build', ...(outDir === 'dist' ? [] : ['--outDir', outDir, '--emptyOutDir'])], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
}

export let server: ChildProcess | null = null;

/** Starts the static server, or starts it again if something ended it. */
export async function ensureServer(): Promise<void> {
  if (server && server.exitCode === null && server.signalCode === null) return;
  server = await startServer();
}

/** The site at `/app/` with the benchmark's pages and models beside it; `isolated: false` is a plain static host (no COOP/COEP). */
export async function startServer(port = PORT, isolated = true): Promise<ChildProcess> {
  const mounts = [
    `/bench/=${join(PROJECT_ROOT, 'bench', 'page')}`,
    `/models/=${join(PROJECT_ROOT, 'models')}`,
    `/third-party/=${THIRD_PARTY}`,
    `/relaxed/=${join(CACHE, 'relaxed')}`,
    `/train/=${join(PROJECT_ROOT, 'models', '.data')}`,
    `/ort/=${join(PROJECT_ROOT, 'node_modules', 'onnxruntime-web', 'dist')}`,
  ];
  mkdirSync(join(CACHE, 'relaxed'), { recursive: true });
  const server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'e2e', 'serve.ts'), '--port', String(port), '--base', '/app/', '--root', DIST, ...mounts.flatMap((m) => ['--mount', m]), ...(isolated ? [] : ['--no-isolation'])], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  server.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  await new Promise<void>((ready, failed) => {
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serve:') && ready());
    server.on('exit', (code) => failed(new Error(`the static server exited (${code}): ${err}`)));
    setTimeout(() => failed(new Error(`the static server did not start: ${err}`)), 30_000);
  });
  server.on('exit', (code, signal) => signal !== 'SIGTERM' && console.error(`bench: the static server exited (${code ?? signal}): ${err}`));
  return server;
}

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: ensureBrowser().path, args: CHROMIUM_ARGS, headless: true });

/** Installed before any page script: status transitions, long tasks and the peak JS heap, with timestamps. */
export const INSTRUMENT = `(() => {
  const b = (window.__benchProbe = { transitions: [], longTasks: [], peakHeap: 0, viewsDrawn: [], evaluateMarks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // When the page asked the worker for an evaluation (app/inference/client.ts, RUN_REQUESTED).
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'lens:run-requested') b.evaluateMarks.push(e.startTime);
  }).observe({ type: 'mark', buffered: true });
  const watch = () => {
    const el = document.querySelector('[data-testid="eval-status"]');
    if (!el) return;
    const state = el.getAttribute('data-state');
    const run = el.getAttribute('data-run');
    const last = b.transitions[b.transitions.length - 1];
    if (!last || last.state !== state || last.run !== run) b.transitions.push({ state, run, t: performance.now() });
    // The views after the headline and matrix are drawn in a deferred render (App.tsx): when they show this run.
    // Charts draw once their box is measured (ChartFrame.tsx: data-drawn).
    const views = document.querySelector('main.dashboard')?.getAttribute('data-views');
    const charts = [...document.querySelectorAll('.chart-frame')].every((f) => f.getAttribute('data-drawn') === 'true');
    const lastViews = b.viewsDrawn[b.viewsDrawn.length - 1];
    if (views === 'current' && charts && state === 'done' && (!lastViews || lastViews.run !== run)) b.viewsDrawn.push({ run, t: performance.now() });
  };
  new MutationObserver(watch).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-run', 'data-views', 'data-drawn'] });
  const heap = () => {
    const m = performance.memory;
    if (m) b.peakHeap = Math.max(b.peakHeap, m.usedJSHeapSize);
  };
  setInterval(heap, 20);
})();`;

export interface Probe {
  readonly transitions: { state: string; run: string; t: number }[];
  readonly viewsDrawn: { run: string; t: number }[];
  readonly longTasks: { start: number; duration: number }[];
  readonly peakHeap: number;
  /** When the page requested evaluations from the worker (page clock). */
  readonly evaluateMarks: number[];
}

/**
 * A fresh browser context (empty caches) with the probe installed, and a page in it. Service workers are blocked
 * unless asked for: the site's worker precaches 22 MB after the first results, which would run into the figures
 * taken after them (bench/visits.ts measures repeat visits with it).
 */
export async function newPage(browser: Browser, serviceWorkers: 'allow' | 'block' = 'block'): Promise<{ context: BrowserContext; page: Page; errors: string[]; scripts: string[] }> {
  await ensureServer();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers });
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  const errors: string[] = [];
  const scripts: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
  return { context, page, errors, scripts };
}

/** Waits until the status says `done` (or `error`) for a run number above `after`. */
export async function waitDone(page: Page, after = -1): Promise<void> {
  await page.waitForFunction(
    (after) => {
      const el = document.querySelector('[data-testid="eval-status"]');
      const state = el?.getAttribute('data-state');
      return (state === 'done' || state === 'error') && Number(el?.getAttribute('data-run') ?? 0) > after;
    },
    after,
    { timeout: TIMEOUT, polling: 50 },
  );
  const state = await page.getByTestId('eval-status').first().getAttribute('data-state');
  if (state !== 'done') throw new Error(`the page ended in ${state}: ${await page.getByTestId('error').first().textContent().catch(() => '?')}`);
}

/** One evaluation's figures, from the status transitions of run `run`. */
export function evaluationFigures(probe: Probe, run: string): { runningAt: number; requestedAt: number; doneAt: number; longestTask: number; startAt: number; viewsAfterDoneMs: number; longestTaskToViews: number; longestTaskOpenToViews: number } {
  const ts = probe.transitions.filter((t) => t.run === run);
  const startAt = ts[0]?.t ?? NaN;
  const runningAt = ts.find((t) => t.state === 'running')?.t ?? NaN;
  const doneAt = ts.find((t) => t.state === 'done' && t.t >= runningAt)?.t ?? NaN;
  // The run's request to the worker: the last before done (calibration's runs come before it). React may draw
  // "running" after the request went, so the evaluation is timed from whichever came first.
  const requests = (probe.evaluateMarks ?? []).filter((t) => t >= startAt && t <= doneAt);
  const requestedAt = Math.min(runningAt, requests.length > 0 ? requests[requests.length - 1]! : Infinity);
  const viewsAt = probe.viewsDrawn.find((v) => v.run === run && v.t >= doneAt)?.t ?? NaN;
  const longest = (until: number): number => Math.max(0, ...probe.longTasks.filter((l) => l.start + l.duration > runningAt && l.start < until).map((l) => l.duration));
  // From opening the page (navigation start: the observer is buffered) until every view shows this run.
  const longestTaskOpenToViews = Math.max(0, ...probe.longTasks.filter((l) => l.start < viewsAt).map((l) => l.duration));
  return { runningAt, requestedAt, doneAt, longestTask: longest(doneAt), longestTaskOpenToViews, startAt, viewsAfterDoneMs: viewsAt - doneAt, longestTaskToViews: longest(viewsAt) };
}

/** Waits until the deferred views, charts included, show the run that is done (App.tsx draws them after the headline and matrix). */
export async function waitViews(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('main.dashboard')?.getAttribute('data-views') === 'current' && [...document.querySelectorAll('.chart-frame')].every((f) => f.getAttribute('data-drawn') === 'true'),
    null,
    { timeout: TIMEOUT, polling: 50 },
  );
  await page.waitForTimeout(200); // the long-task observer delivers its entries a little later
}


export interface RawRun {
  readonly loopMs: number;
  readonly warmLoopMs: number;
  readonly sessionMs: number;
  readonly preprocessMs: number;
  readonly openToDoneMs: number;
  readonly accuracy: number;
  readonly threads: number;
}

/** The raw page's address for a model (bench/page/raw.js says what each parameter means). */
export function rawPageUrl(model: BenchModel, modelUrl: string, fixedBatch: number | null, inWorker = false, origin = ORIGIN): string {
  const urls = testUrls(model.dataset, origin);
  const { scale, offset } = PRESETS[model.pre.preset];
  const q = new URLSearchParams({
    model: modelUrl,
    images: urls.images,
    labels: urls.labels,
    ort: `${origin}/ort/`,
    input: model.feed.inputName,
    output: model.feed.scoresOutput,
    layout: model.feed.layout,
    batch: String(fixedBatch ?? 1000),
    fixed: fixedBatch ? '1' : '0',
    scale: String(scale),
    offset: String(offset),
    invert: model.pre.invert ? '1' : '0',
    worker: inWorker ? '1' : '0',
  });
  return `${origin}/bench/raw.html?${q}`;
}

/** Opens the raw page in `page` and reads its figures. */
export async function rawFigures(page: Page, url: string): Promise<RawRun> {
  await page.goto(url);
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('status')?.dataset['state'] ?? ''), null, { timeout: TIMEOUT, polling: 50 });
  const r = await page.evaluate(() => (window as unknown as { __bench: Record<string, unknown> }).__bench);
  if (r['error']) throw new Error(`raw page: ${String(r['error'])}`);
  const loops = r['loopMs'] as number[];
  return { loopMs: loops[0]!, warmLoopMs: loops[1] ?? NaN, sessionMs: r['sessionMs'] as number, preprocessMs: r['preprocessMs'] as number, openToDoneMs: r['openToFirstDoneMs'] as number, accuracy: r['accuracy'] as number, threads: r['threads'] as number };
}

export async function rawRun(browser: Browser, model: BenchModel, modelUrl: string, fixedBatch: number | null, inWorker = false): Promise<RawRun> {
  const { context, page } = await newPage(browser);
  try {
    return await rawFigures(page, rawPageUrl(model, modelUrl, fixedBatch, inWorker));
  } finally {
    await context.close();
  }
}
