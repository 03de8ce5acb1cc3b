/**
 * A long session in one tab, as a user keeps the dashboard open: over a hundred evaluations cycling through the
 * built-in models, presets, datasets, a dropped model and test files, WebGL and WebAssembly, and comparisons.
 * Garbage is collected through the DevTools protocol (page and workers) before each measurement: after a warm-up
 * cycle, the page's JS heap after the last evaluation must be within 10 % of the heap after the tenth, the number of workers must
 * not grow, no page error, and the last matrix is the card's.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PROJECT_ROOT } from '../../app/node/testSetFiles';
import { ARTIFACTS, dropFiles, fileBuffer, openDashboard, readBytes, runCount, settle } from '../helpers';
import { expectCard, GarbageCollector, mnistSubset } from '../lifecycle';

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
  let tenth = { used: 0, code: 0 };
  const workerCounts: number[] = [];
  const heaps: number[] = [];
  const started = Date.now();
  for (let round = 0; evaluations < EVALUATIONS; round++) {
    for (const [name, step] of steps) {
      await test.step(`cycle ${round + 1}: ${name}`, step);
      evaluations++;
      if (evaluations === 10) tenth = await gc.heapSplit();
    }
    workerCounts.push(page.workers().length);
    heaps.push(evaluations === 10 ? tenth.used : await gc.pageHeap());
  }
  const last = await gc.heapSplit();
  const [objectsAtTenth, objectsAtLast] = [tenth.used - tenth.code, last.used - last.code];
  const minutes = (Date.now() - started) / 60_000;
  console.log(
    `  ${evaluations} evaluations in ${minutes.toFixed(1)} min; page JS heap after GC: ${mb(tenth.used)} after the 10th, ${mb(last.used)} after the last ` +
      `(${growth(tenth.used, last.used)}): objects ${mb(objectsAtTenth)} → ${mb(objectsAtLast)} (${growth(objectsAtTenth, objectsAtLast)}), ` +
      `compiled code ${mb(tenth.code)} → ${mb(last.code)}; workers after each cycle: ${workerCounts.join(', ')} (attached over CDP: ${gc.workerCount}); heap after each cycle: ${heaps.map(mb).join(', ')}`,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'soak-last.png') });

  // The page's objects, without the code V8 keeps compiling as the session goes on (reported above, not a leak).
  expect(objectsAtLast, "the JS heap's objects after the last evaluation are within 10 % of those after the tenth").toBeLessThanOrEqual(objectsAtTenth * 1.1);
  expect(Math.max(...workerCounts), 'the number of workers does not grow').toBe(workerCounts[0]);
  await expectCard(page, 'mnist-logreg');
  expect(problems.filter((p) => !p.includes('[W:onnxruntime:'))).toEqual([]);
});

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const growth = (from: number, to: number): string => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)} %`;
