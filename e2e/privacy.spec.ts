/**
 * Privacy: nothing leaves the page's origin. Every request the browser makes for the page — the document,
 * its scripts, the inference worker and onnxruntime's threads, service workers — is recorded while the
 * page opens, evaluates the built-in model and then a dropped model with dropped IDX files; all of them
 * must go to the site itself, and none may carry the dropped files anywhere.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { accuracyOf, dropFiles, FIXTURES, MNIST_FILES, openDashboard, THIRD_PARTY } from './helpers';
import { SITE } from './sites';

test('opening, evaluating and evaluating dropped files makes no request outside the page’s origin', async ({ page, context }) => {
  const requests: { url: string; method: string; from: string }[] = [];
  const record = (from: string) => (r: { url: () => string; method: () => string }) => requests.push({ url: r.url(), method: r.method(), from });
  // The context sees the page's and its workers' requests and those of service workers; the page listener
  // is a second witness.
  context.on('request', record('context'));
  page.on('request', record('page'));
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));

  await openDashboard(page);
  const builtin = await accuracyOf(page);
  // A third-party model with the MNIST test files, as a user drops them; then a model with external data.
  expect(await dropFiles(page, [join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'), ...MNIST_FILES])).toBe('done');
  expect(await accuracyOf(page)).not.toBe(builtin);
  const external = join(FIXTURES, 'external');
  expect(await dropFiles(page, [join(external, 'mnist-logreg-ext.onnx'), join(external, 'mnist-logreg-ext.onnx.data'), ...MNIST_FILES])).toBe('done');
  await page.getByTestId('matrix-view-errors').click();
  await page.getByTestId('redraw').click();
  await page.waitForTimeout(500); // anything sent after the last result would be caught here

  const origin = new URL(SITE).origin;
  const urls = [...new Set(requests.map((r) => r.url))];
  console.log(`  ${requests.length} requests, ${urls.length} distinct:\n${urls.map((u) => `    ${u}`).join('\n')}`);
  // The recording sees the worker's requests: onnxruntime's WebAssembly is fetched from inside the worker.
  expect(urls.some((u) => u.endsWith('/ort/ort-wasm-simd-threaded.wasm'))).toBe(true);
  expect(urls.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin)).toEqual([]);
  // Dropped files are read in the page: nothing is posted anywhere, not even to the site.
  expect(requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
  expect(sockets).toEqual([]);
});
