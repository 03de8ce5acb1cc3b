/**
 * The vertical slice, end to end: the built site served as static files from a sub-path opens,
 * evaluates the seed model on the real MNIST test set in the browser, and shows what the card says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MNIST } from '../app/core/datasets';
import type { ModelCard } from '../app/core/modelCard';
import { argmaxRows } from '../app/core/predictions';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { loadBuiltinTestSet, PROJECT_ROOT } from '../app/node/testSetFiles';
import { ARTIFACTS, openDashboard } from './helpers';
import { OTHER_HOST } from './sites';

const card = JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', 'mnist-logreg.card.json'), 'utf8')) as ModelCard;
test('opens, evaluates the seed model and shows its card’s figures', async ({ page }) => {
  const problems = await openDashboard(page);
  const status = page.getByTestId('eval-status');
  console.log(`  status: ${await status.innerText()}`);

  await expect(page.getByTestId('accuracy')).toHaveAttribute('data-value', String(card.test.correct / card.test.samples));
  await expect(page.getByTestId('accuracy')).toContainText('91.93');

  const cells = page.getByTestId('confusion-matrix').getByTestId('cm-cell');
  await expect(cells).toHaveCount(100);
  const shown = await cells.evaluateAll((els) =>
    els.map((el) => ({ t: Number(el.dataset['true']), p: Number(el.dataset['pred']), count: Number(el.dataset['count']) })),
  );
  const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(-1));
  for (const { t, p, count } of shown) matrix[t]![p] = count;
  expect(matrix).toEqual(card.test.confusionMatrix);
  expect(shown.reduce((sum, c) => sum + c.count, 0)).toBe(10_000);

  // The analysis views load after the results and their charts grow into place: picture them finished.
  await expect(page.getByTestId('per-class-table')).toBeVisible();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('the sample strip shows 30 test digits with the predictions onnxruntime-node makes', async ({ page }) => {
  await openDashboard(page);
  const samples = page.getByTestId('sample-strip').getByTestId('sample');
  await expect(samples).toHaveCount(30);
  const shown = await samples.evaluateAll((els) =>
    els.map((el) => ({
      index: Number(el.dataset['index']),
      label: Number(el.dataset['label']),
      pred: Number(el.dataset['pred']),
      correct: el.dataset['correct'],
      errorStyled: el.classList.contains('sample--error'),
      predColour: getComputedStyle(el.querySelector('.sample-pred')!).color,
      // The top-left pixel is background: white for correct digits, black for inverted mistakes.
      corner: Array.from(el.querySelector('canvas')!.getContext('2d')!.getImageData(0, 0, 1, 1).data.slice(0, 3)),
    })),
  );
  expect(new Set(shown.map((s) => s.index)).size).toBe(30);

  const testSet = loadBuiltinTestSet(MNIST);
  const native = await evaluateNative(
    join(PROJECT_ROOT, 'models', card.file),
    testSet.images,
    { inputName: card.input.name, layout: card.input.layout, scoresOutput: card.outputs.scores },
    { preset: card.preprocessing.preset, invert: card.preprocessing.invert },
  );
  const nativePredicted = argmaxRows(native.scores, testSet.images.count, native.classes);

  for (const s of shown) {
    expect(s.label, `label of test image ${s.index}`).toBe(testSet.labels.labels[s.index]);
    expect(s.pred, `prediction for test image ${s.index}`).toBe(nativePredicted[s.index]);
    expect(s.correct).toBe(String(s.label === s.pred));
    expect(s.errorStyled).toBe(s.label !== s.pred);
    if (s.label === s.pred) {
      expect(s.corner).toEqual([255, 255, 255]);
    } else {
      expect(s.corner).toEqual([0, 0, 0]);
      expect(s.predColour).toBe('rgb(198, 40, 40)');
    }
  }
  // The default seed's draw holds mistakes, so the error styling above was exercised.
  expect(shown.some((s) => s.correct === 'false')).toBe(true);
});

test('a new draw changes the samples, lands in the URL, and the URL reproduces it', async ({ page }) => {
  await openDashboard(page);
  const indices = () => page.getByTestId('sample').evaluateAll((els) => els.map((el) => el.dataset['index']));
  const first = await indices();
  await page.getByTestId('redraw').click();
  await expect.poll(indices).not.toEqual(first);
  const second = await indices();
  const seed = await page.getByTestId('seed').inputValue();
  expect(new URL(page.url()).searchParams.get('seed')).toBe(seed);

  const again = await page.context().newPage();
  await openDashboard(again, `./?seed=${seed}`);
  expect(await again.getByTestId('sample').evaluateAll((els) => els.map((el) => el.dataset['index']))).toEqual(second);
});

test('the errors view shows each row divided by its total with the diagonal at zero', async ({ page }) => {
  await openDashboard(page);
  await page.getByTestId('matrix-view-errors').click();
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toHaveAttribute('data-view', 'errors');
  const rowTotal = card.test.confusionMatrix[5]!.reduce((a, b) => a + b, 0);
  const cell = matrix.locator('[data-true="5"][data-pred="3"]');
  await expect(cell).toHaveText(`${((card.test.confusionMatrix[5]![3]! / rowTotal) * 100).toFixed(1)}%`);
  await expect(matrix.locator('[data-true="5"][data-pred="5"]')).toHaveText('—');
  await expect(cell).toHaveAttribute('data-count', String(card.test.confusionMatrix[5]![3]));

  await cell.hover();
  await expect(page.getByTestId('cm-tooltip')).toContainText(`True 5 → predicted 3`);
  await expect(page.getByTestId('cm-tooltip')).toContainText(`${card.test.confusionMatrix[5]![3]} images`);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-errors-view.png'), fullPage: true });
});

test('the matrix is usable from the keyboard', async ({ page }) => {
  await openDashboard(page);
  const first = page.locator('[data-testid="cm-cell"][data-true="0"][data-pred="0"]');
  await first.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const focused = page.locator('[data-testid="cm-cell"]:focus');
  await expect(focused).toHaveAttribute('data-true', '1');
  await expect(focused).toHaveAttribute('data-pred', '1');
  await expect(focused).toHaveAttribute('aria-label', /^True 1, predicted 1: 1,113 images correct/);
  await expect(page.getByTestId('cm-tooltip')).toBeVisible();
});

test.describe('on a host that gzip-encodes .gz files and sends no isolation headers', () => {
  test('without the isolation service worker: one thread, and the diagnostics say why', async ({ browser }) => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await openDashboard(page, OTHER_HOST);
    await expect(page.getByTestId('accuracy')).toHaveAttribute('data-value', String(card.test.correct / card.test.samples));
    await expect(page.getByTestId('eval-status')).toContainText('WebAssembly, 1 thread ·');
    await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-isolated', 'false');
    await expect(page.getByTestId('threads-note')).toContainText('the page is not cross-origin isolated');
    await context.close();
  });

  test('with the service worker: the first visit runs on one thread, the next is isolated and uses threads', async ({ page }) => {
    await page.goto(OTHER_HOST);
    await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-isolated', 'false');
    // Registered after the first results (app/offline/register.ts); from then on it serves the page with COOP/COEP.
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-offline', 'ready', { timeout: 60_000 });
    await page.reload();
    await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-isolated', 'true');
    await expect(page.getByTestId('accuracy')).toHaveAttribute('data-value', String(card.test.correct / card.test.samples));
    // It opened on the first visit's saved results (computed on one thread, as they say); a new run uses threads.
    await expect(page.getByTestId('eval-status')).toContainText('saved by an earlier visit');
    await page.getByTestId('pre-select').selectOption('standard');
    await expect(page.getByTestId('eval-status')).toContainText('Evaluated', { timeout: 60_000 });
    await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-threads', /^[2-9]$/);
  });
});

test('while a model runs, the share correct so far fills in', async ({ page }) => {
  await page.goto('./?model=mnist-cnn');
  const status = page.getByTestId('eval-status');
  // Read the text in the same step that checks it: the run may finish right after.
  let soFar = NaN;
  await expect
    .poll(async () => {
      const match = /[\d,]+ of 10,000 images · (\d+\.\d)% correct so far/.exec(await status.innerText());
      if (match) soFar = Number(match[1]);
      return Number.isNaN(soFar) ? 'waiting' : 'seen';
    }, { timeout: 60_000, intervals: [20] })
    .toBe('seen');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  // The CNN is right 99.4% of the time overall; any prefix of the test set is well above 90%.
  expect(soFar).toBeGreaterThan(90);
  expect(soFar).toBeLessThanOrEqual(100);
});
