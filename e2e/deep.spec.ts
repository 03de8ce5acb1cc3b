/**
 * The deep views on the default model: matrix drill-down, sample inspection, per-class metrics, downloads and
 * the comparison with the CNN — each checked against numbers computed independently in the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MNIST } from '../app/core/datasets';
import type { ModelCard } from '../app/core/modelCard';
import { argmaxRows } from '../app/core/predictions';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { loadBuiltinTestSet, PROJECT_ROOT } from '../app/node/testSetFiles';
import { accuracyOf, ARTIFACTS, dropFiles, MNIST_FILES, openDashboard, THIRD_PARTY } from './helpers';

const card = (id: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', `${id}.card.json`), 'utf8')) as ModelCard;
const logreg = card('mnist-logreg');
const cnn = card('mnist-cnn');

test('clicking cell (5,3) shows exactly its images, and the URL keeps the selection', async ({ page }) => {
  await openDashboard(page);
  const expected = logreg.test.confusionMatrix[5]![3]!;
  await page.locator('[data-testid="cm-cell"][data-true="5"][data-pred="3"]').click();
  const gallery = page.getByTestId('cell-gallery');
  await expect(gallery).toHaveAttribute('data-count', String(expected));
  const items = gallery.getByTestId('sample');
  await expect(items.first()).toBeVisible();
  const shown = await items.evaluateAll((els) => els.map((el) => [el.dataset['label'], el.dataset['pred']]));
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every(([l, p]) => l === '5' && p === '3')).toBe(true);
  expect(new URL(page.url()).searchParams.get('cell')).toBe('5,3');

  // Opening a digit shows its probabilities; the true class's rank is at least 2 for a mistake.
  await items.first().click();
  const inspector = page.getByTestId('sample-inspector');
  await expect(inspector).toHaveAttribute('data-label', '5');
  await expect(inspector).toHaveAttribute('data-pred', '3');
  expect(Number(await inspector.getAttribute('data-rank'))).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: join(ARTIFACTS, 'deep-cell-gallery.png'), fullPage: true });

  // The link reopens the same gallery and inspector.
  const other = await page.context().newPage();
  await openDashboard(other, page.url());
  await expect(other.getByTestId('cell-gallery')).toHaveAttribute('data-count', String(expected));
  await expect(other.getByTestId('sample-inspector')).toHaveAttribute('data-index', (await inspector.getAttribute('data-index'))!);
});

test('the largest cell (1,1) opens from the keyboard and its virtual gallery scrolls', async ({ page }) => {
  await openDashboard(page);
  const cell = page.locator('[data-testid="cm-cell"][data-true="1"][data-pred="1"]');
  await cell.focus();
  await page.keyboard.press('Enter');
  const gallery = page.getByTestId('cell-gallery');
  await expect(gallery).toHaveAttribute('data-count', String(logreg.test.confusionMatrix[1]![1]));
  // Virtualised: far fewer elements than images, all of the cell's kind.
  const rendered = await gallery.getByTestId('sample').count();
  expect(rendered).toBeLessThan(400);
  await page.keyboard.press('Escape');
  await expect(gallery).toHaveCount(0);
});

test('per-class metrics follow their definitions from the confusion matrix', async ({ page }) => {
  await openDashboard(page);
  const m = logreg.test.confusionMatrix;
  // The analysis views load after the first results.
  await expect(page.getByTestId('per-class-table').locator('tr[data-class]')).toHaveCount(10);
  const rows = await page.getByTestId('per-class-table').locator('tr[data-class]').evaluateAll((els) =>
    els.map((el) => ({ k: Number(el.dataset['class']), p: Number(el.dataset['precision']), r: Number(el.dataset['recall']), f: Number(el.dataset['f1']), s: Number(el.dataset['support']) })),
  );
  expect(rows).toHaveLength(10);
  for (const { k, p, r, f, s } of rows) {
    const tp = m[k]![k]!;
    const support = m[k]!.reduce((a, b) => a + b, 0);
    const predicted = m.reduce((a, row) => a + row[k]!, 0);
    expect(s).toBe(support);
    expect(p).toBeCloseTo(tp / predicted, 12);
    expect(r).toBeCloseTo(tp / support, 12);
    expect(f).toBeCloseTo((2 * tp) / (predicted + support), 12);
  }
});

test('downloads: the predictions CSV has a row per image, the metrics JSON the page’s accuracy', async ({ page }) => {
  await openDashboard(page);
  const download = async (id: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    return readFileSync((await file.path())!, 'utf8');
  };
  const csv = (await download('export-predictions-csv')).trimEnd().split('\n');
  expect(csv[0]).toBe(['index', 'label', 'prediction', 'confidence', ...Array.from({ length: 10 }, (_, k) => `p_${k}`)].join(','));
  expect(csv).toHaveLength(10_001);
  const wrongInCsv = csv.slice(1).filter((line) => line.split(',')[1] !== line.split(',')[2]).length;
  expect(wrongInCsv).toBe(logreg.test.samples - logreg.test.correct);

  const json = JSON.parse(await download('export-metrics-json')) as { accuracy?: number; metrics?: { accuracy?: number } };
  expect(json.accuracy ?? json.metrics?.accuracy).toBe(await accuracyOf(page));
  const svg = await download('export-confusion-matrix-svg');
  expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
  expect(svg).toContain(`>${logreg.test.confusionMatrix[5]![3]}<`);
});

test('comparing with the CNN shows the disagreement counts computed natively', async ({ page }) => {
  test.setTimeout(120_000);
  await openDashboard(page);
  await page.getByTestId('tab-compare').click();
  const compare = page.getByTestId('compare');
  await expect(compare).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('compare-select')).toHaveValue('mnist-cnn');

  const testSet = loadBuiltinTestSet(MNIST);
  const predict = async (c: ModelCard) => {
    const run = await evaluateNative(join(PROJECT_ROOT, 'models', c.file), testSet.images, { inputName: c.input.name, layout: c.input.layout, scoresOutput: c.outputs.scores }, c.preprocessing);
    return argmaxRows(run.scores, testSet.images.count, run.classes);
  };
  const [a, b] = await Promise.all([predict(logreg), predict(cnn)]);
  let aRightBWrong = 0;
  let aWrongBRight = 0;
  let bothWrong = 0;
  for (let i = 0; i < testSet.images.count; i++) {
    const label = testSet.labels.labels[i];
    const ra = a[i] === label;
    const rb = b[i] === label;
    if (ra && !rb) aRightBWrong++;
    if (!ra && rb) aWrongBRight++;
    if (!ra && !rb) bothWrong++;
  }
  console.log(`  disagreements: A right/B wrong ${aRightBWrong}, A wrong/B right ${aWrongBRight}, both wrong ${bothWrong}`);
  await expect(compare).toHaveAttribute('data-acc-a', String(logreg.test.accuracy));
  await expect(compare).toHaveAttribute('data-acc-b', String(cnn.test.accuracy));
  await expect(page.getByTestId('disagreement-aRightBWrong')).toHaveAttribute('data-count', String(aRightBWrong));
  await expect(page.getByTestId('disagreement-aWrongBRight')).toHaveAttribute('data-count', String(aWrongBRight));
  const same = Number(await page.getByTestId('disagreement-bothWrongSame').getAttribute('data-count'));
  const different = Number(await page.getByTestId('disagreement-bothWrongDifferent').getAttribute('data-count'));
  expect(same + different).toBe(bothWrong);
  expect(Number(await compare.getAttribute('data-mcnemar-p'))).toBeLessThan(1e-100);
  expect(new URL(page.url()).searchParams.get('tab')).toBe('compare');
  await page.getByTestId('disagreement-aRightBWrong').click();
  await expect(page.getByTestId('compare-gallery')).toHaveAttribute('data-count', String(aRightBWrong));
  await page.screenshot({ path: join(ARTIFACTS, 'deep-compare.png'), fullPage: true });
});

test('the deep views work for a dropped model that outputs logits', async ({ page }) => {
  test.setTimeout(120_000);
  await openDashboard(page);
  expect(await dropFiles(page, [join(THIRD_PARTY, 'mnist-8-cntk.onnx'), ...MNIST_FILES])).toBe('done');
  await page.getByTestId('tab-confidence').click();
  await expect(page.getByTestId('softmax-note')).toBeVisible();
  const confidence = page.getByTestId('confidence');
  expect(Number(await confidence.getAttribute('data-top1'))).toBe(await accuracyOf(page));
  expect(Number(await confidence.getAttribute('data-top2'))).toBeGreaterThan(Number(await confidence.getAttribute('data-top1')));
  await page.getByTestId('tab-mistakes').click();
  await expect(page.getByTestId('mistake')).toHaveCount(50);
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('compare')).toHaveAttribute('data-acc-a', String(await accuracyOf(page)), { timeout: 60_000 });
  await expect(page.getByTestId('compare')).toHaveAttribute('data-acc-b', String(cnn.test.accuracy));
  await page.getByTestId('tab-confidence').click();
  // Charts grow into place (unless the user prefers reduced motion): let them finish before the picture.
  await page.waitForTimeout(2000);
  await page.screenshot({ path: join(ARTIFACTS, 'deep-confidence-dropped.png'), fullPage: true });
});

test('the cell gallery is usable from the keyboard alone', async ({ page }) => {
  await openDashboard(page);
  const cell = page.locator('[data-testid="cm-cell"][data-true="5"][data-pred="3"]');
  await cell.focus();
  await page.keyboard.press('Enter');
  const items = page.getByTestId('cell-gallery').getByTestId('sample');
  await items.first().focus();
  await page.keyboard.press('ArrowRight');
  const second = await items.nth(1).getAttribute('data-index');
  await expect(page.locator('[data-testid="cell-gallery"] [data-testid="sample"]:focus')).toHaveAttribute('data-index', second!);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sample-inspector')).toHaveAttribute('data-index', second!);
  await expect(page.getByTestId('sample-inspector')).toHaveAttribute('data-label', '5');
});
