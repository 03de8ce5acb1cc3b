/**
 * WebGL and WebGPU: selectable, checked against WebAssembly prediction by prediction, and replaced by
 * WebAssembly with the reason shown when they cannot run. Headless Chromium renders WebGL in software
 * (SwiftShader) and WebGPU only with --enable-unsafe-webgpu (a software adapter), both slowly: these tests
 * evaluate the first 300 MNIST test images.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { chromium, expect, test, type Page } from '@playwright/test';
import { accuracyOf, dropFiles, fileBuffer, MNIST_FILES, openDashboard, readBytes, runCount, settle } from './helpers';
import { ensureBrowser } from './browser';
import { CHROMIUM_ARGS, SITE } from './sites';

const SMALL = 300;

/** The first `SMALL` images and labels of the MNIST test set, as IDX files (gzip). */
function smallTestSet() {
  const images = gunzipSync(readBytes(MNIST_FILES[0]!));
  const labels = gunzipSync(readBytes(MNIST_FILES[1]!));
  const imagesIdx = images.subarray(0, 16 + SMALL * 784);
  const labelsIdx = labels.subarray(0, 8 + SMALL);
  new DataView(imagesIdx.buffer, imagesIdx.byteOffset).setUint32(4, SMALL);
  new DataView(labelsIdx.buffer, labelsIdx.byteOffset).setUint32(4, SMALL);
  return [fileBuffer('images-300.gz', gzipSync(imagesIdx)), fileBuffer('labels-300.gz', gzipSync(labelsIdx))];
}

/** Evaluates the small set with `model` on WebAssembly, then on `backend`; returns both accuracies and the notices. */
async function compareBackend(page: Page, model: string, backend: string) {
  await openDashboard(page, `./?model=${model}`);
  expect(await dropFiles(page, smallTestSet())).toBe('done');
  const wasm = await accuracyOf(page);
  const before = await runCount(page);
  await page.getByTestId('backend-select').selectOption(backend);
  expect(await settle(page, before)).toBe('done');
  return { wasm, other: await accuracyOf(page), status: await page.getByTestId('eval-status').innerText(), notices: await page.getByTestId('notices').innerText() };
}

for (const model of ['mnist-logreg', 'mnist-cnn']) {
  test(`WebGL runs ${model} and agrees with WebAssembly`, async ({ page }) => {
    test.setTimeout(240_000);
    const run = await compareBackend(page, model, 'webgl');
    console.log(`  ${model} on WebGL: ${run.status} | ${run.notices}`);
    expect(run.status).toContain('· WebGL ·');
    const agree = Number(/WebGL and WebAssembly agree on ([\d,]+) of 300 predictions/.exec(run.notices)?.[1]?.replace(',', ''));
    // SwiftShader computes in float32 like WebAssembly; a near-tie may still flip one prediction.
    expect(agree).toBeGreaterThanOrEqual(SMALL - 2);
    expect(Math.abs(run.other - run.wasm)).toBeLessThanOrEqual(2 / SMALL);
    expect(new URL(page.url()).searchParams.get('backend')).toBe('webgl');
  });
}

test('without a WebGPU adapter, WebGPU falls back to WebAssembly and says why', async ({ page }) => {
  const run = await compareBackend(page, 'mnist-logreg', 'webgpu');
  expect(run.status).toContain('· WebAssembly, ');
  expect(run.notices).toContain('WebGPU could not run mnist-logreg.onnx: this browser has no WebGPU adapter');
  expect(run.notices).toContain('It was evaluated with WebAssembly instead.');
  expect(run.other).toBe(run.wasm);
});

test('with a software WebGPU adapter, WebGPU runs the CNN and agrees with WebAssembly', async () => {
  test.setTimeout(240_000);
  const browser = await chromium.launch({ executablePath: ensureBrowser().path, args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(SITE);
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    test.skip(!adapter, 'This Chromium offers no WebGPU adapter even with --enable-unsafe-webgpu.');
    const run = await compareBackend(page, 'mnist-cnn', 'webgpu');
    console.log(`  mnist-cnn on WebGPU: ${run.status} | ${run.notices}`);
    expect(run.status).toContain('· WebGPU ·');
    const agree = Number(/WebGPU and WebAssembly agree on ([\d,]+) of 300 predictions/.exec(run.notices)?.[1]?.replace(',', ''));
    expect(agree).toBeGreaterThanOrEqual(SMALL - 2);
  } finally {
    await browser.close();
  }
});
