/** Shared steps of the end-to-end specs: opening the dashboard, dropping files, reading results. */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { MNIST } from '../app/core/datasets';
import { planFeed, type Feed } from '../app/core/onnx/feed';
import { inspectOnnx } from '../app/core/onnx/inspect';
import { PROJECT_ROOT } from '../app/node/testSetFiles';

export const ARTIFACTS = join(PROJECT_ROOT, 'e2e', '.artifacts');
export const FIXTURES = join(PROJECT_ROOT, 'e2e', '.fixtures');
export const THIRD_PARTY = join(PROJECT_ROOT, '..', 'shared', 'models-third-party');
export const MNIST_FILES = [join(PROJECT_ROOT, 'public', 'data', 'mnist', MNIST.test.images.name), join(PROJECT_ROOT, 'public', 'data', 'mnist', MNIST.test.labels.name)];

/** Opens the dashboard (at `where`, relative to the test site, or an absolute URL) and waits for results. */
export async function openDashboard(page: Page, where = './'): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(where);
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await viewsDrawn(page);
  return problems;
}

/**
 * The status says `done` with the headline and matrix drawn; the other views follow in a deferred render
 * (App.tsx). This waits for them too.
 */
export const viewsDrawn = (page: Page): Promise<void> => expect(page.locator('main.dashboard')).toHaveAttribute('data-views', 'current', { timeout: 30_000 });

/** The status element's run counter: it goes up with every evaluation the page starts. */
export const runCount = async (page: Page): Promise<number> => Number(await page.getByTestId('eval-status').getAttribute('data-run'));

/**
 * Waits until the page has settled after an action taken when the run counter was `before`: a new run
 * finished (done or error), or no run started and an error is shown (a drop refused outright).
 */
export async function settle(page: Page, before: number): Promise<'done' | 'error'> {
  await expect
    .poll(
      async () => {
        // Both attributes in one read: a new run may start between two separate reads.
        const { state, run } = await page.getByTestId('eval-status').evaluate((el: HTMLElement) => ({ state: el.dataset['state'], run: Number(el.dataset['run']) }));
        return (run > before && (state === 'done' || state === 'error')) || (run === before && state === 'error');
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  const state = (await page.getByTestId('eval-status').getAttribute('data-state')) as 'done' | 'error';
  if (state === 'done') await viewsDrawn(page);
  return state;
}

/** Drops files through the page's file input (as "Open files…" does) and waits for the page to settle. */
export async function dropFiles(page: Page, files: (string | { name: string; mimeType: string; buffer: Buffer })[]): Promise<'done' | 'error'> {
  const before = await runCount(page);
  // Playwright takes either paths or buffers in one call: read paths into buffers.
  await page.getByTestId('file-input').setInputFiles(files.map((f) => (typeof f === 'string' ? fileBuffer(basename(f), readBytes(f)) : f)));
  return settle(page, before);
}

export const accuracyOf = async (page: Page): Promise<number> => Number(await page.getByTestId('accuracy').getAttribute('data-value'));

export const fileBuffer = (name: string, bytes: Uint8Array | string) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes),
});

export const readBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** How the page feeds a model file (the same inspection and plan), for native reference runs. */
export function plannedFeed(modelPath: string): Feed {
  const inspected = inspectOnnx(readBytes(modelPath));
  if (!inspected.ok) throw new Error(inspected.reason);
  const feed = planFeed(inspected.value);
  if (!feed.ok) throw new Error(feed.reason);
  return feed.value;
}
