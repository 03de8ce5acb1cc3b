/** Every built-in model, evaluated in the page on its own dataset, shows exactly its card's figures. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ModelCard } from '../app/core/modelCard';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { accuracyOf, ARTIFACTS, openDashboard, runCount, settle } from './helpers';

const cards = readdirSync(join(PROJECT_ROOT, 'models'))
  .filter((f) => f.endsWith('.card.json'))
  .map((f) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', f), 'utf8')) as ModelCard);

for (const card of cards) {
  test(`${card.id} on ${card.dataset} matches its card`, async ({ page }) => {
    await openDashboard(page, `./?model=${card.id}&dataset=${card.dataset}`);
    expect(await accuracyOf(page)).toBe(card.test.correct / card.test.samples);
    const counts = await page.getByTestId('cm-cell').evaluateAll((els) => els.map((el) => [Number(el.dataset['true']), Number(el.dataset['pred']), Number(el.dataset['count'])]));
    const matrix = card.test.confusionMatrix.map((row) => row.map(() => -1));
    for (const [t, p, c] of counts) matrix[t!]![p!] = c!;
    expect(matrix).toEqual(card.test.confusionMatrix);
    await expect(page.getByTestId('model-info')).toContainText(card.file);
    if (card.dataset === 'fashion-mnist') await page.screenshot({ path: join(ARTIFACTS, `builtin-${card.id}.png`), fullPage: true });
  });
}

test('choosing another test set swaps a built-in model for one made for it, and the URL follows', async ({ page }) => {
  await openDashboard(page);
  const before = await runCount(page);
  await page.getByTestId('dataset-select').selectOption('fashion-mnist');
  expect(await settle(page, before)).toBe('done');
  await expect(page.getByTestId('model-select')).toHaveValue('fashion-logreg');
  expect(new URL(page.url()).searchParams.get('dataset')).toBe('fashion-mnist');
  expect(new URL(page.url()).searchParams.get('model')).toBe('fashion-logreg');
  // Models for the other dataset are still offered, marked as such; picking one warns.
  const next = await runCount(page);
  await page.getByTestId('model-select').selectOption('mnist-cnn');
  expect(await settle(page, next)).toBe('done');
  await expect(page.getByTestId('notices')).toContainText('was trained on MNIST, not on this test set');
});

test('a long run fills in its headline and matrix while it goes, and ends on the full figures', async ({ page }) => {
  const card = cards.find((c) => c.id === 'mnist-cnn')!;
  await page.goto(`./?model=${card.id}&dataset=${card.dataset}`);
  // The CNN takes over a second on 10 000 images: the matrix so far appears before the run is done.
  const live = page.getByTestId('live-results');
  await expect(live).toBeVisible({ timeout: 60_000 });
  const cells = () => page.getByTestId('cm-cell').evaluateAll((els) => els.reduce((n, el) => n + Number(el.dataset['count']), 0));
  const counted = await cells();
  expect(counted).toBeGreaterThan(0);
  expect(counted).toBeLessThan(card.test.samples);
  await expect(live).toContainText('still running');
  const partial = await accuracyOf(page);
  expect(partial).toBeGreaterThan(0.9); // the images so far, not a placeholder
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(live).toHaveCount(0);
  expect(await cells()).toBe(card.test.samples);
  expect(await accuracyOf(page)).toBe(card.test.correct / card.test.samples);
});
