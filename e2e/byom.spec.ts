/**
 * Bring your own model: real third-party models dropped with the real MNIST test files must get exactly the
 * accuracy onnxruntime-node computes for the same preprocessing, and `auto` must find the best preprocessing.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MNIST } from '../app/core/datasets';
import { accuracy, confusionMatrix } from '../app/core/metrics/confusion';
import { argmaxRows } from '../app/core/predictions';
import { CANDIDATES, formatChoice } from '../app/core/preprocessChoice';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { loadBuiltinTestSet } from '../app/node/testSetFiles';
import { accuracyOf, ARTIFACTS, dropFiles, FIXTURES, MNIST_FILES, openDashboard, plannedFeed, THIRD_PARTY } from './helpers';

const testSet = loadBuiltinTestSet(MNIST);

/** onnxruntime-node's accuracy for every candidate preprocessing, fed as the page decides to feed the model. */
async function nativeAccuracies(modelPath: string): Promise<Map<string, number>> {
  const feed = plannedFeed(modelPath);
  const result = new Map<string, number>();
  for (const pre of CANDIDATES) {
    const run = await evaluateNative(modelPath, testSet.images, feed, pre);
    const m = confusionMatrix(testSet.labels.labels, argmaxRows(run.scores, testSet.images.count, run.classes), run.classes);
    result.set(formatChoice({ kind: 'fixed', pre }), accuracy(m));
  }
  return result;
}

const MODELS = [
  { file: join(THIRD_PARTY, 'mnist-8-cntk.onnx'), layout: 'N,1,28,28', fixedBatch: '1' },
  { file: join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'), layout: 'N,28,28,1', fixedBatch: '' },
];

for (const model of MODELS) {
  const name = model.file.split('/').pop()!;
  test(`${name}: auto picks the best preprocessing and the accuracy equals onnxruntime-node's`, async ({ page }) => {
    const problems = await openDashboard(page);
    expect(await dropFiles(page, [model.file, ...MNIST_FILES])).toBe('done');
    const info = page.getByTestId('model-info');
    await expect(info).toContainText(name);
    await expect(info).toHaveAttribute('data-layout', model.layout);
    await expect(info).toHaveAttribute('data-fixed-batch', model.fixedBatch);
    const chosen = (await info.getAttribute('data-pre'))!;
    const shown = await accuracyOf(page);

    const native = await nativeAccuracies(model.file);
    const best = Math.max(...native.values());
    console.log(`  ${name}: auto chose ${chosen}, page ${shown}, native ${JSON.stringify(Object.fromEntries(native))}`);
    expect(shown).toBe(native.get(chosen));
    // The calibration slice is 500 images: presets within a few images of each other over 10 000 cannot be told apart there.
    expect(best - shown).toBeLessThanOrEqual(0.0005);
    await expect(page.getByTestId('calibration')).toHaveAttribute('data-best', chosen);

    // Every fixed preset the user picks gives onnxruntime-node's number too.
    for (const pick of ['raw', 'unit']) {
      await page.getByTestId('pre-select').selectOption(pick);
      await expect(info).toHaveAttribute('data-pre', pick, { timeout: 60_000 });
      await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
      expect(await accuracyOf(page)).toBe(native.get(pick));
    }
    await page.screenshot({ path: join(ARTIFACTS, `byom-${name}.png`), fullPage: true });
    expect(problems).toEqual([]);
  });
}

test('a model with external data evaluates exactly like the same model in one file', async ({ page }) => {
  await openDashboard(page);
  const seedAccuracy = await accuracyOf(page);
  const dir = join(FIXTURES, 'external');
  expect(await dropFiles(page, [join(dir, 'mnist-logreg-ext.onnx'), join(dir, 'mnist-logreg-ext.onnx.data'), ...MNIST_FILES])).toBe('done');
  await expect(page.getByTestId('model-info')).toContainText('mnist-logreg-ext.onnx.data');
  await page.getByTestId('pre-select').selectOption('unit');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-pre', 'unit');
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done');
  expect(await accuracyOf(page)).toBe(seedAccuracy);
});

test('without its external data file, the message says so and the previous results stay', async ({ page }) => {
  await openDashboard(page);
  const before = await accuracyOf(page);
  expect(await dropFiles(page, [join(FIXTURES, 'external', 'mnist-logreg-ext.onnx')])).toBe('error');
  await expect(page.getByTestId('error')).toContainText("in a separate file, 'mnist-logreg-ext.onnx.data'");
  await expect(page.getByTestId('error')).toContainText('which is missing');
  expect(await accuracyOf(page)).toBe(before);
  await expect(page.getByTestId('cm-cell')).toHaveCount(100);
});
