/**
 * Accessibility: axe-core finds no serious or critical violation (WCAG 2.1 A and AA rules) on any view of the
 * page — the default dashboard, the matrix's errors view, a dropped model with its calibration table, the
 * error state, the dark colour scheme and a shared report — and the heatmap and the digits have text
 * alternatives.
 */
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, fileBuffer, MNIST_FILES, openDashboard, THIRD_PARTY } from './helpers';

/** axe's serious and critical violations on the page as it is now, one line per violation and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`));
}

test('every view of the dashboard has no serious or critical axe violation', async ({ page }) => {
  await openDashboard(page);
  const found: Record<string, string[]> = {};
  found['default view'] = await seriousViolations(page);

  await page.getByTestId('matrix-view-errors').click();
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-view', 'errors');
  found['errors view of the matrix'] = await seriousViolations(page);
  // A cell focused from the keyboard shows its tooltip.
  await page.getByTestId('cm-cell').first().focus();
  await expect(page.getByTestId('cm-tooltip')).toBeVisible();
  found['matrix cell tooltip'] = await seriousViolations(page);

  expect(await dropFiles(page, [join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'), ...MNIST_FILES])).toBe('done');
  await expect(page.getByTestId('calibration')).toBeVisible();
  await expect(page.getByTestId('model-info')).toBeVisible();
  found['dropped model: model panel and calibration table'] = await seriousViolations(page);

  expect(await dropFiles(page, [fileBuffer('empty.onnx', new Uint8Array(0))])).toBe('error');
  await expect(page.getByTestId('error')).toBeVisible();
  found['error state'] = await seriousViolations(page);

  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  found['dark colour scheme, reduced motion'] = await seriousViolations(page);
  await page.getByTestId('matrix-view-counts').click();
  found['dark colour scheme, counts view'] = await seriousViolations(page);

  for (const [view, violations] of Object.entries(found)) if (violations.length > 0) console.log(`  ${view}:\n${violations.slice(0, 12).map((v) => `    ${v}`).join('\n')}${violations.length > 12 ? `\n    … and ${violations.length - 12} more` : ''}`);
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
});

test('a shared report has no serious or critical axe violation', async ({ page }) => {
  await openDashboard(page);
  await page.getByTestId('share-results').click();
  const link = await page.getByTestId('shared-link').inputValue();
  await page.goto(link);
  await expect(page.getByTestId('report')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the heatmap is a real table and every digit image has a text alternative', async ({ page }) => {
  await openDashboard(page);
  const table = page.getByTestId('confusion-matrix');
  // Row and column headers that assistive technology reads with each cell, and a caption that says what it is.
  await expect(table.locator('caption')).toContainText('rows are true labels, columns are predicted labels');
  await expect(table.locator('th[scope="col"]')).toHaveCount(10);
  await expect(table.locator('th[scope="row"]')).toHaveCount(10);
  // Each cell says in words what it shows (the number alone is hidden from screen readers).
  const label = await page.getByTestId('cm-cell').first().getAttribute('aria-label');
  expect(label).toMatch(/^True 0, predicted 0: [\d,]+ images? correct/);
  // Each of the 30 digits is an image with a label naming its prediction.
  const digits = page.getByTestId('sample-strip').getByRole('img');
  await expect(digits).toHaveCount(30);
  for (const name of await digits.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) expect(name).toMatch(/\w/);
});
