/**
 * The stress test's speed (issue 13): all 15 corruptions × 5 severities on the first 1 000 MNIST test images
 * with mnist-cnn (75 000 corrupted images + the 1 000 clean ones), in the page (Stress test tab: click → done,
 * corrupting in its worker while the inference worker runs) and in the CLI's native path (onnxruntime-node),
 * with the longest main-thread task during the page's run (the dashboard must stay responsive).
 *
 * Part of `npm run bench`; alone: `npx tsx bench/stress.ts [--runs 3] [--port 4191]` (after `npx vite build`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { MNIST } from '../app/core/datasets';
import { defaultChoice } from '../app/core/preprocessChoice';
import { loadData, loadModel } from '../app/node/headlessEval';
import { stressTest } from '../app/node/stressEval';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { ensureBrowser } from '../e2e/browser';
import { CHROMIUM_ARGS } from '../e2e/sites';

export interface StressBench {
  readonly images: number;
  readonly pageMs: readonly number[];
  readonly pageLongestTaskMs: readonly number[];
  readonly native: readonly { readonly corruptMs: number; readonly inferenceMs: number; readonly totalMs: number }[];
  readonly agree: boolean;
  readonly summary: string;
  readonly target: string;
}

const TARGET_MS = 15_000;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** `site`: the built app's URL (ending in /). */
export async function benchStress(browser: Browser, site: string, runs: number, log: (line: string) => void = console.log): Promise<StressBench> {
  const pageMs: number[] = [];
  const longest: number[] = [];
  const native: { corruptMs: number; inferenceMs: number; totalMs: number }[] = [];
  let pagePoints = '';
  let nativePoints = '';
  const modelPath = join(PROJECT_ROOT, 'models', 'mnist-cnn.onnx');
  const folder = join(PROJECT_ROOT, 'public', 'data', 'mnist');
  const model = loadModel(modelPath);
  const data = await loadData(join(folder, MNIST.test.images.name), join(folder, MNIST.test.labels.name));
  const choice = defaultChoice(model.card);
  if (choice.kind !== 'fixed') throw new Error('mnist-cnn has a fixed preprocessing on its card');
  for (let r = 1; r <= runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`(() => {
      const b = (window.__stressProbe = { longTasks: [] });
      try { new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true }); } catch {}
    })();`);
    const page = await context.newPage();
    await page.goto(`${site}?model=mnist-cnn&tab=stress`);
    await page.waitForSelector('[data-testid="eval-status"][data-state="done"]', { timeout: 180_000 });
    await page.waitForSelector('[data-testid="stress-run"]', { timeout: 60_000 });
    const startedAt = await page.evaluate(() => performance.now());
    await page.getByTestId('stress-run').click();
    await page.waitForSelector('[data-testid="stress"][data-state="done"]', { timeout: 20 * 60_000 });
    const elapsed = Number(await page.getByTestId('stress').getAttribute('data-elapsed-ms'));
    const task = await page.evaluate((from) => Math.max(0, ...(window as unknown as { __stressProbe: { longTasks: { start: number; duration: number }[] } }).__stressProbe.longTasks.filter((t) => t.start >= from).map((t) => t.duration)), startedAt);
    pagePoints = (await page.getByTestId('stress-point').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset['corruption']}@${(e as HTMLElement).dataset['severity']}:${(e as HTMLElement).dataset['correct']}`))).join(',');
    await context.close();
    pageMs.push(elapsed);
    longest.push(task);
    const t = performance.now();
    const run = await stressTest(model, data, choice.pre);
    native.push({ corruptMs: run.timings.corruptMs, inferenceMs: run.timings.inferenceMs, totalMs: performance.now() - t });
    nativePoints = run.report.points.map((p) => `${p.corruption}@${p.severity}:${p.correct}`).join(',');
    log(`  stress run ${r}/${runs}: page ${(elapsed / 1000).toFixed(1)} s (longest main-thread task ${Math.round(task)} ms), native ${(native.at(-1)!.totalMs / 1000).toFixed(1)} s`);
  }
  const page = median(pageMs);
  const nat = median(native.map((n) => n.totalMs));
  const summary =
    `Stress test, mnist-cnn, 15 corruptions × 5 severities × 1 000 images (+ 1 000 clean = 76 000 inferences), medians of ${runs}: ` +
    `page ${(page / 1000).toFixed(1)} s (click → done; longest main-thread task ${Math.round(median(longest))} ms); ` +
    `native (CLI) ${(nat / 1000).toFixed(1)} s = corrupting ${(median(native.map((n) => n.corruptMs)) / 1000).toFixed(1)} s + inference ${(median(native.map((n) => n.inferenceMs)) / 1000).toFixed(1)} s; ` +
    `page / native ${(page / nat).toFixed(2)}×; page and native agree on every point: ${pagePoints === nativePoints ? 'yes' : 'NO'}`;
  const target = `${page <= TARGET_MS ? 'met' : 'NOT met'}: stress test (mnist-cnn, 75 000 corrupted images) ${(page / 1000).toFixed(1)} s in the page (target ≤ 15 s on 2 cores)`;
  return { images: 1000, pageMs, pageLongestTaskMs: longest, native, agree: pagePoints === nativePoints, summary, target };
}

// Alone: serve dist/ with the isolation headers and run the stress figure only.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, port: { type: 'string', default: '4191' }, dist: { type: 'string', default: 'dist' } } });
  const dist = resolve(PROJECT_ROOT, values.dist!);
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run \`npx vite build\` first.`);
  const server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'e2e', 'serve.ts'), '--port', values.port!, '--base', '/app/', '--root', dist], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready) => server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serve:') && ready()));
  const browser = await chromium.launch({ executablePath: ensureBrowser().path, args: CHROMIUM_ARGS, headless: true });
  try {
    const result = await benchStress(browser, `http://127.0.0.1:${values.port}/app/`, Math.max(1, Number(values.runs)));
    console.log(`\n${result.summary}\n  ${result.target}`);
  } finally {
    await browser.close();
    server.kill();
  }
}
