/**
 * The map of the test set (app/ui/map): with mnist-cnn, 10 000 points placed by UMAP from the model's features;
 * the exported coordinates keep each class together (the 10 nearest neighbours on the map share a point's label);
 * a box selection opens its gallery; a confusion-matrix cell is highlighted on the map.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, openDashboard } from './helpers';
import { PROJECT_ROOT } from '../app/node/testSetFiles';

/** UMAP of 10 000 points in a worker: seconds on an idle machine, minutes on a loaded one. */
const MAP_TIMEOUT = 300_000;

async function mapDone(page: Page): Promise<void> {
  await expect(page.getByTestId('embedding-map')).toHaveAttribute('data-state', 'done', { timeout: MAP_TIMEOUT });
}

/** Rows of the exported CSV: index, x, y, label, pred. */
function parseCsv(text: string): { index: number; x: number; y: number; label: number; pred: number }[] {
  const [header, ...rows] = text.trim().split('\n');
  expect(header).toBe('index,x,y,label,pred');
  return rows.map((row) => {
    const [index, x, y, label, pred] = row.split(',').map(Number) as [number, number, number, number, number];
    return { index, x, y, label, pred };
  });
}

/** For each point, the share of its k nearest neighbours on the map (brute force, a sorted top-k) with its true label. */
function neighbourAgreement(points: readonly { x: number; y: number; label: number }[], k: number): Float64Array {
  const shares = new Float64Array(points.length);
  const best = new Float64Array(k);
  const bestIndex = new Int32Array(k);
  points.forEach((p, i) => {
    best.fill(Infinity);
    points.forEach((q, j) => {
      const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
      if (j === i || d >= best[k - 1]!) return;
      // Insert into the sorted top k.
      let at = k - 1;
      while (at > 0 && best[at - 1]! > d) {
        best[at] = best[at - 1]!;
        bestIndex[at] = bestIndex[at - 1]!;
        at--;
      }
      best[at] = d;
      bestIndex[at] = j;
    });
    let same = 0;
    for (const j of bestIndex) if (points[j]!.label === p.label) same++;
    shares[i] = same / k;
  });
  return shares;
}

/** axe's serious and critical WCAG 2.1 A/AA violations, one line each (as e2e/a11y.spec.ts counts them). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

test.describe.configure({ timeout: 600_000 });

test('mnist-cnn: 10 000 points from features, classes apart, a box opens its gallery, a matrix cell lights up', async ({ page }) => {
  const problems = await openDashboard(page, './?model=mnist-cnn&tab=map');
  const map = page.getByTestId('embedding-map');
  await mapDone(page);
  await expect(map).toHaveAttribute('data-points', '10000');
  await expect(map).toHaveAttribute('data-source', 'features');
  await expect(page.getByTestId('map-source')).toContainText('/classifier/classifier.2/Relu_output_0');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('map-export-csv').click()]);
  const points = parseCsv(readFileSync((await download.path())!, 'utf8'));
  expect(points).toHaveLength(10_000);
  expect(new Set(points.map((p) => p.index)).size).toBe(10_000);
  const shares = neighbourAgreement(points, 10);
  const allTen = shares.filter((s) => s === 1).length / shares.length;
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  console.log(`10-NN on the map: all ten share the label for ${(allTen * 100).toFixed(1)} % of points; mean share ${(mean * 100).toFixed(1)} %`);
  expect(allTen).toBeGreaterThanOrEqual(0.9);

  // The picture: a PNG of the canvas at the device's pixel ratio.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('map-export-png').click()]);
  expect(png.suggestedFilename()).toMatch(/_map\.png$/);
  const pngBytes = readFileSync((await png.path())!);
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const canvasWidth = await page.getByTestId('map-canvas').evaluate((c: HTMLCanvasElement) => c.width);
  expect(pngBytes.readUInt32BE(16)).toBe(canvasWidth);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator('.analysis-card').screenshot({ path: join(ARTIFACTS, 'map.png') });
  copyFileSync(join(ARTIFACTS, 'map.png'), join(PROJECT_ROOT, 'docs', 'map.png'));

  // Shift-drag a box over the middle of the map: its images open in a gallery.
  const canvas = page.getByTestId('map-canvas');
  const box = (await canvas.boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.35);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.65, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const gallery = page.getByTestId('map-gallery');
  await expect(gallery).toBeVisible();
  const selected = Number(await gallery.getAttribute('data-count'));
  expect(selected).toBeGreaterThan(0);
  expect(selected).toBeLessThan(10_000);
  await expect(gallery.locator('canvas').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // Right/wrong colouring with the selection highlighted, and a hovered point's digit: for the eye.
  await page.getByTestId('map-colour-correct').click();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.locator('.analysis-card').screenshot({ path: join(ARTIFACTS, 'map-selection.png') });
  await page.getByTestId('map-colour-label').click();
  await page.getByTestId('map-gallery-close').click();
  await expect(gallery).toHaveCount(0);

  // From the keyboard: zoom in with the canvas focused, then select what is in view.
  await canvas.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await page.getByTestId('map-select-visible').press('Enter');
  const inView = Number(await gallery.getAttribute('data-count'));
  expect(inView).toBeGreaterThan(0);
  expect(inView).toBeLessThan(10_000);
  await page.keyboard.press('Escape');
  await expect(gallery).toHaveCount(0);

  // A confusion-matrix cell: its images are highlighted on the map, as many as the cell counts.
  const cell = page.locator('[data-testid="cm-cell"][data-true="4"][data-pred="9"]');
  const inCell = Number(await cell.getAttribute('data-count'));
  await cell.click();
  await expect(page.getByTestId('map-cell-note')).toContainText(`the ${inCell} images of the confusion-matrix cell true 4 → predicted 9`);

  // The reverse: an image picked from the map (here from a selection's gallery) opens the inspector and its cell is
  // marked in the matrix.
  await page.getByTestId('map-select-visible').press('Enter');
  const picked = gallery.getByTestId('sample').first();
  const [label, pred] = [await picked.getAttribute('data-label'), await picked.getAttribute('data-pred')];
  await picked.click();
  await expect(page.getByTestId('sample-inspector')).toBeVisible();
  const marked = page.locator('[data-testid="cm-cell"][data-marked="true"]');
  await expect(marked).toHaveCount(1);
  await expect(marked).toHaveAttribute('data-true', label!);
  await expect(marked).toHaveAttribute('data-pred', pred!);
  expect(problems).toEqual([]);
});

test('mnist-logreg: no hidden layer, so the map is made from the class probabilities and says why', async ({ page }) => {
  const problems = await openDashboard(page, './?model=mnist-logreg&tab=map');
  const map = page.getByTestId('embedding-map');
  await mapDone(page);
  await expect(map).toHaveAttribute('data-source', 'probabilities');
  await expect(map).toHaveAttribute('data-points', '10000');
  await expect(page.getByTestId('map-source')).toContainText("from the class probabilities: no layer before the last was found. The final Gemm reads the model's input 'pixels' directly");
  await page.getByTestId('map-colour-correct').click();
  await expect(page.getByTestId('map-legend')).toContainText('wrong');
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
