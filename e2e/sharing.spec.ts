/**
 * Links: URL parameters load models and files from a server; "Copy link" reproduces the view on another
 * page; "Share results" carries the results themselves and opens as a read-only report without the model.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MNIST } from '../app/core/datasets';
import { accuracy, confusionMatrix } from '../app/core/metrics/confusion';
import { argmaxRows } from '../app/core/predictions';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { loadBuiltinTestSet } from '../app/node/testSetFiles';
import { accuracyOf, ARTIFACTS, dropFiles, MNIST_FILES, openDashboard, plannedFeed, THIRD_PARTY } from './helpers';
import { PORT } from './sites';

const KERAS = join(THIRD_PARTY, 'mnist-keras-nhwc.onnx');

/** onnxruntime-node's accuracy for the Keras model with pixel/255, fed as the page plans to feed it. */
async function nativeKerasAccuracy(): Promise<number> {
  const testSet = loadBuiltinTestSet(MNIST);
  const run = await evaluateNative(KERAS, testSet.images, plannedFeed(KERAS), { preset: 'unit', invert: false });
  return accuracy(confusionMatrix(testSet.labels.labels, argmaxRows(run.scores, testSet.images.count, run.classes), run.classes));
}

test('URL parameters load a model and test files from a server', async ({ page }) => {
  const query = new URLSearchParams({
    model: '/third-party/mnist-keras-nhwc.onnx',
    images: `data/mnist/${MNIST.test.images.name}`,
    labels: `/shared-data/mnist/${MNIST.test.labels.name}`,
    pre: 'unit',
    seed: '7',
    view: 'errors',
  });
  await openDashboard(page, `./?${query}`);
  await expect(page.getByTestId('model-info')).toContainText('mnist-keras-nhwc.onnx');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-pre', 'unit');
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-view', 'errors');
  await expect(page.getByTestId('sample-strip')).toHaveAttribute('data-seed', '7');
  expect(await accuracyOf(page)).toBe(await nativeKerasAccuracy());
  await expect(page.getByTestId('dataset-select')).toContainText('MNIST test set (from URL)');
});

test('a model URL with external data, and URL errors that leave the rest of the link working', async ({ page }) => {
  await openDashboard(page, './?model=/fixtures/external/mnist-logreg-ext.onnx&data=/fixtures/external/mnist-logreg-ext.onnx.data&pre=unit&seed=abc');
  await expect(page.getByTestId('model-info')).toContainText('mnist-logreg-ext.onnx.data');
  await expect(page.getByTestId('notices')).toContainText('seed: "abc" is not a whole number');
  await page.goto('./?model=/fixtures/nope.onnx');
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('error')).toContainText(`Could not fetch http://127.0.0.1:${PORT}/fixtures/nope.onnx: HTTP 404 Not Found`);
});

test('Copy link reproduces the view in a new page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openDashboard(page, './?model=/third-party/mnist-keras-nhwc.onnx&pre=unit,invert');
  await page.getByTestId('pre-invert').uncheck();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-pre', 'unit');
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('redraw').click();
  await page.getByTestId('matrix-view-errors').click();
  const indices = await page.getByTestId('sample').evaluateAll((els) => els.map((el) => el.dataset['index']));
  const shown = await accuracyOf(page);

  await page.getByTestId('share-link').click();
  const link = await page.getByTestId('shared-link').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  const other = await context.newPage();
  await openDashboard(other, link);
  expect(await accuracyOf(other)).toBe(shown);
  await expect(other.getByTestId('model-info')).toHaveAttribute('data-pre', 'unit');
  await expect(other.getByTestId('confusion-matrix')).toHaveAttribute('data-view', 'errors');
  expect(await other.getByTestId('sample').evaluateAll((els) => els.map((el) => el.dataset['index']))).toEqual(indices);
});

test('Share results opens a read-only report without the model', async ({ page, context }) => {
  await openDashboard(page);
  expect(await dropFiles(page, [KERAS, ...MNIST_FILES])).toBe('done');
  await expect(page.getByTestId('share-link')).toBeDisabled();
  const shown = await accuracyOf(page);
  const cells = await page.getByTestId('cm-cell').evaluateAll((els) => els.map((el) => el.dataset['count']));
  const strip = await page.getByTestId('sample').evaluateAll((els) => els.map((el) => [el.dataset['index'], el.dataset['pred']]));

  await page.getByTestId('share-results').click();
  const link = await page.getByTestId('shared-link').inputValue();
  expect(new URL(link).hash.startsWith('#report=')).toBe(true);
  expect(link.length).toBeLessThan(4000);

  const report = await context.newPage();
  const requests: string[] = [];
  report.on('request', (r) => requests.push(r.url()));
  await report.goto(link);
  await expect(report.getByTestId('report')).toBeVisible();
  await expect(report.getByTestId('eval-status')).toHaveAttribute('data-state', 'done');
  expect(await accuracyOf(report)).toBe(shown);
  expect(await report.getByTestId('cm-cell').evaluateAll((els) => els.map((el) => el.dataset['count']))).toEqual(cells);
  await expect(report.getByTestId('sample')).toHaveCount(30);
  expect(await report.getByTestId('sample').evaluateAll((els) => els.map((el) => [el.dataset['index'], el.dataset['pred']]))).toEqual(strip);
  await expect(report.getByTestId('report')).toContainText('mnist-keras-nhwc.onnx');
  // The model never travels: the report page fetches no .onnx file.
  expect(requests.filter((u) => u.endsWith('.onnx'))).toEqual([]);
  await report.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });

  // A damaged link says so instead of showing nonsense.
  const broken = await context.newPage();
  await broken.goto(link.slice(0, link.length - 40));
  await expect(broken.getByTestId('error')).toContainText('The shared report in this link cannot be read');
});
