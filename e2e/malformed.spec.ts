/**
 * Bad input never loses work: each malformed file gets its own clear message in data-testid="error", and the
 * previous evaluation stays on screen and usable.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { accuracyOf, dropFiles, fileBuffer, FIXTURES, MNIST_FILES, openDashboard, readBytes, THIRD_PARTY } from './helpers';

/** An IDX file of unsigned bytes (or another element type) with the given dimensions, filled with `fill`. */
function idx(dims: number[], fill = 0, type = 0x08): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1) * (type === 0x08 ? 1 : 4);
  const bytes = new Uint8Array(4 + 4 * dims.length + size).fill(fill, 4 + 4 * dims.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return bytes;
}

const [imagesGz, labelsGz] = MNIST_FILES.map(readBytes) as [Uint8Array, Uint8Array];
const images = fileBuffer('t10k-images-idx3-ubyte.gz', imagesGz);
const labels = fileBuffer('t10k-labels-idx1-ubyte.gz', labelsGz);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 28, 0, 0, 0, 28, 8, 0, 0, 0, 0]);
const keras = readBytes(join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'));

/** Each case: what is dropped, and a part of the message that says what is wrong. */
const CASES: { name: string; files: () => ReturnType<typeof fileBuffer>[]; message: string | RegExp }[] = [
  { name: 'an empty file', files: () => [fileBuffer('empty.onnx', new Uint8Array(0))], message: 'empty.onnx: The file is empty (0 bytes).' },
  { name: 'a PNG renamed .gz', files: () => [fileBuffer('digits.gz', PNG)], message: 'digits.gz: This is a PNG image, not an IDX or ONNX file.' },
  { name: 'a text file renamed .onnx', files: () => [fileBuffer('model.onnx', 'This is not a model, just some notes about one.\n')], message: /^model\.onnx: This is (a )?(plain )?text/ },
  { name: 'a truncated ONNX model', files: () => [fileBuffer('keras-cut.onnx', keras.subarray(0, 2000))], message: /^keras-cut\.onnx: The file is truncated: unexpected end of file at byte/ },
  {
    name: 'truncated gzip images',
    files: () => [fileBuffer('images-cut.gz', imagesGz.subarray(0, 50_000)), labels],
    message: /^images-cut\.gz: The file is not valid gzip: the compressed data is cut short or damaged after [\d,]+ decompressed bytes\. Download or copy it again\.$/,
  },
  {
    name: 'fewer labels than images',
    files: () => [images, fileBuffer('labels-100.idx', idx([100], 3))],
    message: 't10k-images-idx3-ubyte.gz holds 10,000 images but labels-100.idx holds 100 labels; they must match one to one.',
  },
  {
    name: 'labels beyond the model’s classes',
    files: () => [images, fileBuffer('labels-12.idx', idx([10_000], 12))],
    message: 'labels-12.idx: Label 12 (at position 0) is out of range: this evaluation has 10 classes, 0 to 9.',
  },
  {
    name: '32×32 images',
    files: () => [fileBuffer('images-32.idx', idx([10, 32, 32])), fileBuffer('labels-10.idx', idx([10], 1))],
    message: 'images-32.idx: the images are 32×32 pixels; MNIST-like models take 28×28. Resize them to 28×28 first.',
  },
  {
    name: 'float32 IDX images',
    files: () => [fileBuffer('images-float.idx', idx([10, 28, 28], 0, 0x0d)), fileBuffer('labels-10.idx', idx([10], 1))],
    message: 'images-float.idx: IDX element type 0x0d (float32) is not supported: image and label files store unsigned bytes (0x08).',
  },
  { name: 'a model with two image inputs', files: () => [fileBuffer('two-inputs.onnx', readBytes(join(FIXTURES, 'two-inputs.onnx')))], message: /^two-inputs\.onnx: The model has 2 inputs: 'pixels' float32\[N,784\], 'pixels_b' float32\[N,784\]\. This app feeds a single input/ },
  { name: 'a model whose output is a scalar', files: () => [fileBuffer('scalar-output.onnx', readBytes(join(FIXTURES, 'scalar-output.onnx')))], message: /^scalar-output\.onnx: The model's only output, 'total' float32\[\], is a single number \(a scalar\)\./ },
  { name: 'a one-class model', files: () => [fileBuffer('one-class.onnx', readBytes(join(FIXTURES, 'one-class.onnx')))], message: /^one-class\.onnx: The model's only output, 'scores' float32\[N,1\], has a single class \(one score per image\), and a classifier needs at least 2\./ },
  { name: 'a training graph', files: () => [fileBuffer('training-graph.onnx', readBytes(join(FIXTURES, 'training-graph.onnx')))], message: /^training-graph\.onnx: This is a training graph, not a model for inference/ },
  { name: 'two models at once', files: () => [fileBuffer('a.onnx', keras), fileBuffer('b.onnx', keras)], message: 'Drop one model at a time: a.onnx, b.onnx are all ONNX models.' },
];

test('every malformed input gets its own message and the previous results stay usable', async ({ page }) => {
  test.setTimeout(300_000);
  await openDashboard(page);
  const accuracy = await accuracyOf(page);
  const messages = new Set<string>();
  for (const c of CASES) {
    await test.step(c.name, async () => {
      expect(await dropFiles(page, c.files())).toBe('error');
      const error = page.getByTestId('error');
      const text = (await error.innerText()).replace(/ The results below are from the last evaluation that succeeded\.$/, '');
      console.log(`  ${c.name}: ${text}`);
      if (typeof c.message === 'string') expect(text).toBe(c.message);
      else expect(text).toMatch(c.message);
      messages.add(text);
      // The last good evaluation is still there and still works: its matrix responds to the view toggle.
      expect(await accuracyOf(page)).toBe(accuracy);
      await expect(page.getByTestId('cm-cell')).toHaveCount(100);
      await expect(page.getByTestId('error')).toContainText('The results below are from the last evaluation that succeeded.');
    });
  }
  expect(messages.size).toBe(CASES.length);
  await page.getByTestId('matrix-view-errors').click();
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-view', 'errors');
});

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
