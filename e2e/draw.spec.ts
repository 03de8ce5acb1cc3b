/**
 * The drawing pad and unlabelled test sets, on the real MNIST test set and the built-in CNN:
 * - a vertical stroke drawn with the mouse is a 1, a loop is a 0; Clear empties the pad;
 * - a dropped PNG (an MNIST test image made into a PNG by the page's own canvas) is scored like the test set
 *   scores it, both as it is (28×28, used byte for byte) and as dark ink on white at 3× (converted);
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
import { ARTIFACTS, MNIST_FILES, openDashboard, plannedFeed, runCount, settle } from './helpers';

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
async function testImagePng(page: Page, index: number, scale: number, onPaper: boolean): Promise<Buffer> {
  const pixels = Array.from(images.pixels.subarray(index * 784, (index + 1) * 784));
  const dataUrl = await page.evaluate(
    ({ pixels, scale, onPaper }) => {
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
      return canvas.toDataURL('image/png');
    },
    { pixels, scale, onPaper },
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

test('the keyboard draws too: arrow keys make a 1', async ({ page }) => {
  await openDashboard(page, './?model=mnist-cnn');
  const pad = page.getByTestId('draw-pad');
  await pad.focus();
  for (let k = 0; k < 12; k++) await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('draw-result')).toHaveAttribute('data-pred', '1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('draw-result')).toHaveCount(0);
});

test('a dropped PNG is scored as the test set scores it, as it is and as dark ink on white paper', async ({ page }) => {
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
  }
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
