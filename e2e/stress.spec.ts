/**
 * The Stress test tab with mnist-cnn on the first 1 000 MNIST test images: the clean point is the model's
 * accuracy on those images by onnxruntime-node, inversion breaks it, every point equals the CLI's
 * (`npm run eval -- --stress`), a point opens the images it flipped, and a run can be cancelled.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MNIST } from '../app/core/datasets';
import { defaultChoice } from '../app/core/preprocessChoice';
import { loadData, loadModel, NativeSession } from '../app/node/headlessEval';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { ARTIFACTS, openDashboard } from './helpers';

test.describe.configure({ timeout: 20 * 60_000 });

interface Point {
  readonly model: string;
  readonly corruption: string;
  readonly severity: number;
  readonly accuracy: number;
  readonly correct: number;
  readonly images: number;
}

const readPoints = (page: Page): Promise<Point[]> =>
  page.getByTestId('stress-point').evaluateAll((els) =>
    els.map((el) => {
      const d = (el as HTMLElement).dataset;
      return { model: d['model']!, corruption: d['corruption']!, severity: Number(d['severity']), accuracy: Number(d['accuracy']), correct: Number(d['correct']), images: Number(d['images']) };
    }),
  );

/**
 * The Stress test card as it stands: the charts drawn without motion, then the full page clipped to the card (an
 * element screenshot taller than the window briefly re-lays the page out, and the chart redraws mid-capture).
 */
async function shoot(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(page.locator('[data-testid="stress"] .chart-frame')).toHaveAttribute('data-drawn', 'true');
  await page.waitForTimeout(500);
  const box = (await page.getByTestId('stress').boundingBox())!;
  const scroll = await page.evaluate(() => window.scrollY);
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true, clip: { x: box.x, y: box.y + scroll, width: box.width, height: box.height } });
}

/** A built-in model's accuracy on the first `count` clean test images, by onnxruntime-node, fed as its card says. */
async function nativeAccuracy(count: number, name = 'mnist-cnn'): Promise<number> {
  const model = loadModel(join(PROJECT_ROOT, 'models', `${name}.onnx`));
  const folder = join(PROJECT_ROOT, 'public', 'data', 'mnist');
  const data = await loadData(join(folder, MNIST.test.images.name), join(folder, MNIST.test.labels.name));
  const choice = defaultChoice(model.card);
  if (choice.kind !== 'fixed') throw new Error(`${name} has a fixed preprocessing on its card`);
  const session = await NativeSession.create(model);
  try {
    const images = { ...data.images, count, pixels: data.images.pixels.subarray(0, count * 784) };
    const { scores, classes } = await session.run(images, choice.pre);
    let correct = 0;
    for (let i = 0; i < count; i++) {
      let best = 0;
      for (let k = 1; k < classes; k++) if (scores[i * classes + k]! > scores[i * classes + best]!) best = k;
      if (best === data.labels.labels[i]) correct++;
    }
    return correct / count;
  } finally {
    await session.release();
  }
}

