/**
 * A long session in one tab, as a user keeps the dashboard open: over a hundred evaluations cycling through the
 * built-in models, presets, datasets, a dropped model and test files, WebGL and WebAssembly, and comparisons.
 * Garbage is collected through the DevTools protocol (page and workers) before each measurement: after a warm-up
 * cycle, the page's whole JS heap in use after the last evaluation must be within 10 % of the heap after the tenth,
 * the number of workers must not grow, no page error, and the last matrix is the card's. The browser runs
 * JavaScript in V8's interpreter only (interpreterOnly.ts: the machine code of the optimising tiers grows through a
 * long session without being a leak, and would look like one).
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PROJECT_ROOT } from '../../app/node/testSetFiles';
import { ARTIFACTS, dropFiles, fileBuffer, openDashboard, readBytes, runCount, settle } from '../helpers';
import { expectCard, GarbageCollector, mnistSubset } from '../lifecycle';
import { V8_INTERPRETER_ONLY } from './interpreterOnly';

const EVALUATIONS = 100;

/** Changes the request through a control and waits for its evaluation. */
async function evaluateAfter(page: Page, act: () => Promise<void>): Promise<void> {
  const before = await runCount(page);
  await act();
  expect(await settle(page, before), await page.getByTestId('eval-status').innerText()).toBe('done');
}

/** Opens the comparison (a second model evaluated on the same test set) and goes back to the per-class tab. */
async function compare(page: Page): Promise<void> {
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('compare')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('tab-per-class').click();
}

/**
 * One cycle: ten evaluations, from and back to the default view (mnist-logreg on MNIST, WebAssembly), so that the
 * tenth evaluation and the last leave the page in the same view and their heaps compare like with like.
 */
function cycle(page: Page, subset: ReturnType<typeof mnistSubset>, model: ReturnType<typeof fileBuffer>): [string, () => Promise<void>][] {
  const select = (testId: string, value: string) => () => evaluateAfter(page, async () => void (await page.getByTestId(testId).selectOption(value)));
  return [
    ['preset standard', select('pre-select', 'standard')],
    // A new model brings its own default preprocessing back.
    ['mnist-cnn', select('model-select', 'mnist-cnn')],
    ['comparison with mnist-logreg', () => compare(page)],
    ['Fashion-MNIST', select('dataset-select', 'fashion-mnist')],
    ['MNIST', select('dataset-select', 'mnist')],
    ['dropped model and 500 test images (auto preprocessing)', async () => expect(await dropFiles(page, [model, ...subset])).toBe('done')],
    ['WebGL', select('backend-select', 'webgl')],
    ['WebAssembly', select('backend-select', 'wasm')],
    ['built-in mnist-logreg', select('model-select', 'mnist-logreg')],
    ['built-in MNIST', select('dataset-select', 'mnist')],
  ];
}

test(`${EVALUATIONS} evaluations in one tab: the heap stays flat, workers do not pile up, the results stay right`, async ({ page }) => {
  const problems = await openDashboard(page);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const gc = await GarbageCollector.attach(page);
  const subset = mnistSubset(500);
  const model = fileBuffer('my-model.onnx', readBytes(join(PROJECT_ROOT, 'models', 'mnist-logreg.onnx')));
  const steps = cycle(page, subset, model);

  // One cycle first, not counted: it fills the page's caches (three models, three test sets), loads the views'
  // code and lets V8 compile what runs hot; the heap after it is where a page without leaks stays.
  for (const [name, step] of steps) await test.step(`warm-up: ${name}`, step);

  let evaluations = 0;
  let tenth: Awaited<ReturnType<GarbageCollector['heapByType']>> | undefined;
  const workerCounts: number[] = [];
  const heaps: number[] = [];
  const started = Date.now();
  for (let round = 0; evaluations < EVALUATIONS; round++) {
    for (const [name, step] of steps) {
      await test.step(`cycle ${round + 1}: ${name}`, step);
      evaluations++;
      if (evaluations === 10) tenth = await gc.heapByType();
    }
    workerCounts.push(page.workers().length);
    heaps.push(evaluations === 10 ? tenth!.used : await gc.pageHeap());
  }
  const last = await gc.heapByType();
  const minutes = (Date.now() - started) / 60_000;
  console.log(
    `  ${evaluations} evaluations in ${minutes.toFixed(1)} min (V8 interpreter only: ${V8_INTERPRETER_ONLY}); page JS heap after GC: ${mb(tenth!.used)} after the 10th, ` +
      `${mb(last.used)} after the last (${growth(tenth!.used, last.used)}); by type in heap snapshots: ${changes(tenth!.byType, last.byType)}; ` +
      `workers after each cycle: ${workerCounts.join(', ')} (attached over CDP: ${gc.workerCount}); heap after each cycle: ${heaps.map(mb).join(', ')}`,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'soak-last.png') });

  // The bound, on the whole JS heap in use after garbage collection.
  expect(last.used, 'the JS heap after the last evaluation is within 10 % of the heap after the tenth').toBeLessThanOrEqual(tenth!.used * 1.1);
  expect(Math.max(...workerCounts), 'the number of workers does not grow').toBe(workerCounts[0]);
  await expectCard(page, 'mnist-logreg');
  expect(problems.filter((p) => !p.includes('[W:onnxruntime:'))).toEqual([]);
});

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const growth = (from: number, to: number): string => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)} %`;
const kb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${Math.round(bytes / 1024)} kB`;

/** Each node type's bytes at the tenth evaluation → at the last, largest change first (changes under 1 kB left out). */
function changes(tenth: Map<string, number>, last: Map<string, number>): string {
  const types = [...new Set([...tenth.keys(), ...last.keys()])];
  const delta = (type: string) => (last.get(type) ?? 0) - (tenth.get(type) ?? 0);
  return types
    .filter((type) => Math.abs(delta(type)) >= 1024)
    .sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a)))
    .map((type) => `${type} ${mb(tenth.get(type) ?? 0)} → ${mb(last.get(type) ?? 0)} (${kb(delta(type))})`)
    .join(', ');
}
