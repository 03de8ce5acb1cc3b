/**
 * The 60 000-image MNIST training set dropped as test files. On the (cross-origin-isolated) test site the page
 * decompresses it into memory the worker shares and starts inferring while the rest is decompressed: the result
 * must still be exactly onnxruntime-node's, and a file that turns out damaged halfway must fail with its own name
 * and leave the previous results.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MNIST } from '../app/core/datasets';
import { accuracy, confusionMatrix } from '../app/core/metrics/confusion';
import { argmaxRows } from '../app/core/predictions';
import { makeTestSet, readImages, readLabels } from '../app/core/testSet';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { PROJECT_ROOT, readGzipFile } from '../app/node/testSetFiles';
import { accuracyOf, fileBuffer, openDashboard, plannedFeed, runCount, settle } from './helpers';

const TRAIN = join(PROJECT_ROOT, 'models', '.data', 'mnist');
const IMAGES = join(TRAIN, MNIST.train.images.name);
const LABELS = join(TRAIN, MNIST.train.labels.name);
const MODEL = join(PROJECT_ROOT, 'models', 'mnist-logreg.onnx');

test.skip(!existsSync(IMAGES) || !existsSync(LABELS), 'the MNIST training set is fetched by `npm run data -- --train` (npm test does)');

test('the 60 000-image training set evaluates while it is decompressed, exactly as onnxruntime-node scores it', async ({ page }) => {
  await openDashboard(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // shared memory: the streamed path
  const before = await runCount(page);
  // Paths, not buffers: Playwright builds buffer-backed files on the page's main thread.
  await page.getByTestId('file-input').setInputFiles([IMAGES, LABELS]);
  expect(await settle(page, before)).toBe('done');

  const images = readImages(readGzipFile(IMAGES));
  const labels = readLabels(readGzipFile(LABELS));
  if (!images.ok || !labels.ok) throw new Error('unreadable training set');
  const set = makeTestSet(images.value, labels.value, 10);
  if (!set.ok) throw new Error(set.reason);
  const run = await evaluateNative(MODEL, set.value.images, plannedFeed(MODEL), { preset: 'unit', invert: false });
  const native = accuracy(confusionMatrix(set.value.labels.labels, argmaxRows(run.scores, 60_000, run.classes), run.classes));
  expect(await accuracyOf(page)).toBe(native);
  await expect(page.getByTestId('accuracy').locator('xpath=..')).toContainText('of 60,000 test images correct');
});

test('a training set damaged halfway fails with its name, and the previous results stay', async ({ page }) => {
  await openDashboard(page);
  const accuracyBefore = await accuracyOf(page);
  const gz = readFileSync(IMAGES);
  const damaged = fileBuffer('train-images-damaged.gz', new Uint8Array(gz.subarray(0, Math.floor(gz.length / 2))));
  const before = await runCount(page);
  await page.getByTestId('file-input').setInputFiles([damaged, fileBuffer(MNIST.train.labels.name, new Uint8Array(readFileSync(LABELS)))]);
  expect(await settle(page, before)).toBe('error');
  await expect(page.getByTestId('error')).toContainText('train-images-damaged.gz: The file is not valid gzip');
  expect(await accuracyOf(page)).toBe(accuracyBefore);
});
