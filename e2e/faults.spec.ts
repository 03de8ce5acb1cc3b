/**
 * Faults a long session meets: the inference worker dying mid-run (an uncaught error, or closed from outside the
 * page without one), a model whose session needs gigabytes, a lost WebGL context. Each gives its message (or its
 * result on WebAssembly), the results on screen stay, the next evaluation works, and after the huge model the tab's
 * memory comes back down (workerHost.ts).
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { bigSessionModel } from './fixtures/bigSession';
import { accuracyOf, ARTIFACTS, dropFiles, fileBuffer, openDashboard, runCount, settle } from './helpers';
import { callHook, enableTestHooks, expectCard, mnistSubset, renderers, rssOf } from './lifecycle';

const resultsKept = 'The results below are from the last evaluation that succeeded.';

/**
 * The worker ended by `kill` while mnist-cnn runs on 10 000 images: the page says so in plain words (`cause`), the
 * results on screen stay, a fresh worker replaces it, and "Try again" then gives the card's figures.
 */
async function workerEndedMidRun(page: Page, kill: () => Promise<unknown>, cause: string): Promise<void> {
  test.setTimeout(240_000);
  await enableTestHooks(page);
  // onnxruntime's .wasm, compiled by the first worker and kept by the page (runtimeModule.ts): the replacement downloads nothing.
  const runtimeDownloads: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/ort-wasm-simd-threaded.wasm')) runtimeDownloads.push(request.url());
  });
  const problems = await openDashboard(page);
  const accuracy = await accuracyOf(page);
  const generation = await callHook(page, 'workerGeneration');

  // The CNN takes a while on 10 000 images: end the worker once it has done some of them.
  const before = await runCount(page);
  await page.getByTestId('model-select').selectOption('mnist-cnn');
  await expect(page.getByTestId('eval-status')).toContainText(/Running .* [\d,]+ of 10,000 images/, { timeout: 60_000 });
  await kill();
  expect(await settle(page, before)).toBe('error');
  const error = page.getByTestId('error');
  await expect(error).toContainText(`The inference worker stopped unexpectedly (${cause}`);
  await expect(error).toContainText('A fresh one was started: evaluate again and it will run as before.');
  await expect(error).toContainText(resultsKept);
  expect(await accuracyOf(page), 'the results on screen stay').toBe(accuracy);
  await expect(page.getByTestId('cm-cell')).toHaveCount(100);
  expect(await callHook(page, 'workerGeneration')).toBe(generation + 1);

  const retry = await runCount(page);
  await page.getByRole('button', { name: 'Try again' }).click();
  expect(await settle(page, retry)).toBe('done');
  await expectCard(page, 'mnist-cnn');
  expect(runtimeDownloads, "onnxruntime's WebAssembly is downloaded once for both workers").toHaveLength(1);
  // A terminated worker is reported closed a moment after terminate(): wait for the count to settle.
  await expect.poll(() => page.workers().length, { message: 'no worker left behind', timeout: 10_000 }).toBeLessThanOrEqual(2);
  expect(problems).toEqual([]);
}

test('the inference worker dying mid-run: a plain message, the results stay, and the next evaluation works', async ({ page }) => {
  // As an uncaught failure inside onnxruntime would: the page sees the worker's error event.
  await workerEndedMidRun(page, () => callHook(page, 'crashWorker'), '');
});

test('the inference worker closed from outside the page mid-run (DevTools protocol, no error event): noticed, replaced, and the next evaluation works', async ({ page }) => {
  // Not the test hook: the worker's own context is closed through the DevTools protocol, as the browser could stop
  // it. It sends nothing and fires no error event; only its life lock (lifeLock.ts) coming free tells the page.
  await workerEndedMidRun(
    page,
    async () => {
      const inference = page.workers().find((w) => /eval\.worker/.test(w.url()));
      expect(inference, "the inference worker is among the page's workers").toBeDefined();
      await inference!.evaluate(() => (self as unknown as { close(): void }).close());
    },
    'it ended without reporting an error)',
  );
});