test('mnist-cnn under 15 corruptions: clean point = onnxruntime-node, inversion < 50 %, every point = the CLI', async ({ page }) => {
  const problems = await openDashboard(page, './?model=mnist-cnn&tab=stress');
  const stress = page.getByTestId('stress');
  await expect(stress).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('stress-run').click();
  await expect(stress).toHaveAttribute('data-state', 'running');
  // The dashboard stays usable while it runs: another tab opens and comes back.
  await page.getByTestId('tab-per-class').click();
  await expect(page.getByTestId('per-class-table')).toBeVisible();
  await page.getByTestId('tab-stress').click();
  await expect(stress).toHaveAttribute('data-state', 'done', { timeout: 15 * 60_000 });

  const points = await readPoints(page);
  expect(points).toHaveLength(15 * 6);
  expect(points.every((p) => p.model === 'A' && p.images === 1000)).toBe(true);

  // The clean point is the model's accuracy on the same 1 000 images.
  const clean = points.filter((p) => p.severity === 0);
  expect(new Set(clean.map((p) => p.accuracy)).size).toBe(1);
  expect(clean[0]!.accuracy).toBe(await nativeAccuracy(1000));
  expect(Number(await page.getByTestId('stress-clean-A').getAttribute('data-value'))).toBe(clean[0]!.accuracy);

  // Inversion breaks a model trained on white-on-black digits.
  const inverted = points.find((p) => p.corruption === 'inversion' && p.severity === 5)!;
  expect(inverted.accuracy).toBeLessThan(0.5);

  // The CLI computes the same corruptions natively: the same count correct at every point.
  const out = join(mkdtempSync(join(tmpdir(), 'stress-')), 'stress.json');
  const cli = spawnSync('npx', ['tsx', 'app/node/cli.ts', '--model', 'models/mnist-cnn.onnx', '--dataset', 'mnist', '--stress', out, '--quiet'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const json = JSON.parse(readFileSync(out, 'utf8')) as { points: Omit<Point, 'model'>[]; images: number };
  expect(json.images).toBe(1000);
  const key = (p: Omit<Point, 'model'>) => `${p.corruption}@${p.severity}: ${p.correct}/${p.images}`;
  expect(points.map(key)).toEqual(json.points.map(key));

  mkdirSync(ARTIFACTS, { recursive: true });
  await shoot(page, 'stress.png');

  // A point opens the images the corruption flipped from right to wrong: at least the drop in correct images.
  const rotation = points.find((p) => p.corruption === 'rotation' && p.severity === 4)!;
  await page.locator('[data-testid="stress-point"][data-corruption="rotation"][data-severity="4"]').click();
  const gallery = page.getByTestId('stress-gallery');
  await expect(gallery).toHaveAttribute('data-corruption', 'rotation');
  const flipped = Number(await gallery.getAttribute('data-count'));
  expect(flipped).toBeGreaterThanOrEqual(clean[0]!.correct - rotation.correct);
  expect(flipped).toBeLessThanOrEqual(clean[0]!.correct);
  await expect(gallery.getByTestId('sample').first()).toBeVisible();
  const wrong = await gallery.getByTestId('sample').evaluateAll((els) => els.every((el) => (el as HTMLElement).dataset['label'] !== (el as HTMLElement).dataset['pred']));
  expect(wrong).toBe(true);
  await page.screenshot({ path: join(ARTIFACTS, 'stress-gallery.png'), fullPage: true });

  const results = await new AxeBuilder({ page }).include('[data-testid="stress"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  expect(serious).toEqual([]);
  expect(problems).toEqual([]);
});

test('a stress run can be cancelled; the page stays usable', async ({ page }) => {
  await openDashboard(page, './?tab=stress');
  const stress = page.getByTestId('stress');
  await page.getByTestId('stress-images').selectOption('10000');
  await page.getByTestId('stress-run').click();
  await expect(stress).toHaveAttribute('data-state', 'running');
  await page.getByTestId('stress-cancel').click();
  await expect(stress).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('stress-run')).toBeEnabled();
  // The dashboard's own evaluation still runs in the same inference worker.
  await page.getByTestId('tab-per-class').click();
  await expect(page.getByTestId('per-class-table')).toBeVisible();
});

test('compare mode runs both models on the same corrupted images', async ({ page }) => {
  // The comparison runs when its tab is open: logistic regression (A) against the CNN (B, the default).
  await openDashboard(page, './?tab=compare');
  await expect(page.getByTestId('compare')).toHaveAttribute('data-acc-b', /0\.99/, { timeout: 120_000 });
  await page.getByTestId('tab-stress').click();
  await page.getByRole('button', { name: 'none' }).click();
  await page.getByTestId('stress-corruption-translation').check();
  await page.getByTestId('stress-corruption-inversion').check();
  await page.getByTestId('stress-run').click();
  const stress = page.getByTestId('stress');
  await expect(stress).toHaveAttribute('data-state', 'done', { timeout: 10 * 60_000 });
  const points = await readPoints(page);
  expect(points).toHaveLength(2 * 2 * 6);
  const clean = (model: string) => points.find((p) => p.model === model && p.severity === 0)!.accuracy;
  expect(clean('A')).toBe(await nativeAccuracy(1000, 'mnist-logreg'));
  expect(clean('B')).toBe(await nativeAccuracy(1000, 'mnist-cnn'));
  // The CNN holds up better on shifts than the logistic regression.
  const mean = (model: string, corruption: string) => {
    const xs = points.filter((p) => p.model === model && p.corruption === corruption && p.severity > 0).map((p) => p.accuracy);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  expect(mean('B', 'translation')).toBeGreaterThan(mean('A', 'translation') + 0.2);
  await expect(page.getByTestId('stress-mean-B')).toBeVisible();
  await shoot(page, 'stress-compare.png');
});
