/**
 * Bad input never loses work: a running evaluation can be cancelled with the previous results kept, and files
 * are told apart by their headers, not their names. Each malformed file's own message is checked by
 * e2e/corpus.spec.ts over the corpus that e2e/fixtures/makeCorpus.ts builds.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { accuracyOf, dropFiles, fileBuffer, MNIST_FILES, openDashboard, readBytes, THIRD_PARTY } from './helpers';

const [imagesGz, labelsGz] = MNIST_FILES.map(readBytes) as [Uint8Array, Uint8Array];

test('a running evaluation can be cancelled; the previous results stay', async ({ page }) => {
  await openDashboard(page);
  const accuracy = await accuracyOf(page);
  // The CNTK model runs one image at a time: long enough to cancel.
  await page.getByTestId('file-input').setInputFiles([join(THIRD_PARTY, 'mnist-8-cntk.onnx'), ...MNIST_FILES]);
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('error')).toContainText('The evaluation was cancelled.');
  expect(await accuracyOf(page)).toBe(accuracy);
  // The page still works after the worker restarted: the built-in model evaluates again.
  await page.getByTestId('pre-select').selectOption('raw');
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-pre', 'raw');
});

test('gzip-compressed and raw IDX files with any names are told apart by their headers', async ({ page }) => {
  await openDashboard(page);
  const { gunzipSync } = await import('node:zlib');
  // Labels raw and named like images, images gzipped and named like labels: only the headers tell.
  const status = await dropFiles(page, [fileBuffer('images.idx', gunzipSync(labelsGz)), fileBuffer('labels.gz', gzipSync(gunzipSync(imagesGz)))]);
  expect(status).toBe('done');
  await expect(page.getByTestId('dataset-select')).toContainText('MNIST test set (your files)');
});