test('a model whose session needs gigabytes: out of memory in plain words, the worker replaced and the memory given back', async ({ page }) => {
  test.setTimeout(300_000);
  await enableTestHooks(page);
  const browser = await page.context().browser()!.newBrowserCDPSession();
  const problems = await openDashboard(page);
  const accuracy = await accuracyOf(page);
  // The page's renderer is the largest one (one page in this browser); its workers live in it.
  const renderer = (await renderers(browser)).sort((a, b) => b.rss - a.rss)[0]!;
  const rssBefore = rssOf(renderer.pid);

  const model = bigSessionModel();
  expect(await dropFiles(page, [fileBuffer('big-session.onnx', model)])).toBe('error');
  const error = page.getByTestId('error');
  await expect(error).toContainText(/^big-session\.onnx: The model ran out of memory while (it ran|onnxruntime prepared it): it needs more than the 4 GB a page's WebAssembly can use\. The model file is only \d+ kB/);
  await expect(error).toContainText('Try a smaller model');
  await expect(error).toContainText(resultsKept);
  // onnxruntime's own words are there, behind a "details" disclosure.
  const details = page.getByTestId('error-details');
  await expect(details).not.toHaveAttribute('open');
  await expect(details.locator('code')).toBeHidden();
  await details.locator('summary').click();
  await expect(details.locator('code')).toContainText(/bad_alloc|memory/i);
  await page.screenshot({ path: join(ARTIFACTS, 'fault-out-of-memory.png') });
  expect(await accuracyOf(page)).toBe(accuracy);
  const rssPeak = rssOf(renderer.pid);

  // The worker that grew to gigabytes is replaced once idle; the diagnostics say so and show the heap.
  await expect.poll(async () => (await callHook(page, 'workerMemory')).restarts, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const next = await runCount(page);
  await page.getByTestId('model-select').selectOption('mnist-cnn');
  expect(await settle(page, next)).toBe('done');
  await expectCard(page, 'mnist-cnn');
  const diagnostics = page.getByTestId('diagnostics');
  await diagnostics.locator('summary').click();
  await expect(page.getByTestId('memory-note')).toContainText(/onnxruntime's WebAssembly heap \d+ MB \(largest so far \d\.\d GB\)/);
  await diagnostics.screenshot({ path: join(ARTIFACTS, 'diagnostics-memory.png') });
  const heap = Number(await diagnostics.getAttribute('data-wasm-heap'));
  expect(heap, 'the fresh worker holds a small heap').toBeLessThan(512 * 2 ** 20);

  // Memory returns to within 1.5× of before the huge model (the old worker's heap is freed with it).
  let rssAfter = rssOf(renderer.pid);
  await expect
    .poll(
      async () => {
        await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
        rssAfter = rssOf(renderer.pid);
        return rssAfter;
      },
      { timeout: 30_000 },
    )
    .toBeLessThanOrEqual(1.5 * rssBefore);
  console.log(`  renderer resident memory: ${mb(rssBefore)} before, ${mb(rssPeak)} after the failure, ${mb(rssAfter)} once the worker was recycled; wasm heap now ${mb(heap)}`);
  // onnxruntime logs its own warnings about this model on the console (constant folding skipped for the 3 GB Concat).
  expect(problems.filter((p) => !p.includes('[W:onnxruntime:'))).toEqual([]);
});

test('a lost WebGL context: evaluated with WebAssembly with a notice, and WebGL works again after', async ({ page }) => {
  test.setTimeout(300_000);
  await enableTestHooks(page);
  await openDashboard(page);
  // Few images: WebGL renders in software (SwiftShader) here.
  expect(await dropFiles(page, mnistSubset(300))).toBe('done');
  const wasm = await accuracyOf(page);
  let before = await runCount(page);
  await page.getByTestId('backend-select').selectOption('webgl');
  expect(await settle(page, before)).toBe('done');
  await expect(page.getByTestId('eval-status')).toContainText('· WebGL ·');

  await callHook(page, 'loseWebGLContext');
  // The same model and data again on WebGL (the preprocessing named instead of the default: a new request).
  before = await runCount(page);
  await page.getByTestId('pre-select').selectOption('unit');
  expect(await settle(page, before)).toBe('done');
  await expect(page.getByTestId('eval-status')).toContainText('· WebAssembly');
  await expect(page.getByTestId('notices')).toContainText('WebGL could not run mnist-logreg.onnx: the WebGL context was lost');
  await expect(page.getByTestId('notices')).toContainText('It was evaluated with WebAssembly instead.');
  expect(await accuracyOf(page)).toBe(wasm);

  // A fresh worker gets a fresh context: WebGL runs again.
  before = await runCount(page);
  await page.getByTestId('pre-select').selectOption({ index: 0 });
  expect(await settle(page, before)).toBe('done');
  await expect(page.getByTestId('eval-status')).toContainText('· WebGL ·');
  expect(Math.abs((await accuracyOf(page)) - wasm)).toBeLessThanOrEqual(2 / 300);
});

test('a test file past this device\'s limit is refused before it is read, and the results stay', async ({ page }) => {
  await openDashboard(page);
  const accuracy = await accuracyOf(page);
  // A 3 KB gzip file whose IDX header declares 3 000 000 images of 28×28 (2.2 GB of pixels).
  const header = Buffer.from([0, 0, 8, 3, 0, 0x2d, 0xc6, 0xc0, 0, 0, 0, 28, 0, 0, 0, 28]);
  const bomb = fileBuffer('bomb-images.gz', gzipSync(Buffer.concat([header, Buffer.alloc(1 << 20)])));
  expect(await dropFiles(page, [bomb, mnistSubset(10)[1]!])).toBe('error');
  await expect(page.getByTestId('error')).toContainText(
    /^bomb-images\.gz declares 3,000,000 × 28 × 28 images \(2\.2 GB of pixels\), more than the [\d.]+ (MB|GB) this page accepts for a test set on this device \(the browser (reports \d+ GB of memory|does not report its memory; 4 GB assumed)\)\. It was not read\./,
  );
  expect(await accuracyOf(page)).toBe(accuracy);
});

const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
