/**
 * The drawing pad and unlabelled test sets, on the real MNIST test set and the built-in CNN:
 * - a vertical stroke drawn with the mouse is a 1, a loop is a 0; Clear empties the pad;
 * - a dropped PNG (an MNIST test image made into a PNG by the page's own canvas) is scored like the test set
 *   scores it, both as it is (28×28, used byte for byte) and as dark ink on white at 3× (converted), and a JPEG;
 * - a finger (touch) and a pen draw too;
 * - "Score a random test image" shows the image's label and the same prediction onnxruntime-node makes;
 * - a lone IDX images file offers "Evaluate without labels": no accuracy, a predicted-class distribution that
 *   adds up to 10 000 and matches onnxruntime-node's, a gallery per predicted class, the predictions CSV;
 * - axe finds no serious violation on these views.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { argmaxRows } from '../app/core/predictions';
import { readImages, readLabels } from '../app/core/testSet';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { ARTIFACTS, dropFiles, MNIST_FILES, openDashboard, plannedFeed, runCount, settle, THIRD_PARTY } from './helpers';

const CNN = join(PROJECT_ROOT, 'models', 'mnist-cnn.onnx');
const images = (() => {
  const read = readImages(gunzipSync(readFileSync(MNIST_FILES[0]!)));
  if (!read.ok) throw new Error(read.reason);
  return read.value;
})();
const labels = (() => {
  const read = readLabels(gunzipSync(readFileSync(MNIST_FILES[1]!)));
  if (!read.ok) throw new Error(read.reason);
  return read.value.labels;
})();

/** mnist-cnn's predictions on the 10 000 test images in onnxruntime-node, with its card's preprocessing. */
let native: Uint16Array | null = null;
async function nativePredictions(): Promise<Uint16Array> {
  if (!native) {
    const run = await evaluateNative(CNN, images, plannedFeed(CNN), { preset: 'standard', invert: false });
    native = argmaxRows(run.scores, images.count, run.classes);
  }
  return native;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`));
}

/** Draws a polyline on the pad with the mouse, `points` in pad units (0…1). */
async function draw(page: Page, points: readonly (readonly [number, number])[]): Promise<void> {
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: readonly [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

/** An MNIST test image as PNG bytes, made by the page's canvas: as it is, or dark ink on white at `scale`×. */
async function testImagePng(page: Page, index: number, scale: number, onPaper: boolean, type = 'image/png'): Promise<Buffer> {
  const pixels = Array.from(images.pixels.subarray(index * 784, (index + 1) * 784));
  const dataUrl = await page.evaluate(
    ({ pixels, scale, onPaper, type }) => {
      const side = 28 * scale;
      const canvas = document.createElement('canvas');
      canvas.width = side;
      canvas.height = side;
      const ctx = canvas.getContext('2d')!;
      const image = ctx.createImageData(side, side);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const p = pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)]!;
          const v = onPaper ? 255 - p : p;
          image.data.set([v, v, v, 255], (y * side + x) * 4);
        }
      }
      ctx.putImageData(image, 0, 0);
      return canvas.toDataURL(type, 0.9);
    },
    { pixels, scale, onPaper, type },
  );
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

const prediction = async (page: Page, testId = 'draw-result'): Promise<number> => Number(await page.getByTestId(testId).getAttribute('data-pred'));

test('drawing with the mouse: a vertical stroke is a 1, a loop is a 0 (mnist-cnn)', async ({ page }) => {
  const problems = await openDashboard(page, './?model=mnist-cnn');
  await draw(page, [[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]]);
  await expect(page.getByTestId('draw-input')).toHaveAttribute('data-source', 'pad');
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', '1');
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-model', /CNN/);
  await expect(page.getByTestId('draw-conversion')).toContainText('centred by mass in 28×28');

  await page.getByTestId('draw-clear').click();
  await expect(page.getByTestId('draw-result')).toHaveCount(0);
  const loop = Array.from({ length: 33 }, (_, k) => {
    const t = (k / 32) * 2 * Math.PI;
    return [0.5 + 0.24 * Math.sin(t), 0.5 - 0.33 * Math.cos(t)] as const;
  });
  await draw(page, loop);
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', '0');

  await page.getByTestId('draw-card').screenshot({ path: join(ARTIFACTS, 'draw-pad.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('while comparing, the drawing is scored by both models', async ({ page }) => {
  await openDashboard(page, './?model=mnist-logreg');
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('compare')).toBeVisible({ timeout: 90_000 });
  await draw(page, [[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]]);
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-model', /logistic|logreg/i);
  await expect(page.getByTestId('draw-result-b')).toHaveAttribute('data-model', /CNN/);
  await expect(page.getByTestId('draw-result-b')).toHaveAttribute('data-pred', '1');
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });
  test('a finger and a pen draw too (touch and pen input through the DevTools protocol)', async ({ page }) => {
    await openDashboard(page, './?model=mnist-cnn');
    const pad = page.getByTestId('draw-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const at = (x: number, y: number) => ({ x: box.x + x * box.width, y: box.y + y * box.height });
    const cdp = await page.context().newCDPSession(page);
    const stroke = [0.15, 0.3, 0.45, 0.6, 0.75, 0.85].map((y) => at(0.5, y));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [stroke[0]!] });
    for (const p of stroke.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', '1');

    await page.getByTestId('draw-clear').click();
    const loop = Array.from({ length: 25 }, (_, k) => {
      const t = (k / 24) * 2 * Math.PI;
      return at(0.5 + 0.24 * Math.sin(t), 0.5 - 0.33 * Math.cos(t));
    });
    const pen = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', p: { x: number; y: number }) => cdp.send('Input.dispatchMouseEvent', { type, ...p, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1, pointerType: 'pen' });
    await pen('mousePressed', loop[0]!);
    for (const p of loop.slice(1)) await pen('mouseMoved', p);
    await pen('mouseReleased', loop.at(-1)!);
    await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', '0');
  });
});

test('the keyboard draws too: arrow keys make a 1', async ({ page }) => {
  await openDashboard(page, './?model=mnist-cnn');
  const pad = page.getByTestId('draw-pad');
  await pad.focus();
  for (let k = 0; k < 12; k++) await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', '1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('draw-result')).toHaveCount(0);
});

test('a dropped PNG is scored as the test set scores it, as it is and as dark ink on white paper; a JPEG photo too', async ({ page }) => {
  await openDashboard(page, './?model=mnist-cnn');
  const predicted = await nativePredictions();
  for (const index of [0, 1, 2]) {
    await page.getByTestId('file-input').setInputFiles({ name: `digit-${index}.png`, mimeType: 'image/png', buffer: await testImagePng(page, index, 1, false) });
    await expect(page.getByTestId('draw-input')).toHaveAttribute('data-source', 'file');
    await expect(page.getByTestId('draw-conversion')).toContainText('already MNIST-like: used as it is');
    await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', String(predicted[index]));

    await page.getByTestId('file-input').setInputFiles({ name: `paper-${index}.png`, mimeType: 'image/png', buffer: await testImagePng(page, index, 3, true) });
    await expect(page.getByTestId('draw-conversion')).toContainText('PNG 84×84; made grey, inverted (light background)');
    await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', String(labels[index]));

    await page.getByTestId('file-input').setInputFiles({ name: `photo-${index}.jpg`, mimeType: 'image/jpeg', buffer: await testImagePng(page, index, 4, true, 'image/jpeg') });
    await expect(page.getByTestId('draw-conversion')).toContainText('JPEG 112×112; made grey, inverted (light background)');
    await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', String(labels[index]));
  }
  // "Open a picture…" (for keyboard users) takes the same path.
  await page.getByTestId('draw-file-input').setInputFiles({ name: 'paper-3.png', mimeType: 'image/png', buffer: await testImagePng(page, 3, 2, true) });
  await expect(page.getByTestId('draw-conversion')).toContainText('PNG 56×56; made grey, inverted (light background)');
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', String(labels[3]));
  // The test set's results stay: a picture is not a test set.
  await expect(page.getByTestId('accuracy')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles({ name: 'not-a-picture.png', mimeType: 'image/png', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('draw-error')).toContainText('not-a-picture.png: it is not a PNG, JPEG, GIF, BMP or WebP picture.');
});

test('"Score a random test image" shows its label and the prediction onnxruntime-node makes', async ({ page }) => {
  await openDashboard(page, './?model=mnist-cnn');
  const predicted = await nativePredictions();
  const seen = new Set<string>();
  for (let k = 0; k < 3; k++) {
    await page.getByTestId('draw-random').click();
    const source = page.getByTestId('draw-source');
    await expect(source).toBeVisible();
    const index = Number(await source.getAttribute('data-index'));
    seen.add(String(index));
    expect(await source.getAttribute('data-label')).toBe(String(labels[index]));
    await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', String(predicted[index]));
    await expect(page.getByTestId('draw-conversion')).toHaveText('28×28 test image, used as it is');
  }
  expect(seen.size).toBeGreaterThan(1);
});

test('a lone images file evaluated without labels: distribution, per-class gallery, CSV, no accuracy', async ({ page }) => {
  await openDashboard(page, './?model=mnist-cnn');
  const before = await runCount(page);
  await page.getByTestId('file-input').setInputFiles(MNIST_FILES[0]!);
  await page.getByTestId('evaluate-unlabelled').click();
  expect(await settle(page, before)).toBe('done');

  await expect(page.getByTestId('no-labels')).toContainText('This test set has no labels');
  await expect(page.getByTestId('accuracy')).toHaveCount(0);
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  await expect(page.getByTestId('analysis-needs-labels')).toBeVisible();

  const predicted = await nativePredictions();
  const expected = new Array<number>(10).fill(0);
  for (const p of predicted) expected[p]! += 1;
  const rows = page.getByTestId('predicted-count');
  await expect(rows).toHaveCount(10);
  const counts = await rows.evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset['count'])));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
  expect(counts).toEqual(expected);

  // The strip marks nothing wrong, since nothing is known to be.
  const strip = page.getByTestId('sample-strip');
  await expect(strip.getByTestId('sample')).toHaveCount(30);
  await expect(strip.locator('[data-correct="false"]')).toHaveCount(0);

  await rows.nth(7).getByRole('button').click();
  const gallery = page.getByTestId('class-gallery');
  await expect(gallery).toContainText(`${expected[7]!.toLocaleString('en-US')} images, most confident first`);
  const tiles = gallery.getByTestId('sample');
  await expect(tiles.first()).toBeVisible();
  const preds = await tiles.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['pred']));
  expect(preds.length).toBeGreaterThan(10);
  expect(new Set(preds)).toEqual(new Set(['7']));
  const percents = await tiles.evaluateAll((els) => els.map((el) => Number(/([\d.]+)% confident/.exec(el.getAttribute('aria-label') ?? '')?.[1])));
  expect(percents).toEqual([...percents].sort((a, b) => b - a));

  // A tile opens the inspector: the image's class probabilities, the prediction on top.
  await tiles.first().click();
  const inspector = page.getByTestId('sample-inspector');
  await expect(inspector).toHaveAttribute('data-pred', '7');
  await expect(inspector.locator('.prob-row--top')).toHaveAttribute('data-class', '7');
  await inspector.getByRole('button', { name: 'Close' }).click();
  await expect(inspector).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-predictions-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  expect(csv.length).toBe(10_001);
  expect(csv[1]!.split(',').slice(0, 3)).toEqual(['0', '', String(predicted[0])]);

  await page.screenshot({ path: join(ARTIFACTS, 'unlabelled.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // The pad's random test image has no label to show.
  await page.getByTestId('draw-random').click();
  await expect(page.getByTestId('draw-source')).toContainText('(no label)');
});

test('without labels, auto falls back to unit for a model without a card, and says so', async ({ page }) => {
  await openDashboard(page);
  // The model comes with the built-in test set first (auto calibrates on its labels), then its images alone.
  expect(await dropFiles(page, [join(THIRD_PARTY, 'mnist-keras-nhwc.onnx')])).toBe('done');
  await expect(page.getByTestId('calibration')).toBeVisible();
  const before = await runCount(page);
  await page.getByTestId('file-input').setInputFiles(MNIST_FILES[0]!);
  await page.getByTestId('evaluate-unlabelled').click();
  expect(await settle(page, before)).toBe('done');
  await expect(page.getByTestId('no-labels')).toBeVisible();
  await expect(page.getByTestId('notices')).toContainText('No labels: auto cannot compare preprocessings without them, so unit');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-pre', 'unit');
  await expect(page.getByTestId('calibration')).toHaveCount(0);
});
