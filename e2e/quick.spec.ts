import { test, expect } from '@playwright/test';
test('look', async ({ page }) => {
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto('./');
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', /done|error/, { timeout: 60000 });
  console.log(await page.getByTestId('eval-status').textContent());
  await page.screenshot({ path: 'e2e/.artifacts/quick.png', fullPage: true });
});
