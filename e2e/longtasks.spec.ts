/**
 * The page stays responsive while it evaluates: main-thread long tasks (PerformanceObserver 'longtask', over
 * 50 ms) during an evaluation of dropped files are recorded and the longest is reported. The target is none
 * over 50 ms; the assertion only guards against a gross regression (a freeze of almost half a second), because
 * task lengths on a loaded 2-core machine vary: the figure to watch is the printed one.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MNIST_FILES, openDashboard, runCount, settle, THIRD_PARTY } from './helpers';

test('no long main-thread task while a dropped model is evaluated', async ({ page }) => {
  await openDashboard(page);
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  // Paths, not buffers: Playwright builds buffer-backed files on the page's main thread, a long task of its own.
  const before = await runCount(page);
  await page.getByTestId('file-input').setInputFiles([join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'), ...MNIST_FILES]);
  expect(await settle(page, before)).toBe('done');
  await page.waitForTimeout(500); // let the observer deliver the last entries
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const longest = Math.max(0, ...tasks);
  console.log(`  long tasks during the evaluation: ${tasks.length}, longest ${Math.round(longest)} ms (${tasks.map(Math.round).join(', ') || 'none'})`);
  expect(longest).toBeLessThan(400);
});
